package io.millwright.publisher.transport.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millwright.publisher.transport.SiteStatus;
import java.io.IOException;
import java.util.OptionalDouble;

/**
 * A {@link SiteStatus} as the value of a Kafka record: one JSON object whose fields are the
 * record's components by name, {@code oee} left out when the site computes none.
 */
final class KafkaStatusJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private KafkaStatusJson() {}

  static byte[] encode(SiteStatus s) {
    ObjectNode o = JSON.createObjectNode();
    o.put("site", s.site());
    o.put("version", s.version());
    o.put("sentAt", s.sentAt());
    o.put("backlogBatches", s.backlogBatches());
    o.put("backlogReadings", s.backlogReadings());
    o.put("oldestBacklog", s.oldestBacklog());
    o.put("bufferBytes", s.bufferBytes());
    o.put("budgetBytes", s.budgetBytes());
    o.put("readingsDropped", s.readingsDropped());
    o.put("machinesOnline", s.machinesOnline());
    o.put("machinesTotal", s.machinesTotal());
    if (s.oee().isPresent()) {
      o.put("oee", s.oee().getAsDouble());
    }
    o.put("activeAlarms", s.activeAlarms());
    try {
      return JSON.writeValueAsBytes(o);
    } catch (IOException e) {
      throw new IllegalStateException("a status did not encode", e);
    }
  }

  /**
   * Reads what {@link #encode} wrote.
   *
   * @throws IllegalArgumentException not such a JSON object, or a status {@link SiteStatus} refuses
   */
  static SiteStatus decode(byte[] json) {
    JsonNode o;
    try {
      o = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("a status is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IllegalArgumentException("a status is not JSON: " + e.getMessage());
    }
    if (o == null || !o.isObject()) {
      throw new IllegalArgumentException("a status is a JSON object");
    }
    JsonNode oee = o.get("oee");
    return new SiteStatus(
        text(o, "site"),
        text(o, "version"),
        integer(o, "sentAt"),
        integer(o, "backlogBatches"),
        integer(o, "backlogReadings"),
        integer(o, "oldestBacklog"),
        integer(o, "bufferBytes"),
        integer(o, "budgetBytes"),
        integer(o, "readingsDropped"),
        Math.toIntExact(integer(o, "machinesOnline")),
        Math.toIntExact(integer(o, "machinesTotal")),
        oee == null || oee.isNull()
            ? OptionalDouble.empty()
            : OptionalDouble.of(number(oee, "oee")),
        Math.toIntExact(integer(o, "activeAlarms")));
  }

  private static String text(JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("a status's \"" + field + "\" is missing or no text");
    }
    return v.asText();
  }

  private static long integer(JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException("a status's \"" + field + "\" is missing or no integer");
    }
    return v.asLong();
  }

  private static double number(JsonNode v, String field) {
    if (!v.isNumber()) {
      throw new IllegalArgumentException("a status's \"" + field + "\" is no number");
    }
    return v.asDouble();
  }
}
