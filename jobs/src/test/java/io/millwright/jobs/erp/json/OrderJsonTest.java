package io.millwright.jobs.erp.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millwright.jobs.erp.Confirmation;
import io.millwright.jobs.erp.ErpOrder;
import io.millwright.jobs.erp.Incoming;
import io.millwright.jobs.erp.OrderBatch;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrderJsonTest {

  private static final String FULL =
      """
      {"orderNumber":"4711000001","operation":"0010","product":"BRACKET-A","quantity":1200,
       "machine":"press-01","setpoints":{"press/force":400,"press/die":"D-12","press/hot":true,
       "press/speed":0.10},"idealCycleSeconds":2.5,"plannedStart":"2025-03-03T05:00:00Z",
       "plannedEnd":"2025-03-03T05:50:00Z","priority":3,"someErpField":{"x":[1,2]}}
      """;

  @Test
  void readsEveryDocumentedField() throws Exception {
    ErpOrder o = order(OrderJson.readOrders(FULL, FieldNames.DEFAULT).getFirst());

    assertThat(o.orderNumber()).isEqualTo("4711000001");
    assertThat(o.operation()).isEqualTo("0010");
    assertThat(o.product()).isEqualTo("BRACKET-A");
    assertThat(o.quantity()).isEqualTo(1200);
    assertThat(o.machine()).contains("press-01");
    assertThat(o.setpoints())
        .containsExactly(
            Map.entry("press/force", "400"),
            Map.entry("press/die", "D-12"),
            Map.entry("press/hot", "true"),
            Map.entry("press/speed", "0.10"));
    assertThat(o.idealCycle()).contains(Duration.ofMillis(2500));
    assertThat(o.plannedStart()).contains(Instant.parse("2025-03-03T05:00:00Z"));
    assertThat(o.plannedEnd()).contains(Instant.parse("2025-03-03T05:50:00Z"));
    assertThat(o.priority()).isEqualTo(3);
  }

  @Test
  void optionalFieldsTakeTheirDefaults() throws Exception {
    ErpOrder o =
        order(
            OrderJson.readOrders(
                    "{\"orderNumber\":\"1\",\"product\":\"P\",\"quantity\":1,\"machine\":null}",
                    FieldNames.DEFAULT)
                .getFirst());

    assertThat(o.operation()).isEmpty();
    assertThat(o.machine()).isEmpty();
    assertThat(o.setpoints()).isEmpty();
    assertThat(o.idealCycle()).isEmpty();
    assertThat(o.plannedStart()).isEmpty();
    assertThat(o.plannedEnd()).isEmpty();
    assertThat(o.priority()).isZero();
  }

  @Test
  void readsAnArrayAndABatchWithItsCursor() throws Exception {
    String one = "{\"orderNumber\":\"1\",\"product\":\"P\",\"quantity\":1}";
    String two = "{\"orderNumber\":\"2\",\"product\":\"P\",\"quantity\":2}";

    assertThat(OrderJson.readOrders("[" + one + "," + two + "]", FieldNames.DEFAULT))
        .extracting(i -> order(i).orderNumber())
        .containsExactly("1", "2");
    OrderBatch batch =
        OrderJson.readBatch(
            "{\"orders\":[" + one + "," + two + "],\"cursor\":\"c-7\"}", FieldNames.DEFAULT, "c-5");
    assertThat(batch.orders()).hasSize(2);
    assertThat(batch.cursor()).isEqualTo("c-7");
  }

  @Test
  void aBodyWithoutCursorKeepsThePreviousOne() throws Exception {
    assertThat(OrderJson.readBatch("[]", FieldNames.DEFAULT, "c-5").cursor()).isEqualTo("c-5");
    assertThat(OrderJson.readBatch("{\"orders\":[]}", FieldNames.DEFAULT, "c-5").cursor())
        .isEqualTo("c-5");
    assertThat(
            OrderJson.readBatch("{\"orders\":[],\"cursor\":\"\"}", FieldNames.DEFAULT, "c-5")
                .cursor())
        .isEqualTo("c-5");
  }

  @Test
  void aPageMustBeTheBatchShape() {
    assertThatThrownBy(() -> OrderJson.readPage("[]", FieldNames.DEFAULT, "c"))
        .isInstanceOf(UnreadableBodyException.class)
        .hasMessageContaining("expected {\"orders\"");
  }

  @Test
  void renamedFieldsAreRead() throws Exception {
    FieldNames sap = FieldNames.of(ordered("orderNumber", "AUFNR", "quantity", "GAMNG"));
    ErpOrder o =
        order(
            OrderJson.readOrders("{\"AUFNR\":\"000004711\",\"product\":\"P\",\"GAMNG\":40}", sap)
                .getFirst());

    assertThat(o.orderNumber()).isEqualTo("000004711");
    assertThat(o.quantity()).isEqualTo(40);
  }

  @Test
  void fieldNamesRefuseUnknownFieldsAndClashes() {
    assertThatThrownBy(() -> FieldNames.of(ordered("orderNo", "X")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown order field \"orderNo\"");
    assertThatThrownBy(() -> FieldNames.of(ordered("product", "quantity")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("used twice");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          missing order number   | {"product":"P","quantity":1}                                     | #1         | orderNumber is missing
          order number a number  | {"orderNumber":4711,"product":"P","quantity":1}                  | #1         | orderNumber must be a string
          empty order number     | {"orderNumber":" ","product":"P","quantity":1}                   | #1         | orderNumber is empty
          control character      | {"orderNumber":"47\\u000111","product":"P","quantity":1}         | #1         | orderNumber contains a control character
          order number too long  | {"orderNumber":"12345678901234567890123456789012345678901234567890123456789012345","product":"P","quantity":1} | #1 | orderNumber is longer than 64
          missing product        | {"orderNumber":"A1","quantity":1}                                | A1         | product is missing
          missing quantity       | {"orderNumber":"A1","product":"P"}                               | A1         | quantity is missing
          quantity as string     | {"orderNumber":"A1","product":"P","quantity":"12"}               | A1         | quantity must be a number, not a string
          quantity a fraction    | {"orderNumber":"A1","product":"P","quantity":1.5}                | A1         | quantity must be a whole number, not 1.5
          quantity zero          | {"orderNumber":"A1","product":"P","quantity":0}                  | A1         | quantity is not positive: 0
          quantity negative      | {"orderNumber":"A1","product":"P","quantity":-3}                 | A1         | quantity is not positive: -3
          quantity too large     | {"orderNumber":"A1","product":"P","quantity":99999999999999999999} | A1       | quantity is too large
          quantity boolean       | {"orderNumber":"A1","product":"P","quantity":true}               | A1         | quantity must be a whole number, not a boolean
          machine a number       | {"orderNumber":"A1","product":"P","quantity":1,"machine":7}      | A1         | machine must be a string, not a number
          setpoints an array     | {"orderNumber":"A1","product":"P","quantity":1,"setpoints":[1]}  | A1         | setpoints must be an object
          setpoint nested        | {"orderNumber":"A1","product":"P","quantity":1,"setpoints":{"a/b":{"c":1}}} | A1 | setpoints/a/b must be a string, number or boolean, not an object
          setpoint null          | {"orderNumber":"A1","product":"P","quantity":1,"setpoints":{"a/b":null}} | A1  | setpoints/a/b must be a string, number or boolean, not null
          setpoint empty path    | {"orderNumber":"A1","product":"P","quantity":1,"setpoints":{"":1}} | A1       | setpoints has an empty tag path
          setpoint huge exponent | {"orderNumber":"A1","product":"P","quantity":1,"setpoints":{"a":1e999999999}} | A1 | setpoints/a is out of range
          cycle zero             | {"orderNumber":"A1","product":"P","quantity":1,"idealCycleSeconds":0} | A1    | idealCycleSeconds is not positive
          cycle as string        | {"orderNumber":"A1","product":"P","quantity":1,"idealCycleSeconds":"2"} | A1  | idealCycleSeconds must be a number of seconds, not a string
          cycle absurdly long    | {"orderNumber":"A1","product":"P","quantity":1,"idealCycleSeconds":1e999999999} | A1 | idealCycleSeconds is more than
          cycle absurdly short   | {"orderNumber":"A1","product":"P","quantity":1,"idealCycleSeconds":1e-999999999} | A1 | idealCycleSeconds is shorter than a nanosecond
          start not an instant   | {"orderNumber":"A1","product":"P","quantity":1,"plannedStart":"tomorrow"} | A1 | plannedStart is not an ISO-8601 instant
          start a number         | {"orderNumber":"A1","product":"P","quantity":1,"plannedStart":1741000000} | A1 | plannedStart must be an ISO-8601 instant as a string
          end before start       | {"orderNumber":"A1","product":"P","quantity":1,"plannedStart":"2025-03-03T06:00:00Z","plannedEnd":"2025-03-03T05:00:00Z"} | A1 | plannedEnd is before plannedStart
          priority a fraction    | {"orderNumber":"A1","product":"P","quantity":1,"priority":0.5}   | A1         | priority must be a whole number, not 0.5
          priority beyond int    | {"orderNumber":"A1","product":"P","quantity":1,"priority":3000000000} | A1    | priority is out of range
          entry not an object    | "4711"                                                           | #1         | the entry is a string, not an order object
          """)
  void aBadEntryBecomesUnreadableWithAReasonNamingTheField(
      String name, String entry, String reference, String reason) throws Exception {
    List<Incoming> read = OrderJson.readOrders("[" + entry + "]", FieldNames.DEFAULT);

    assertThat(read).hasSize(1);
    assertThat(read.getFirst()).isInstanceOf(Incoming.Unreadable.class);
    Incoming.Unreadable u = (Incoming.Unreadable) read.getFirst();
    assertThat(u.reference()).isEqualTo(reference);
    assertThat(u.reason()).contains(reason);
    assertThat(new ObjectMapper().readTree(u.raw())).isNotNull();
  }

  @Test
  void oneBadEntryDoesNotSpoilTheOthers() throws Exception {
    List<Incoming> read =
        OrderJson.readOrders(
            "[{\"orderNumber\":\"1\",\"product\":\"P\",\"quantity\":1},"
                + "{\"orderNumber\":\"2\",\"product\":\"P\",\"quantity\":0},"
                + "{\"orderNumber\":\"3\",\"product\":\"P\",\"quantity\":3}]",
            FieldNames.DEFAULT);

    assertThat(read).hasSize(3);
    assertThat(read.get(0)).isInstanceOf(Incoming.Order.class);
    assertThat(read.get(1)).isInstanceOf(Incoming.Unreadable.class);
    assertThat(read.get(2)).isInstanceOf(Incoming.Order.class);
    assertThat(read.get(1).toString()).contains("quantity is not positive: 0");
  }

  @Test
  void aHugeUnreadableEntryIsKeptCutToFourKilobytes() throws Exception {
    String big = "x".repeat(20_000);
    List<Incoming> read =
        OrderJson.readOrders(
            "[{\"orderNumber\":\"A1\",\"product\":\"P\",\"note\":\"" + big + "\"}]",
            FieldNames.DEFAULT);

    Incoming.Unreadable u = (Incoming.Unreadable) read.getFirst();
    assertThat(u.raw()).hasSize(OrderJson.MAX_RAW_CHARS).startsWith("{\"orderNumber\":\"A1\"");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          empty         | ''                    | the body is empty
          not JSON      | orders please         | the body is not JSON
          cut short     | [{"orderNumber":"1"   | the body is not JSON
          trailing junk | [] []                 | the body is not JSON
          a number      | 42                    | not a number
          a string      | "x"                   | not a string
          orders object | {"orders":{"a":1}}    | "orders" must be an array
          cursor object | {"orders":[],"cursor":{}} | "cursor" must be a string
          """)
  void aBodyThatCannotBeReadThrowsWithAClearMessage(String name, String body, String message) {
    assertThatThrownBy(() -> OrderJson.readBatch(body, FieldNames.DEFAULT, ""))
        .isInstanceOf(UnreadableBodyException.class)
        .hasMessageContaining(message);
  }

  @Test
  void aDeeplyNestedBodyIsRefused() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);

    assertThatThrownBy(() -> OrderJson.readOrders(deep, FieldNames.DEFAULT))
        .isInstanceOf(UnreadableBodyException.class)
        .hasMessageContaining("nested deeper than " + OrderJson.MAX_DEPTH);
  }

  @Test
  void aBodyAboveTenMegabytesIsRefusedUnread() {
    String huge = "[" + " ".repeat(OrderJson.MAX_BODY_CHARS) + "]";

    assertThatThrownBy(() -> OrderJson.readOrders(huge, FieldNames.DEFAULT))
        .isInstanceOf(UnreadableBodyException.class)
        .hasMessageContaining("more than the " + OrderJson.MAX_BODY_CHARS);
  }

  @Test
  void writesCyclesAsPlainSeconds() throws Exception {
    ErpOrder o =
        new ErpOrder(
            "1",
            "",
            "P",
            1,
            Optional.empty(),
            Map.of(),
            Optional.of(Duration.ofSeconds(60)),
            Optional.empty(),
            Optional.empty(),
            0);

    JsonNode j = new ObjectMapper().readTree(OrderJson.writeOrder(o, FieldNames.DEFAULT));

    assertThat(j.get("idealCycleSeconds").toString()).isEqualTo("60");
    assertThat(
            OrderJson.writeOrder(
                new ErpOrder(
                    "1",
                    "",
                    "P",
                    1,
                    Optional.empty(),
                    Map.of(),
                    Optional.of(Duration.ofMillis(1500)),
                    Optional.empty(),
                    Optional.empty(),
                    0),
                FieldNames.DEFAULT))
        .contains("\"idealCycleSeconds\":1.5");
  }

  @Test
  void writesAConfirmationWithEveryField() throws Exception {
    Confirmation c =
        new Confirmation(
            "site-1/42",
            "4711000001",
            "0010",
            "ABORTED",
            Optional.of("press-01"),
            120,
            3,
            Instant.parse("2025-03-03T07:15:30.250Z"),
            Optional.of("die cracked"));

    JsonNode j = new ObjectMapper().readTree(OrderJson.writeConfirmation(c));

    assertThat(j.properties())
        .extracting(Map.Entry::getKey)
        .containsExactly(
            "id", "orderNumber", "operation", "status", "machine", "good", "scrap", "at", "reason");
    assertThat(j.get("id").asText()).isEqualTo("site-1/42");
    assertThat(j.get("status").asText()).isEqualTo("ABORTED");
    assertThat(j.get("machine").asText()).isEqualTo("press-01");
    assertThat(j.get("good").asLong()).isEqualTo(120);
    assertThat(j.get("scrap").asLong()).isEqualTo(3);
    assertThat(j.get("at").asText()).isEqualTo("2025-03-03T07:15:30.250Z");
    assertThat(j.get("reason").asText()).isEqualTo("die cracked");
  }

  @Test
  void aConfirmationWithoutMachineOrReasonWritesNulls() throws Exception {
    Confirmation c =
        new Confirmation(
            "1", "4711", "", "RUNNING", Optional.empty(), 0, 0, Instant.EPOCH, Optional.empty());

    JsonNode j = new ObjectMapper().readTree(OrderJson.writeConfirmation(c));

    assertThat(j.get("machine").isNull()).isTrue();
    assertThat(j.get("reason").isNull()).isTrue();
    assertThat(j.get("at").asText()).isEqualTo("1970-01-01T00:00:00Z");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {"duplicate":true}   | true
          {"duplicate":false}  | false
          {"duplicate":"true"} | false
          {}                   | false
          ''                   | false
          not json             | false
          [true]               | false
          """)
  void recognisesADuplicateAnswer(String answer, boolean duplicate) {
    assertThat(OrderJson.saysDuplicate(answer)).isEqualTo(duplicate);
  }

  private static ErpOrder order(Incoming i) {
    assertThat(i).isInstanceOf(Incoming.Order.class);
    return ((Incoming.Order) i).order();
  }

  private static Map<String, String> ordered(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}
