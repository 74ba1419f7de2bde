package io.millwright.jobs.erp.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.jobs.erp.Incoming;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class OrderRowMapperPropertiesTest {

  private static final List<String> COLUMNS =
      List.of(
          "order_number",
          "product",
          "quantity",
          "setpoints",
          "ideal_cycle_ms",
          "planned_start",
          "planned_end",
          "priority");

  /**
   * Whatever a row holds, the mapper answers an order or an unreadable entry whose reason starts
   * with the column at fault: never an exception, never the catch-all reason.
   */
  @Property(tries = 2000)
  void anyRowIsAnOrderOrNamesItsBadColumn(
      @ForAll("ids") long id,
      @ForAll("cells") String orderNumber,
      @ForAll("cells") String operation,
      @ForAll("cells") String product,
      @ForAll("numbers") String quantity,
      @ForAll("cells") String machine,
      @ForAll("json") String setpoints,
      @ForAll("numbers") String idealCycle,
      @ForAll("times") String start,
      @ForAll("times") String end,
      @ForAll("numbers") String priority) {
    StagedRow row =
        new StagedRow(
            id,
            orderNumber,
            operation,
            product,
            quantity,
            machine,
            setpoints,
            idealCycle,
            start,
            end,
            priority);

    Incoming in = OrderRowMapper.map(row);

    if (in instanceof Incoming.Unreadable u) {
      assertThat(COLUMNS).anySatisfy(c -> assertThat(u.reason()).startsWith(c + " "));
      assertThat(u.reference()).isNotBlank();
      assertThat(u.raw().length()).isLessThanOrEqualTo(OrderRowMapper.RAW_LIMIT);
    } else {
      assertThat(((Incoming.Order) in).order().quantity()).isPositive();
    }
  }

  @Provide
  Arbitrary<Long> ids() {
    return Arbitraries.longs().between(1, Long.MAX_VALUE);
  }

  @Provide
  Arbitrary<String> cells() {
    return Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(20),
            Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12))
        .injectNull(0.1);
  }

  @Provide
  Arbitrary<String> numbers() {
    return Arbitraries.oneOf(
            Arbitraries.longs().map(Object::toString),
            Arbitraries.strings().withChars("0123456789-+. e").ofMaxLength(25),
            Arbitraries.strings().ofMaxLength(8))
        .injectNull(0.1);
  }

  @Provide
  Arbitrary<String> json() {
    return Arbitraries.oneOf(
            Arbitraries.strings().withChars("{}[]\":,0123456789abc tnulfrse\\").ofMaxLength(40),
            Arbitraries.strings().alpha().ofMaxLength(6).map(s -> "{\"" + s + "\": 1}"),
            Arbitraries.strings().ofMaxLength(20))
        .injectNull(0.2);
  }

  @Provide
  Arbitrary<String> times() {
    return Arbitraries.oneOf(
            Arbitraries.strings().withChars("0123456789-: .T+Z").ofMaxLength(30),
            Arbitraries.integers()
                .between(1, 9999)
                .map(y -> String.format("%04d-06-15 12:30:00.5", y)),
            Arbitraries.strings().ofMaxLength(10))
        .injectNull(0.3);
  }
}
