package io.millwright.jobs.erp.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.jobs.erp.ErpOrder;
import io.millwright.jobs.erp.Incoming;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OrderRowMapperTest {

  private static StagedRow row(
      String orderNumber,
      String product,
      String quantity,
      String setpoints,
      String start,
      String end) {
    return new StagedRow(
        7, orderNumber, "0010", product, quantity, " M1 ", setpoints, "2500", start, end, "3");
  }

  private static StagedRow good() {
    return row(
        " 4711000123 ",
        "P-100",
        "250",
        "{\"Line1/Oven/SetTemp\": 180.50, \"Recipe\": \"A7\", \"Fast\": true, \"Count\": 3}",
        "2026-03-29 02:30:00",
        "2026-03-29 04:00:00.250");
  }

  @Test
  void aCompleteRowIsAnOrderWithEveryColumn() {
    Incoming in = OrderRowMapper.map(good());

    assertThat(in).isInstanceOf(Incoming.Order.class);
    ErpOrder o = ((Incoming.Order) in).order();
    assertThat(o.orderNumber()).isEqualTo("4711000123");
    assertThat(o.operation()).isEqualTo("0010");
    assertThat(o.product()).isEqualTo("P-100");
    assertThat(o.quantity()).isEqualTo(250);
    assertThat(o.machine()).contains("M1");
    // The JSON's text and order are kept: the tag types the value when it is written.
    assertThat(o.setpoints())
        .containsExactly(
            java.util.Map.entry("Line1/Oven/SetTemp", "180.50"),
            java.util.Map.entry("Recipe", "A7"),
            java.util.Map.entry("Fast", "true"),
            java.util.Map.entry("Count", "3"));
    assertThat(o.idealCycle()).contains(Duration.ofMillis(2500));
    // No offset in the column: the text is a UTC time (02:30 does not exist in Berlin that day).
    assertThat(o.plannedStart()).contains(Instant.parse("2026-03-29T02:30:00Z"));
    assertThat(o.plannedEnd()).contains(Instant.parse("2026-03-29T04:00:00.250Z"));
    assertThat(o.priority()).isEqualTo(3);
  }

  @Test
  void optionalColumnsMayBeNull() {
    StagedRow row = new StagedRow(1, "A1", null, "P", "5", null, null, null, null, null, null);

    ErpOrder o = ((Incoming.Order) OrderRowMapper.map(row)).order();

    assertThat(o.operation()).isEmpty();
    assertThat(o.machine()).isEmpty();
    assertThat(o.setpoints()).isEmpty();
    assertThat(o.idealCycle()).isEmpty();
    assertThat(o.plannedStart()).isEmpty();
    assertThat(o.plannedEnd()).isEmpty();
    assertThat(o.priority()).isZero();
  }

  @Test
  void timestampsWithAnOffsetAreReadWithIt() {
    StagedRow row =
        new StagedRow(
            1, "A1", "", "P", "5", null, null, null, "2026-01-01 10:00:00+02", null, null);

    ErpOrder o = ((Incoming.Order) OrderRowMapper.map(row)).order();

    assertThat(o.plannedStart()).contains(Instant.parse("2026-01-01T08:00:00Z"));
  }

  @Test
  void aMissingOrderNumberIsReferencedByRowId() {
    Incoming.Unreadable u = unreadable(row("  ", "P", "1", null, null, null));

    assertThat(u.reference()).isEqualTo("row 7");
    assertThat(u.reason()).isEqualTo("order_number is missing");
    assertThat(u.raw()).startsWith("id=7, order_number='  ', operation='0010'");
  }

  @Test
  void eachBadColumnIsNamedAndTheOrderNumberIsTheReference() {
    assertThat(unreadable(row("A1", null, "1", null, null, null)).reason())
        .isEqualTo("product is missing");
    assertThat(unreadable(row("A1", "P", "0", null, null, null)).reason())
        .isEqualTo("quantity is not positive: 0");
    assertThat(unreadable(row("A1", "P", "-4", null, null, null)).reason())
        .isEqualTo("quantity is not positive: -4");
    assertThat(unreadable(row("A1", "P", "12.5", null, null, null)).reason())
        .isEqualTo("quantity is not a whole number: '12.5'");
    assertThat(unreadable(row("A1", "P", "1", "[1, 2]", null, null)).reason())
        .isEqualTo("setpoints is not a JSON object");
    assertThat(unreadable(row("A1", "P", "1", "{\"a\": {\"b\": 1}}", null, null)).reason())
        .isEqualTo("setpoints has a value for tag 'a' that is not a string, number or boolean");
    assertThat(unreadable(row("A1", "P", "1", "{\"a\": null}", null, null)).reason())
        .isEqualTo("setpoints has no value for tag 'a'");
    assertThat(unreadable(row("A1", "P", "1", "{\"a\": 1, \"a\": 2}", null, null)).reason())
        .isEqualTo("setpoints names tag 'a' twice");
    assertThat(unreadable(row("A1", "P", "1", "{\"a\": 1", null, null)).reason())
        .startsWith("setpoints is not valid JSON");
    assertThat(unreadable(row("A1", "P", "1", "{\"a\": 1} x", null, null)).reason())
        .startsWith("setpoints ");
    assertThat(unreadable(row("A1", "P", "1", null, "tomorrow", null)).reason())
        .isEqualTo("planned_start is not a timestamp: 'tomorrow'");
    assertThat(
            unreadable(row("A1", "P", "1", null, "2026-01-02 00:00:00", "2026-01-01 00:00:00"))
                .reason())
        .isEqualTo("planned_end is before planned_start");
    Incoming.Unreadable u = unreadable(row("A1", "P", "x", null, null, null));
    assertThat(u.reference()).isEqualTo("A1");
  }

  @Test
  void idealCycleAndPriorityAreChecked() {
    StagedRow cycle = new StagedRow(1, "A1", "", "P", "5", null, null, "0", null, null, null);
    StagedRow priority =
        new StagedRow(1, "A1", "", "P", "5", null, null, null, null, null, "99999999999");

    assertThat(unreadable(cycle).reason()).isEqualTo("ideal_cycle_ms is not positive: 0");
    assertThat(unreadable(priority).reason()).isEqualTo("priority is out of range: 99999999999");
  }

  @Test
  void theRawTextIsCut() {
    String huge = "x".repeat(10_000);
    Incoming.Unreadable u = unreadable(row("A1", "P", "1", huge, null, null));

    assertThat(u.raw()).hasSize(OrderRowMapper.RAW_LIMIT);
  }

  private static Incoming.Unreadable unreadable(StagedRow row) {
    Incoming in = OrderRowMapper.map(row);
    assertThat(in).isInstanceOf(Incoming.Unreadable.class);
    return (Incoming.Unreadable) in;
  }
}
