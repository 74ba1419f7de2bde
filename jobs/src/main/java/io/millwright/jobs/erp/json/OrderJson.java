package io.millwright.jobs.erp.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millwright.jobs.erp.Confirmation;
import io.millwright.jobs.erp.ErpOrder;
import io.millwright.jobs.erp.Incoming;
import io.millwright.jobs.erp.OrderBatch;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Orders and confirmations as JSON, the language of the generic REST adapter and of an ERP's
 * webhook.
 *
 * <p>A body holds orders in one of three shapes: an array of order objects, one order object, or a
 * batch {@code {"orders":[...],"cursor":"..."}}. Each order object has the fields of {@link
 * FieldNames} (unknown fields are ignored): {@code orderNumber} (string, 1 to 64 characters, no
 * control characters), {@code operation} (string, default empty), {@code product} (string, 1 to 64
 * characters), {@code machine} (string, up to 64 characters), {@code quantity} (whole number above
 * 0), {@code setpoints} (object of tag path to string, number or boolean), {@code
 * idealCycleSeconds} (number above 0), {@code plannedStart} and {@code plannedEnd} (ISO-8601
 * instants) and {@code priority} (whole number, default 0). An entry that breaks a rule is returned
 * as {@link Incoming.Unreadable} with a reason naming the field; only a body that cannot be read as
 * a whole throws {@link UnreadableBodyException}.
 *
 * <p>Thread-safe.
 */
public final class OrderJson {

  /** Largest body read, in characters: far above any sane batch, far below a memory problem. */
  public static final int MAX_BODY_CHARS = 10 * 1024 * 1024;

  /** Deepest nesting of arrays and objects read; an order needs three levels. */
  public static final int MAX_DEPTH = 32;

  /** How much of an unreadable entry is kept for the dead-letter list, in characters. */
  public static final int MAX_RAW_CHARS = 4096;

  /** Longest cursor taken from an ERP. */
  public static final int MAX_CURSOR_CHARS = 1024;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                  .build())
          // Exact decimals: a setpoint of 0.1 stays "0.1" and a cycle of 1.2 s stays 1.2 s.
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private OrderJson() {}

  /**
   * The entries of a body in any of the three shapes, in the body's order.
   *
   * @throws UnreadableBodyException when the body is not JSON, too large or too deep, or not an
   *     array or object
   */
  public static List<Incoming> readOrders(String body, FieldNames names)
      throws UnreadableBodyException {
    return readBatch(body, names, "").orders();
  }

  /**
   * The entries of a body in any of the three shapes, with the batch's cursor, or {@code
   * previousCursor} when the body has none (an array, one order, a batch without a cursor).
   *
   * @throws UnreadableBodyException as for {@link #readOrders}, and for a cursor that is not a
   *     string or number or is longer than {@value #MAX_CURSOR_CHARS} characters
   */
  public static OrderBatch readBatch(String body, FieldNames names, String previousCursor)
      throws UnreadableBodyException {
    return read(body, names, previousCursor, false);
  }

  /**
   * A page of a polled ERP: only the batch shape {@code {"orders":[...],"cursor":"..."}} is taken,
   * as an array or a single order would leave the cursor where it was forever. A missing or empty
   * cursor keeps {@code previousCursor} (nothing new).
   *
   * @throws UnreadableBodyException as for {@link #readBatch}, and for any other shape
   */
  public static OrderBatch readPage(String body, FieldNames names, String previousCursor)
      throws UnreadableBodyException {
    return read(body, names, previousCursor, true);
  }

  private static OrderBatch read(
      String body, FieldNames names, String previousCursor, boolean pageOnly)
      throws UnreadableBodyException {
    Objects.requireNonNull(names, "names");
    Objects.requireNonNull(previousCursor, "previousCursor");
    JsonNode root = parse(body);
    JsonNode entries;
    String cursor = previousCursor;
    if (root.isObject() && root.has("orders")) {
      entries = root.get("orders");
      if (!entries.isArray()) {
        throw new UnreadableBodyException(
            "\"orders\" must be an array, not " + OrderEntryReader.kind(entries));
      }
      cursor = cursor(root.get("cursor"), previousCursor);
    } else if (pageOnly) {
      throw new UnreadableBodyException(
          "expected {\"orders\":[...],\"cursor\":\"...\"}, not "
              + (root.isObject() ? "an object without \"orders\"" : OrderEntryReader.kind(root)));
    } else if (root.isArray()) {
      entries = root;
    } else if (root.isObject()) {
      ArrayNode one = MAPPER.createArrayNode();
      one.add(root);
      entries = one;
    } else {
      throw new UnreadableBodyException(
          "expected an array of orders, an order or {\"orders\":[...]}, not "
              + OrderEntryReader.kind(root));
    }
    OrderEntryReader reader = new OrderEntryReader(names);
    List<Incoming> out = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      out.add(reader.read(entries.get(i), i + 1));
    }
    return new OrderBatch(out, cursor);
  }

  private static String cursor(JsonNode v, String previousCursor) throws UnreadableBodyException {
    if (v == null || v.isNull()) {
      return previousCursor;
    }
    if (!v.isTextual() && !v.isIntegralNumber()) {
      throw new UnreadableBodyException(
          "\"cursor\" must be a string, not " + OrderEntryReader.kind(v));
    }
    String text = v.asText();
    if (text.length() > MAX_CURSOR_CHARS) {
      throw new UnreadableBodyException(
          "\"cursor\" is longer than " + MAX_CURSOR_CHARS + " characters");
    }
    return text.isEmpty() ? previousCursor : text;
  }

  private static JsonNode parse(String body) throws UnreadableBodyException {
    Objects.requireNonNull(body, "body");
    if (body.length() > MAX_BODY_CHARS) {
      throw new UnreadableBodyException(
          "the body is "
              + body.length()
              + " characters, more than the "
              + MAX_BODY_CHARS
              + " read");
    }
    if (body.isBlank()) {
      throw new UnreadableBodyException("the body is empty, not JSON");
    }
    try {
      return MAPPER.readTree(body);
    } catch (StreamConstraintsException e) {
      throw new UnreadableBodyException(
          "the body is nested deeper than "
              + MAX_DEPTH
              + " levels or too large: "
              + e.getOriginalMessage(),
          e);
    } catch (JsonProcessingException e) {
      throw new UnreadableBodyException("the body is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** The order as JSON with these field names, as an ERP or a webhook would send it. */
  public static String writeOrder(ErpOrder order, FieldNames names) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put(names.orderNumber(), order.orderNumber());
    o.put(names.operation(), order.operation());
    o.put(names.product(), order.product());
    o.put(names.quantity(), order.quantity());
    order.machine().ifPresent(m -> o.put(names.machine(), m));
    ObjectNode setpoints = o.putObject(names.setpoints());
    for (Map.Entry<String, String> e : order.setpoints().entrySet()) {
      setpoints.put(e.getKey(), e.getValue());
    }
    order
        .idealCycle()
        .ifPresent(
            c ->
                o.put(
                    names.idealCycleSeconds(),
                    plain(new BigDecimal(c.toNanos()).movePointLeft(9))));
    order.plannedStart().ifPresent(t -> o.put(names.plannedStart(), t.toString()));
    order.plannedEnd().ifPresent(t -> o.put(names.plannedEnd(), t.toString()));
    o.put(names.priority(), order.priority());
    return o.toString();
  }

  /**
   * The confirmation as the ERP receives it: {@code id}, {@code orderNumber}, {@code operation},
   * {@code status}, {@code machine} (null if none), {@code good}, {@code scrap}, {@code at}
   * (ISO-8601, UTC) and {@code reason} (null if none).
   */
  public static String writeConfirmation(Confirmation c) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("id", c.id());
    o.put("orderNumber", c.orderNumber());
    o.put("operation", c.operation());
    o.put("status", c.status());
    o.put("machine", c.machine().orElse(null));
    o.put("good", c.good());
    o.put("scrap", c.scrap());
    o.put("at", c.at().toString());
    o.put("reason", c.reason().orElse(null));
    return o.toString();
  }

  /**
   * Whether an ERP's answer to a confirmation says it had it already: an object with {@code
   * "duplicate": true}. Anything else, an empty or non-JSON answer too, says it did not.
   */
  public static boolean saysDuplicate(String answer) {
    if (answer == null || answer.isBlank() || answer.length() > MAX_BODY_CHARS) {
      return false;
    }
    try {
      JsonNode root = MAPPER.readTree(answer);
      return root.isObject()
          && root.path("duplicate").asBoolean(false)
          && root.get("duplicate").isBoolean();
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  /** 60, not 6E+1 nor 60.000000000: what a person reading the JSON expects. */
  private static BigDecimal plain(BigDecimal d) {
    BigDecimal stripped = d.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }

  /** The text cut to {@value #MAX_RAW_CHARS} characters, never in the middle of a character. */
  static String cut(String text) {
    if (text.length() <= MAX_RAW_CHARS) {
      return text;
    }
    int end = MAX_RAW_CHARS;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end);
  }
}
