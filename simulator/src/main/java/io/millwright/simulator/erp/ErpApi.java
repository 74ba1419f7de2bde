package io.millwright.simulator.erp;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated ERP's REST endpoints under {@code /api}: orders to fetch and add, confirmations to
 * take, and an outage switch for tests. Every answer is JSON; every refusal is problem JSON with a
 * sentence, counted; nothing a client sends can stop the server.
 */
final class ErpApi implements HttpHandler {

  static final int MAX_BODY_BYTES = 1024 * 1024;
  static final int MAX_ORDERS = 100_000;
  private static final int DEFAULT_LIMIT = 100;
  private static final int MAX_LIMIT = 1_000;
  private static final Logger LOG = System.getLogger(ErpApi.class.getName());

  private final OrderBook book;
  private final ErpCounters counters;
  private final Clock clock;
  private final Optional<byte[]> expectedAuthorization;
  private volatile Instant outageUntil = Instant.MIN;

  ErpApi(OrderBook book, ErpCounters counters, Clock clock, Optional<String> bearerToken) {
    this.book = book;
    this.counters = counters;
    this.clock = clock;
    this.expectedAuthorization =
        bearerToken.map(t -> ("Bearer " + t).getBytes(StandardCharsets.US_ASCII));
  }

  void outage(long seconds) {
    outageUntil = seconds == 0 ? Instant.MIN : clock.instant().plusSeconds(seconds);
  }

  @Override
  public void handle(HttpExchange x) throws IOException {
    try (x) {
      Reply reply;
      try {
        reply = route(x);
      } catch (BadRequest e) {
        reply = Reply.problem(e.status(), e.getMessage());
      } catch (RuntimeException e) {
        // A bug here must cost one request, not the server.
        LOG.log(
            Level.WARNING,
            "ERP simulator failed on "
                + x.getRequestMethod()
                + " "
                + x.getRequestURI().getRawPath(),
            e);
        reply = Reply.problem(500, "the simulator failed: " + e);
      }
      send(x, reply);
    }
  }

  private Reply route(HttpExchange x) throws BadRequest, IOException {
    if (!authorized(x)) {
      x.getResponseHeaders().set("WWW-Authenticate", "Bearer");
      throw new BadRequest(401, "a bearer token is required");
    }
    String path = x.getRequestURI().getRawPath();
    String method = x.getRequestMethod();
    if (path.equals("/api/outage")) {
      requireMethod(x, "POST");
      int seconds = ErpJson.seconds(ErpJson.parse(body(x)));
      outage(seconds);
      return Reply.json(200, ErpJson.outage(seconds));
    }
    if (clock.instant().isBefore(outageUntil)) {
      x.getResponseHeaders().set("Retry-After", "1");
      throw new BadRequest(503, "the ERP is down for maintenance (simulated outage)");
    }
    Map<String, String> query = query(x.getRequestURI().getRawQuery());
    if (path.equals("/api/orders")) {
      if (method.equals("GET")) {
        return orders(query);
      }
      requireMethod(x, "POST");
      return addOrder(x);
    }
    if (path.startsWith("/api/orders/")) {
      requireMethod(x, "GET");
      String number =
          URLDecoder.decode(path.substring("/api/orders/".length()), StandardCharsets.UTF_8);
      return book.find(number, Optional.ofNullable(query.get("operation")))
          .map(v -> Reply.json(200, ErpJson.write(v)))
          .orElseThrow(() -> new BadRequest(404, "no order " + number));
    }
    if (path.equals("/api/confirmations")) {
      if (method.equals("GET")) {
        return Reply.json(
            200,
            ErpJson.list(
                book.confirmations(Optional.ofNullable(query.get("order")), limit(query))));
      }
      requireMethod(x, "POST");
      return confirm(x);
    }
    throw new BadRequest(404, "no such endpoint: " + path);
  }

  private Reply orders(Map<String, String> query) throws BadRequest {
    String after = query.getOrDefault("after", "");
    long sequence = 0;
    if (!after.isEmpty()) {
      try {
        sequence = Long.parseLong(after);
      } catch (NumberFormatException e) {
        throw new BadRequest(
            "after must be a cursor this ERP gave (a sequence number), not \"" + after + "\"");
      }
      if (sequence < 0) {
        throw new BadRequest("after must not be negative");
      }
    }
    List<OrderBook.OrderView> page = book.after(sequence, limit(query));
    String cursor = page.isEmpty() ? after : Long.toString(page.getLast().sequence());
    return Reply.json(200, ErpJson.page(page, cursor));
  }

  private Reply addOrder(HttpExchange x) throws BadRequest, IOException {
    ProductionOrder order = ErpJson.order(ErpJson.parse(body(x)));
    if (book.size() >= MAX_ORDERS) {
      throw new BadRequest(507, "the simulated ERP holds " + MAX_ORDERS + " orders already");
    }
    OrderBook.AddResult r = book.add(order);
    return switch (r.outcome()) {
      case CREATED -> {
        x.getResponseHeaders()
            .set(
                "Location",
                "/api/orders/" + URLEncoder.encode(order.orderNumber(), StandardCharsets.UTF_8));
        yield Reply.json(201, ErpJson.write(r.order()));
      }
      case SAME_EXISTS -> Reply.json(200, ErpJson.write(r.order()));
      case CONFLICT ->
          throw new BadRequest(409, "order " + order.key() + " exists with different content");
    };
  }

  private Reply confirm(HttpExchange x) throws BadRequest, IOException {
    ReceivedConfirmation c =
        ErpJson.confirmation(
            ErpJson.parse(body(x)),
            x.getRequestHeaders().getFirst("Idempotency-Key"),
            clock.instant());
    return switch (book.confirm(c)) {
      case APPLIED, REJECTION_RECORDED -> Reply.json(201, ErpJson.duplicate(false));
      case DUPLICATE -> Reply.json(200, ErpJson.duplicate(true));
      case UNKNOWN_ORDER ->
          throw new BadRequest(
              404, "no order " + c.orderNumber() + " operation \"" + c.operation() + "\"");
    };
  }

  private boolean authorized(HttpExchange x) {
    if (expectedAuthorization.isEmpty()) {
      return true;
    }
    String given = x.getRequestHeaders().getFirst("Authorization");
    return given != null
        && MessageDigest.isEqual(
            expectedAuthorization.get(), given.getBytes(StandardCharsets.US_ASCII));
  }

  private static void requireMethod(HttpExchange x, String method) throws BadRequest {
    if (!x.getRequestMethod().equals(method)) {
      throw new BadRequest(405, x.getRequestMethod() + " is not allowed here");
    }
  }

  private static int limit(Map<String, String> query) throws BadRequest {
    String text = query.get("limit");
    if (text == null || text.isEmpty()) {
      return DEFAULT_LIMIT;
    }
    try {
      int n = Integer.parseInt(text);
      if (n >= 1 && n <= MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new BadRequest("limit must be 1 to " + MAX_LIMIT + ", not \"" + text + "\"");
  }

  private static Map<String, String> query(String raw) throws BadRequest {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      try {
        String key =
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value =
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        q.putIfAbsent(key, value);
      } catch (IllegalArgumentException e) {
        throw new BadRequest("the query is not URL-encoded properly");
      }
    }
    return q;
  }

  private static String body(HttpExchange x) throws BadRequest, IOException {
    String length = x.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length.trim()) > MAX_BODY_BYTES) {
          throw new BadRequest(413, "the body is larger than " + MAX_BODY_BYTES + " bytes");
        }
      } catch (NumberFormatException e) {
        throw new BadRequest("Content-Length is not a number");
      }
    }
    try (InputStream in = x.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        throw new BadRequest(413, "the body is larger than " + MAX_BODY_BYTES + " bytes");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private void send(HttpExchange x, Reply reply) throws IOException {
    counters.answered(reply.status());
    byte[] bytes = reply.body().toString().getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders()
        .set(
            "Content-Type",
            reply.status() >= 400 ? "application/problem+json" : "application/json");
    x.sendResponseHeaders(reply.status(), bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  private record Reply(int status, JsonNode body) {
    static Reply json(int status, JsonNode body) {
      return new Reply(status, body);
    }

    static Reply problem(int status, String detail) {
      return new Reply(status, ErpJson.problem(status, title(status), detail));
    }

    private static String title(int status) {
      return switch (status) {
        case 400 -> "Bad Request";
        case 401 -> "Unauthorized";
        case 404 -> "Not Found";
        case 405 -> "Method Not Allowed";
        case 409 -> "Conflict";
        case 413 -> "Content Too Large";
        case 503 -> "Service Unavailable";
        case 507 -> "Insufficient Storage";
        default -> "Error";
      };
    }
  }
}
