package io.millwright.alarms.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millwright.alarms.engine.AlarmEvent;
import io.millwright.alarms.engine.AlarmState;
import io.millwright.alarms.engine.Transition;
import io.millwright.core.alarm.AlarmPriority;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class EventJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void writesTheDocumentedShape() {
    AlarmEvent e =
        new AlarmEvent(
            12,
            Events.TIME,
            "cnc-02",
            "spindle-bearing-temperature-high",
            "machining",
            "line-1",
            AlarmPriority.HIGH,
            "high",
            Transition.ACTIVATED,
            AlarmState.UNACKNOWLEDGED,
            "81.2",
            "too hot",
            null,
            null);

    assertThat(EventJson.json(e))
        .isEqualTo(
            "{\"seq\":12,\"time\":\"2026-11-23T10:15:30.123Z\","
                + "\"id\":\"cnc-02/spindle-bearing-temperature-high\",\"machine\":\"cnc-02\","
                + "\"alarm\":\"spindle-bearing-temperature-high\",\"area\":\"machining\","
                + "\"line\":\"line-1\",\"priority\":\"high\",\"kind\":\"high\","
                + "\"transition\":\"activated\",\"state\":\"active-unacknowledged\","
                + "\"value\":\"81.2\",\"message\":\"too hot\",\"user\":\"\",\"comment\":\"\"}");
  }

  @Test
  void alwaysWritesThreeFractionDigits() {
    assertThat(EventJson.time(1_795_428_930_000L)).isEqualTo("2026-11-23T10:15:30.000Z");
  }

  @Test
  void wrapsBatchesInEventsInOrder() throws Exception {
    AlarmEvent a = Events.activated(1).withSeq(1);
    AlarmEvent b = Events.activated(2).withSeq(2);

    JsonNode batch = JSON.readTree(EventJson.json(List.of(a, b)));

    assertThat(batch.get("events")).hasSize(2);
    assertThat(batch.get("events").get(1).get("alarm").asText()).isEqualTo("alarm-2");
    assertThat(JSON.readTree(EventJson.json(List.of())).get("events")).isEmpty();
  }

  @Test
  void hostileTextParsesBack() throws Exception {
    String hostile =
        "\"quoted\" \\back\\ \n\r\t\u0000\u0001\u001f\u007f \u2028 ünïcødé 🔥 </script>";
    AlarmEvent e =
        new AlarmEvent(
            3,
            Events.TIME,
            "m\"1",
            "a\nb",
            hostile,
            hostile,
            AlarmPriority.CRITICAL,
            hostile,
            Transition.ACKNOWLEDGED,
            AlarmState.ACKNOWLEDGED,
            hostile,
            hostile,
            hostile,
            hostile);

    JsonNode node = JSON.readTree(EventJson.json(e));

    assertThat(node.get("id").asText()).isEqualTo("m\"1/a\nb");
    for (String field : List.of("area", "line", "kind", "value", "message", "user", "comment")) {
      assertThat(node.get(field).asText()).as(field).isEqualTo(hostile);
    }
    assertThat(node.get("priority").asText()).isEqualTo("critical");
    assertThat(node.get("state").asText()).isEqualTo("active-acknowledged");
  }

  @Property(tries = 300)
  void anyTextRoundTrips(@ForAll String message, @ForAll String comment) throws Exception {
    AlarmEvent e =
        new AlarmEvent(
            7,
            Events.TIME,
            "cnc-02",
            "x",
            "machining",
            "line-1",
            AlarmPriority.LOW,
            "is",
            Transition.CLEARED,
            AlarmState.NORMAL,
            "",
            message,
            "",
            comment);

    JsonNode node = JSON.readTree(EventJson.json(List.of(e))).get("events").get(0);

    assertThat(node.get("message").asText()).isEqualTo(message);
    assertThat(node.get("comment").asText()).isEqualTo(comment);
    assertThat(node.get("seq").asLong()).isEqualTo(7);
  }
}
