package io.millwright.jobs.erp.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.millwright.jobs.erp.ErpOrder;
import io.millwright.jobs.erp.Incoming;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one entry of an ERP's orders; whatever is wrong with it becomes a reason, never a throw.
 */
final class OrderEntryReader {

  static final int MAX_ID = 64;
  static final int MAX_TAG_PATH = 256;
  static final int MAX_SETPOINT_TEXT = 1024;
  static final int MAX_SETPOINTS = 1000;
  // A cycle longer than this is a unit mistake (milliseconds sent as seconds), not a process.
  static final BigDecimal MAX_CYCLE_SECONDS = BigDecimal.valueOf(1_000_000);
  private static final BigDecimal HALF_NANOSECOND = new BigDecimal("0.0000000005");
  private static final int MAX_INSTANT_TEXT = 64;
  // A setpoint written out without its exponent must stay a sensible length.
  private static final int MAX_PLAIN_SCALE = 64;

  private final FieldNames names;

  OrderEntryReader(FieldNames names) {
    this.names = names;
  }

  /**
   * @param position where the entry is in the body, 1 for the first: its reference when it has no
   *     readable order number
   */
  Incoming read(JsonNode entry, int position) {
    String reference = "#" + position;
    if (!entry.isObject()) {
      return unreadable(reference, entry, "the entry is " + kind(entry) + ", not an order object");
    }
    try {
      String orderNumber = requiredText(entry, names.orderNumber());
      reference = orderNumber;
      ErpOrder order =
          new ErpOrder(
              orderNumber,
              optionalText(entry, names.operation(), MAX_ID).orElse(""),
              requiredText(entry, names.product()),
              quantity(entry),
              optionalText(entry, names.machine(), MAX_ID).filter(m -> !m.isEmpty()),
              setpoints(entry),
              idealCycle(entry),
              instant(entry, names.plannedStart()),
              instant(entry, names.plannedEnd()),
              priority(entry));
      if (order.plannedStart().isPresent()
          && order.plannedEnd().isPresent()
          && order.plannedEnd().get().isBefore(order.plannedStart().get())) {
        throw new Bad(names.plannedEnd() + " is before " + names.plannedStart());
      }
      return new Incoming.Order(order);
    } catch (Bad e) {
      return unreadable(reference, entry, e.getMessage());
    }
  }

  private static Incoming unreadable(String reference, JsonNode entry, String reason) {
    return new Incoming.Unreadable(reference, OrderJson.cut(entry.toString()), reason);
  }

  private static JsonNode present(JsonNode entry, String field) {
    JsonNode v = entry.get(field);
    return v == null || v.isNull() ? null : v;
  }

  private static String requiredText(JsonNode entry, String field) throws Bad {
    String text =
        optionalText(entry, field, MAX_ID).orElseThrow(() -> new Bad(field + " is missing"));
    if (text.isBlank()) {
      throw new Bad(field + " is empty");
    }
    return text;
  }

  private static Optional<String> optionalText(JsonNode entry, String field, int max) throws Bad {
    JsonNode v = present(entry, field);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw new Bad(field + " must be a string, not " + kind(v));
    }
    return Optional.of(checkedText(field, v.textValue(), max));
  }

  private static String checkedText(String field, String text, int max) throws Bad {
    if (text.length() > max) {
      throw new Bad(field + " is longer than " + max + " characters");
    }
    if (text.chars().anyMatch(Character::isISOControl)) {
      throw new Bad(field + " contains a control character");
    }
    return text;
  }

  private long quantity(JsonNode entry) throws Bad {
    String field = names.quantity();
    JsonNode v = present(entry, field);
    if (v == null) {
      throw new Bad(field + " is missing");
    }
    BigInteger n = wholeNumber(field, v);
    if (n.signum() <= 0) {
      throw new Bad(field + " is not positive: " + n + "; an order makes at least one part");
    }
    if (n.bitLength() > 63) {
      throw new Bad(field + " is too large: " + v.asText());
    }
    return n.longValueExact();
  }

  private int priority(JsonNode entry) throws Bad {
    String field = names.priority();
    JsonNode v = present(entry, field);
    if (v == null) {
      return 0;
    }
    BigInteger n = wholeNumber(field, v);
    if (n.bitLength() > 31) {
      throw new Bad(field + " is out of range: " + v.asText());
    }
    return n.intValueExact();
  }

  private static BigInteger wholeNumber(String field, JsonNode v) throws Bad {
    if (v.isTextual()) {
      throw new Bad(field + " must be a number, not a string");
    }
    if (!v.isNumber()) {
      throw new Bad(field + " must be a whole number, not " + kind(v));
    }
    if (!v.isIntegralNumber()) {
      throw new Bad(field + " must be a whole number, not " + v.asText());
    }
    return v.bigIntegerValue();
  }

  private Optional<Duration> idealCycle(JsonNode entry) throws Bad {
    String field = names.idealCycleSeconds();
    JsonNode v = present(entry, field);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isNumber()) {
      throw new Bad(field + " must be a number of seconds, not " + kind(v));
    }
    BigDecimal seconds = v.decimalValue();
    if (seconds.signum() <= 0) {
      throw new Bad(field + " is not positive: " + v.asText());
    }
    if (seconds.compareTo(MAX_CYCLE_SECONDS) > 0) {
      throw new Bad(field + " is more than " + MAX_CYCLE_SECONDS + " seconds");
    }
    // Compared before rounding: rounding 1e-999999999 to nanoseconds would take minutes.
    if (seconds.compareTo(HALF_NANOSECOND) < 0) {
      throw new Bad(field + " is shorter than a nanosecond");
    }
    long nanos = seconds.movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact();
    return Optional.of(Duration.ofNanos(nanos));
  }

  private static Optional<Instant> instant(JsonNode entry, String field) throws Bad {
    JsonNode v = present(entry, field);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw new Bad(field + " must be an ISO-8601 instant as a string, not " + kind(v));
    }
    String text = checkedText(field, v.textValue(), MAX_INSTANT_TEXT);
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      throw new Bad(field + " is not an ISO-8601 instant like 2025-03-03T05:00:00Z: " + text);
    }
  }

  private Map<String, String> setpoints(JsonNode entry) throws Bad {
    String field = names.setpoints();
    JsonNode v = present(entry, field);
    Map<String, String> out = new LinkedHashMap<>();
    if (v == null) {
      return out;
    }
    if (!v.isObject()) {
      throw new Bad(field + " must be an object of tag path to value, not " + kind(v));
    }
    if (v.size() > MAX_SETPOINTS) {
      throw new Bad(field + " has more than " + MAX_SETPOINTS + " entries");
    }
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      String path = e.getKey();
      if (path.isBlank()) {
        throw new Bad(field + " has an empty tag path");
      }
      checkedText(field + " tag path", path, MAX_TAG_PATH);
      out.put(
          path,
          checkedText(
              field + "/" + path, scalarText(field + "/" + path, e.getValue()), MAX_SETPOINT_TEXT));
    }
    return out;
  }

  private static String scalarText(String field, JsonNode v) throws Bad {
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isBoolean()) {
      return Boolean.toString(v.booleanValue());
    }
    if (v.isIntegralNumber()) {
      return v.bigIntegerValue().toString();
    }
    if (v.isNumber()) {
      BigDecimal d = v.decimalValue();
      if (Math.abs(d.scale()) > MAX_PLAIN_SCALE) {
        throw new Bad(field + " is out of range: " + v.asText());
      }
      return d.toPlainString();
    }
    throw new Bad(field + " must be a string, number or boolean, not " + kind(v));
  }

  static String kind(JsonNode v) {
    return switch (v.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT, POJO -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      case BINARY -> "binary data";
      case MISSING -> "nothing";
    };
  }

  /** One thing wrong with an entry; carries no stack trace, as it is ordinary input. */
  private static final class Bad extends Exception {
    private static final long serialVersionUID = 1L;

    Bad(String reason) {
      super(reason, null, false, false);
    }
  }
}
