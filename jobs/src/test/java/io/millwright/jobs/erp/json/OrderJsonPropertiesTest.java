package io.millwright.jobs.erp.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millwright.jobs.erp.ErpOrder;
import io.millwright.jobs.erp.Incoming;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Whatever an ERP sends, reading it answers orders, unreadable entries or the one documented
 * exception, quickly; and what is written reads back the same.
 */
class OrderJsonPropertiesTest {

  // A bound on a wait, not a performance claim: a pathological input must not hang the sync.
  private static final Duration BOUND = Duration.ofSeconds(1);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> KEYS =
      List.of(
          "orderNumber",
          "operation",
          "product",
          "quantity",
          "machine",
          "setpoints",
          "idealCycleSeconds",
          "plannedStart",
          "plannedEnd",
          "priority",
          "orders",
          "cursor",
          "x");

  @Property(tries = 500)
  void anyStringReadsOrThrowsTheDocumentedException(@ForAll String body) {
    assertTimeoutPreemptively(BOUND, () -> readOrFailCleanly(body));
  }

  @Property(tries = 500)
  void anyJsonTreeReadsOrThrowsTheDocumentedException(@ForAll("trees") JsonNode tree) {
    assertTimeoutPreemptively(BOUND, () -> readOrFailCleanly(tree.toString()));
  }

  @Property(tries = 300)
  void anyCutOfAJsonTreeReadsOrThrowsTheDocumentedException(
      @ForAll("trees") JsonNode tree, @ForAll @IntRange(max = 2_000) int cut) {
    String text = tree.toString();
    String head = text.substring(0, Math.min(cut, text.length()));
    assertTimeoutPreemptively(BOUND, () -> readOrFailCleanly(head));
  }

  @Property(tries = 300)
  void everyEntryOfAnArrayComesBackAsOrderOrUnreadable(@ForAll("entries") List<JsonNode> entries)
      throws Exception {
    ArrayNode array = NODES.arrayNode();
    entries.forEach(array::add);

    List<Incoming> read = OrderJson.readOrders(array.toString(), FieldNames.DEFAULT);

    assertThat(read).hasSameSizeAs(entries);
    for (Incoming i : read) {
      if (i instanceof Incoming.Unreadable u) {
        assertThat(u.reason()).isNotBlank();
        assertThat(u.raw().length()).isLessThanOrEqualTo(OrderJson.MAX_RAW_CHARS);
      }
    }
  }

  @Property(tries = 300)
  void anOrderWrittenReadsBackEqual(
      @ForAll("orders") ErpOrder order, @ForAll("fieldNames") FieldNames names) throws Exception {
    List<Incoming> read = OrderJson.readOrders(OrderJson.writeOrder(order, names), names);

    assertThat(read).containsExactly(new Incoming.Order(order));
  }

  private static void readOrFailCleanly(String body) {
    try {
      OrderJson.readBatch(body, FieldNames.DEFAULT, "previous");
    } catch (UnreadableBodyException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<JsonNode> trees() {
    return Arbitraries.recursive(this::leaves, this::containers, 0, 4);
  }

  @Provide
  Arbitrary<List<JsonNode>> entries() {
    return trees().list().ofMaxSize(8);
  }

  private Arbitrary<JsonNode> leaves() {
    return Arbitraries.oneOf(
        Arbitraries.just(NODES.nullNode()),
        Arbitraries.of(true, false).map(NODES::booleanNode),
        Arbitraries.longs().map(NODES::numberNode),
        Arbitraries.bigDecimals().map(NODES::numberNode),
        Arbitraries.doubles().map(NODES::numberNode),
        Arbitraries.strings().ofMaxLength(80).map(NODES::textNode),
        Arbitraries.of("2025-03-03T05:00:00Z", "4711000001", "0010", "", "-1", "1e3")
            .map(NODES::textNode));
  }

  private Arbitrary<JsonNode> containers(Arbitrary<JsonNode> inner) {
    Arbitrary<JsonNode> array =
        inner
            .list()
            .ofMaxSize(4)
            .map(
                l -> {
                  ArrayNode a = NODES.arrayNode();
                  l.forEach(a::add);
                  return a;
                });
    Arbitrary<JsonNode> object =
        Combinators.combine(
                Arbitraries.oneOf(Arbitraries.of(KEYS), Arbitraries.strings().ofMaxLength(10)),
                inner)
            .as(Map::entry)
            .list()
            .ofMaxSize(6)
            .map(
                l -> {
                  ObjectNode o = NODES.objectNode();
                  l.forEach(e -> o.set(e.getKey(), e.getValue()));
                  return o;
                });
    return Arbitraries.oneOf(array, object);
  }

  @Provide
  Arbitrary<ErpOrder> orders() {
    Arbitrary<String> ids =
        Arbitraries.strings()
            .withCharRange('!', '~')
            .withChars('ä', 'ß', '€', ' ')
            .ofMinLength(1)
            .ofMaxLength(64)
            .filter(s -> !s.isBlank());
    Arbitrary<Map<String, String>> setpoints =
        Arbitraries.maps(
                ids,
                Arbitraries.strings().withCharRange(' ', '~').withChars('µ', '°').ofMaxLength(40))
            .ofMaxSize(5)
            .map(LinkedHashMap::new);
    Arbitrary<Optional<Duration>> cycles =
        Arbitraries.longs()
            .between(1, 1_000_000_000_000_000L / 1_000)
            .map(Duration::ofNanos)
            .optional();
    Arbitrary<Optional<Instant>> starts =
        Arbitraries.longs().between(0, 4_000_000_000L).map(Instant::ofEpochSecond).optional();
    Arbitrary<ErpOrder> what =
        Combinators.combine(
                ids,
                Arbitraries.of("", "0010", "0020"),
                ids,
                Arbitraries.longs().between(1, Long.MAX_VALUE),
                ids.optional(),
                setpoints)
            .as(
                (number, op, product, qty, machine, sp) ->
                    new ErpOrder(
                        number,
                        op,
                        product,
                        qty,
                        machine,
                        sp,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        0));
    return Combinators.combine(
            what, cycles, starts, Arbitraries.longs().between(0, 1_000_000), Arbitraries.integers())
        .as(
            (o, cycle, start, length, priority) ->
                new ErpOrder(
                    o.orderNumber(),
                    o.operation(),
                    o.product(),
                    o.quantity(),
                    o.machine(),
                    o.setpoints(),
                    cycle,
                    start,
                    start.map(s -> s.plusSeconds(length)),
                    priority));
  }

  @Provide
  Arbitrary<FieldNames> fieldNames() {
    return Arbitraries.of(
        FieldNames.DEFAULT,
        FieldNames.of(Map.of("orderNumber", "AUFNR")),
        new FieldNames("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"));
  }
}
