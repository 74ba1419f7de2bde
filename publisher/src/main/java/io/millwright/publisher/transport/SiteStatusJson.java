package io.millwright.publisher.transport;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * A {@link SiteStatus} as JSON, the same on every transport (MQTT payload, HTTPS body, Kafka
 * value): one object with exactly the record's fields, {@code oee} a number or {@code null}.
 *
 * <pre>{"site":"plant-1","version":"0.1.0","sentAt":1764000000000,"backlogBatches":0,...,
 * "oee":0.82,"activeAlarms":1}</pre>
 *
 * <p>Reading is strict, because the bytes come from outside: every field must be there with its
 * type (integers as JSON integers, not {@code 1.0} or {@code "1"}), no other field may be, and the
 * document is at most {@value #MAX_BYTES} bytes.
 */
public final class SiteStatusJson {

  /** Largest document {@link #decode} reads; a status is a few hundred bytes. */
  public static final int MAX_BYTES = 16 * 1024;

  private static final int MAX_QUOTED = 64;

  private static final JsonMapper JSON =
      JsonMapper.builder(
              com.fasterxml.jackson.core.JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(8)
                          .maxNumberLength(64)
                          .maxStringLength(MAX_BYTES)
                          .build())
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private static final List<String> LONGS =
      List.of(
          "sentAt",
          "backlogBatches",
          "backlogReadings",
          "oldestBacklog",
          "bufferBytes",
          "budgetBytes",
          "readingsDropped");
  private static final List<String> INTS =
      List.of("machinesOnline", "machinesTotal", "activeAlarms");
  private static final Set<String> FIELDS =
      Set.of(
          "site",
          "version",
          "sentAt",
          "backlogBatches",
          "backlogReadings",
          "oldestBacklog",
          "bufferBytes",
          "budgetBytes",
          "readingsDropped",
          "machinesOnline",
          "machinesTotal",
          "oee",
          "activeAlarms");

  private SiteStatusJson() {}

  /** The status as UTF-8 JSON. */
  public static byte[] encode(SiteStatus status) {
    ObjectNode o = JSON.createObjectNode();
    o.put("site", status.site());
    o.put("version", status.version());
    o.put("sentAt", status.sentAt());
    o.put("backlogBatches", status.backlogBatches());
    o.put("backlogReadings", status.backlogReadings());
    o.put("oldestBacklog", status.oldestBacklog());
    o.put("bufferBytes", status.bufferBytes());
    o.put("budgetBytes", status.budgetBytes());
    o.put("readingsDropped", status.readingsDropped());
    o.put("machinesOnline", status.machinesOnline());
    o.put("machinesTotal", status.machinesTotal());
    if (status.oee().isPresent()) {
      o.put("oee", status.oee().getAsDouble());
    } else {
      o.putNull("oee");
    }
    o.put("activeAlarms", status.activeAlarms());
    try {
      return JSON.writeValueAsBytes(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing a tree to memory does not fail
    }
  }

  /**
   * Reads a status written by {@link #encode} (or any writer of the same fields).
   *
   * @throws IllegalArgumentException saying what is wrong: too large, not JSON, a field missing,
   *     unknown or of the wrong type, or a value the status does not take (a negative count, an
   *     invalid site id)
   */
  public static SiteStatus decode(byte[] json) {
    if (json == null) {
      throw new IllegalArgumentException("a site status is missing");
    }
    if (json.length > MAX_BYTES) {
      throw new IllegalArgumentException(
          "a site status is at most " + MAX_BYTES + " bytes, not " + json.length);
    }
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "a site status is not valid JSON: " + cut(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new IllegalArgumentException("a site status is unreadable: " + cut(e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("a site status is a JSON object");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new IllegalArgumentException("a site status has no field " + quote(name));
      }
    }
    long[] longs = new long[LONGS.size()];
    for (int i = 0; i < longs.length; i++) {
      longs[i] = integer(root, LONGS.get(i), Long.MIN_VALUE, Long.MAX_VALUE);
    }
    int[] ints = new int[INTS.size()];
    for (int i = 0; i < ints.length; i++) {
      ints[i] = (int) integer(root, INTS.get(i), Integer.MIN_VALUE, Integer.MAX_VALUE);
    }
    JsonNode oee = required(root, "oee");
    OptionalDouble oeeValue;
    if (oee.isNull()) {
      oeeValue = OptionalDouble.empty();
    } else if (oee.isNumber()) {
      oeeValue = OptionalDouble.of(oee.doubleValue());
    } else {
      throw new IllegalArgumentException("a site status's \"oee\" is a number or null");
    }
    String site = text(root, "site");
    String version = text(root, "version");
    try {
      return new SiteStatus(
          site, version, longs[0], longs[1], longs[2], longs[3], longs[4], longs[5], longs[6],
          ints[0], ints[1], oeeValue, ints[2]);
    } catch (IllegalArgumentException e) {
      String why = e.getMessage() == null ? "invalid" : e.getMessage();
      throw new IllegalArgumentException(
          "a site status is invalid: "
              + (why.length() <= 200 ? why : why.substring(0, 200) + "..."));
    }
  }

  private static JsonNode required(JsonNode root, String field) {
    JsonNode value = root.get(field);
    if (value == null) {
      throw new IllegalArgumentException("a site status has no \"" + field + "\"");
    }
    return value;
  }

  private static String text(JsonNode root, String field) {
    JsonNode value = required(root, field);
    if (!value.isTextual()) {
      throw new IllegalArgumentException("a site status's \"" + field + "\" is a string");
    }
    return value.textValue();
  }

  private static long integer(JsonNode root, String field, long min, long max) {
    JsonNode value = required(root, field);
    if (!value.isIntegralNumber()) {
      throw new IllegalArgumentException("a site status's \"" + field + "\" is an integer");
    }
    if (!value.canConvertToLong() || value.longValue() < min || value.longValue() > max) {
      throw new IllegalArgumentException(
          "a site status's \"" + field + "\" is out of range: " + cut(value.asText()));
    }
    return value.longValue();
  }

  private static String quote(String text) {
    return "\"" + cut(text) + "\"";
  }

  private static String cut(String text) {
    if (text == null) {
      return "";
    }
    return text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED) + "...";
  }
}
