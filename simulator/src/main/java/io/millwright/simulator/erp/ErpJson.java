package io.millwright.simulator.erp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated ERP's side of the documented JSON: orders and confirmations read with every rule
 * checked, and its answers written. Written independently of the site's reader on purpose: the
 * simulator is the counterpart that the site's adapter is tested against.
 */
final class ErpJson {

  /** In the lifecycle's order, as the problem text lists them. */
  static final List<String> STATUSES =
      List.of(
          "RELEASED",
          "DISPATCHED",
          "RUNNING",
          "PAUSED",
          "COMPLETED",
          "ABORTED",
          "PROGRESS",
          "REJECTED",
          "DISPATCH_FAILED",
          "CHANGE_REFUSED");

  private static final int MAX_ID = 64;
  private static final int MAX_TEXT = 1024;
  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(32).build())
                  .build())
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private ErpJson() {}

  static JsonNode parse(String body) throws BadRequest {
    if (body.isBlank()) {
      throw new BadRequest("the body is empty; expected a JSON object");
    }
    try {
      JsonNode root = MAPPER.readTree(body);
      if (!root.isObject()) {
        throw new BadRequest("expected a JSON object");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw new BadRequest("the body is not JSON: " + e.getOriginalMessage());
    }
  }

  static ProductionOrder order(JsonNode o) throws BadRequest {
    String orderNumber = text(o, "orderNumber", MAX_ID, true).orElseThrow();
    String operation = text(o, "operation", MAX_ID, false).orElse("");
    String product = text(o, "product", MAX_ID, true).orElseThrow();
    long quantity = whole(o, "quantity").orElseThrow(() -> new BadRequest("quantity is missing"));
    if (quantity <= 0) {
      throw new BadRequest("quantity is not positive: " + quantity);
    }
    Optional<String> machine = text(o, "machine", MAX_ID, false).filter(m -> !m.isEmpty());
    Map<String, String> setpoints = setpoints(o.get("setpoints"));
    Optional<BigDecimal> cycle = Optional.empty();
    JsonNode c = o.get("idealCycleSeconds");
    if (c != null && !c.isNull()) {
      if (!c.isNumber()
          || c.decimalValue().signum() <= 0
          || c.decimalValue().compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
        throw new BadRequest("idealCycleSeconds must be a number of seconds above 0");
      }
      cycle = Optional.of(c.decimalValue());
    }
    Optional<Instant> start = instant(o, "plannedStart");
    Optional<Instant> end = instant(o, "plannedEnd");
    if (start.isPresent() && end.isPresent() && end.get().isBefore(start.get())) {
      throw new BadRequest("plannedEnd is before plannedStart");
    }
    long priority = whole(o, "priority").orElse(0L);
    if (priority < Integer.MIN_VALUE || priority > Integer.MAX_VALUE) {
      throw new BadRequest("priority is out of range: " + priority);
    }
    return new ProductionOrder(
        orderNumber,
        operation,
        product,
        quantity,
        machine,
        setpoints,
        cycle,
        start,
        end,
        (int) priority);
  }

  /**
   * @param key the {@code Idempotency-Key} header, if sent; otherwise the body's {@code id}
   */
  static ReceivedConfirmation confirmation(JsonNode o, String key, Instant receivedAt)
      throws BadRequest {
    Optional<String> bodyId = text(o, "id", 128, false);
    if (key != null && bodyId.isPresent() && !bodyId.get().equals(key)) {
      throw new BadRequest("the Idempotency-Key header and the body's id differ");
    }
    String id = key != null ? key : bodyId.orElseThrow(() -> new BadRequest("id is missing"));
    if (id.isBlank() || id.length() > 128) {
      throw new BadRequest("id must be 1 to 128 characters");
    }
    String status = text(o, "status", 32, true).orElseThrow();
    if (!STATUSES.contains(status)) {
      throw new BadRequest(
          "status \"" + status + "\" is not one of " + String.join(", ", STATUSES));
    }
    long good = whole(o, "good").orElse(0L);
    long scrap = whole(o, "scrap").orElse(0L);
    if (good < 0 || scrap < 0) {
      throw new BadRequest("good and scrap must not be negative");
    }
    return new ReceivedConfirmation(
        id,
        text(o, "orderNumber", MAX_ID, true).orElseThrow(),
        text(o, "operation", MAX_ID, false).orElse(""),
        status,
        text(o, "machine", MAX_ID, false).filter(m -> !m.isEmpty()),
        good,
        scrap,
        instant(o, "at").orElseThrow(() -> new BadRequest("at is missing")),
        text(o, "reason", MAX_TEXT, false),
        receivedAt);
  }

  static int seconds(JsonNode o) throws BadRequest {
    long s = whole(o, "seconds").orElseThrow(() -> new BadRequest("seconds is missing"));
    if (s < 0 || s > 86_400) {
      throw new BadRequest("seconds must be 0 to 86400, not " + s);
    }
    return (int) s;
  }

  static ObjectNode write(ProductionOrder p) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("orderNumber", p.orderNumber());
    o.put("operation", p.operation());
    o.put("product", p.product());
    o.put("quantity", p.quantity());
    o.put("machine", p.machine().orElse(null));
    ObjectNode sp = o.putObject("setpoints");
    p.setpoints().forEach(sp::put);
    // 60, not 6E+1.
    p.idealCycleSeconds()
        .ifPresent(c -> o.put("idealCycleSeconds", new BigDecimal(c.toPlainString())));
    p.plannedStart().ifPresent(t -> o.put("plannedStart", t.toString()));
    p.plannedEnd().ifPresent(t -> o.put("plannedEnd", t.toString()));
    o.put("priority", p.priority());
    return o;
  }

  static ObjectNode write(OrderBook.OrderView v) {
    ObjectNode o = write(v.order());
    o.put("status", v.status());
    o.put("good", v.good());
    o.put("scrap", v.scrap());
    o.put("confirmations", v.confirmations());
    return o;
  }

  static ObjectNode write(ReceivedConfirmation c) {
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
    o.put("receivedAt", c.receivedAt().toString());
    return o;
  }

  static ObjectNode page(List<OrderBook.OrderView> orders, String cursor) {
    ObjectNode o = MAPPER.createObjectNode();
    ArrayNode a = o.putArray("orders");
    orders.forEach(v -> a.add(write(v.order())));
    o.put("cursor", cursor);
    return o;
  }

  static ArrayNode list(List<ReceivedConfirmation> confirmations) {
    ArrayNode a = MAPPER.createArrayNode();
    confirmations.forEach(c -> a.add(write(c)));
    return a;
  }

  static ObjectNode duplicate(boolean duplicate) {
    return MAPPER.createObjectNode().put("duplicate", duplicate);
  }

  static ObjectNode outage(int seconds) {
    return MAPPER.createObjectNode().put("outageSeconds", seconds);
  }

  /** RFC 9457 problem details. */
  static ObjectNode problem(int status, String title, String detail) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("type", "about:blank");
    o.put("title", title);
    o.put("status", status);
    o.put("detail", detail);
    return o;
  }

  private static Optional<String> text(JsonNode o, String field, int max, boolean required)
      throws BadRequest {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new BadRequest(field + " is missing");
      }
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw new BadRequest(field + " must be a string");
    }
    String s = v.textValue();
    if (required && s.isBlank()) {
      throw new BadRequest(field + " is empty");
    }
    if (s.length() > max || s.chars().anyMatch(Character::isISOControl)) {
      throw new BadRequest(field + " must be at most " + max + " printable characters");
    }
    return Optional.of(s);
  }

  private static Optional<Long> whole(JsonNode o, String field) throws BadRequest {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isIntegralNumber()) {
      throw new BadRequest(field + " must be a whole number");
    }
    BigInteger n = v.bigIntegerValue();
    if (n.bitLength() > 63) {
      throw new BadRequest(field + " is out of range");
    }
    return Optional.of(n.longValue());
  }

  private static Optional<Instant> instant(JsonNode o, String field) throws BadRequest {
    Optional<String> t = text(o, field, 64, false);
    if (t.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(t.get()));
    } catch (DateTimeParseException e) {
      throw new BadRequest(field + " is not an ISO-8601 instant: " + t.get());
    }
  }

  private static Map<String, String> setpoints(JsonNode v) throws BadRequest {
    Map<String, String> out = new LinkedHashMap<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isObject() || v.size() > 1000) {
      throw new BadRequest("setpoints must be an object of at most 1000 tag paths");
    }
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      JsonNode value = e.getValue();
      if (e.getKey().isBlank() || !value.isValueNode() || value.isNull()) {
        throw new BadRequest("setpoints/" + e.getKey() + " must be a string, number or boolean");
      }
      if (value.isBigDecimal() && Math.abs(value.decimalValue().scale()) > 64) {
        throw new BadRequest("setpoints/" + e.getKey() + " is out of range");
      }
      out.put(
          e.getKey(), value.isBigDecimal() ? value.decimalValue().toPlainString() : value.asText());
    }
    return out;
  }
}
