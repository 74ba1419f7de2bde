package io.millwright.jobs.erp.rest;

import io.millwright.jobs.erp.Confirmation;
import io.millwright.jobs.erp.Delivery;
import io.millwright.jobs.erp.ErpAdapter;
import io.millwright.jobs.erp.ErpException;
import io.millwright.jobs.erp.OrderBatch;
import io.millwright.jobs.erp.json.OrderJson;
import io.millwright.jobs.erp.json.UnreadableBodyException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A generic JSON-over-HTTP ERP, polled: {@code GET {base}/orders?after=cursor&limit=n} answers
 * {@code {"orders":[...],"cursor":"..."}} (see {@link OrderJson} for an order's fields), and {@code
 * POST {base}/confirmations} takes one confirmation with its id as the {@code Idempotency-Key}.
 *
 * <p>Only a refusal of the request itself (400, 409 on a fetch, 410, 413, 414, 415, 422, and 404 to
 * a confirmation: its order is unknown) is final, and a 200 that is not a page of orders (it would
 * be the same next time); anything else (unreachable, timeouts, 5xx, 408, 429, 401/403 credentials,
 * 404 during a deployment, redirects) is retried, so a confirmation is never given up because the
 * ERP as a whole was unusable. Redirects are not followed: the base URL should be the final one.
 * Used by one thread at a time, as {@link ErpAdapter} says.
 */
public final class RestErpAdapter implements ErpAdapter {

  /** Answers that refuse the request itself, not the site: retrying the same one cannot help. */
  static final Set<Integer> REFUSALS = Set.of(400, 409, 410, 413, 414, 415, 422);

  /** Largest answer read; a page of orders is far smaller. */
  static final int MAX_ANSWER_BYTES = OrderJson.MAX_BODY_CHARS;

  private static final int SNIPPET_CHARS = 200;

  private final RestErpConfig config;
  private final HttpClient client;

  public RestErpAdapter(RestErpConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(config.requestTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public OrderBatch fetch(String cursor, int limit) throws ErpException {
    Objects.requireNonNull(cursor, "cursor");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, not " + limit);
    }
    URI uri =
        URI.create(
            config.baseUrl()
                + config.ordersPath()
                + "?after="
                + URLEncoder.encode(cursor, StandardCharsets.UTF_8)
                + "&limit="
                + limit);
    Answer answer = send(request(uri).GET().build());
    if (answer.status() != 200) {
      throw failure(answer);
    }
    try {
      return OrderJson.readPage(answer.body(), config.fieldNames(), cursor);
    } catch (UnreadableBodyException e) {
      throw new ErpException(
          "the ERP's answer to GET "
              + uri.getPath()
              + " is not a page of orders: "
              + e.getMessage(),
          false,
          e);
    }
  }

  @Override
  public Delivery confirm(Confirmation confirmation) throws ErpException {
    URI uri = URI.create(config.baseUrl() + config.confirmationsPath());
    HttpRequest.Builder request;
    try {
      request =
          request(uri)
              .header("Idempotency-Key", confirmation.id())
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      OrderJson.writeConfirmation(confirmation), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new ErpException(
          "confirmation id cannot be sent as an Idempotency-Key header: " + e.getMessage(),
          false,
          e);
    }
    Answer answer = send(request.build());
    return switch (answer.status()) {
      case 200 -> OrderJson.saysDuplicate(answer.body()) ? Delivery.DUPLICATE : Delivery.ACCEPTED;
      case 201, 202, 204 -> Delivery.ACCEPTED;
      case 409 -> Delivery.DUPLICATE;
      // To a confirmation, 404 says its order is not there (the ERP refuses this one): final, or
      // it would hold up every later confirmation. To a fetch it says the path is gone: retried.
      case 404 -> throw failure(answer, false);
      default -> throw failure(answer);
    };
  }

  /** The base URL and paths; never the token. */
  @Override
  public String describe() {
    return "rest "
        + config.baseUrl()
        + " (orders "
        + config.ordersPath()
        + ", confirmations "
        + config.confirmationsPath()
        + (config.bearerToken().isPresent() ? ", bearer token" : "")
        + ")";
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "RestErpAdapter[" + describe() + "]";
  }

  private HttpRequest.Builder request(URI uri) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(config.requestTimeout())
            .header("Accept", "application/json");
    config.bearerToken().ifPresent(t -> b.header("Authorization", "Bearer " + t));
    return b;
  }

  private Answer send(HttpRequest request) throws ErpException {
    String what = request.method() + " " + request.uri().getPath();
    CompletableFuture<HttpResponse<byte[]>> exchange =
        client.sendAsync(request, info -> new CappedBody(MAX_ANSWER_BYTES));
    try {
      // The request's own timeout ends at the headers; this bounds a body that trickles too.
      HttpResponse<byte[]> response =
          exchange.get(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
      return new Answer(
          what, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
    } catch (TimeoutException e) {
      exchange.cancel(true);
      throw timedOut(what, e);
    } catch (ExecutionException e) {
      throw failed(what, e.getCause());
    } catch (InterruptedException e) {
      exchange.cancel(true);
      Thread.currentThread().interrupt();
      throw new ErpException(what + " was interrupted", true, e);
    }
  }

  private ErpException failed(String what, Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof CappedBody.TooLarge) {
        return new ErpException("the ERP's answer to " + what + ": " + t.getMessage(), false, t);
      }
      if (t instanceof HttpTimeoutException) {
        return timedOut(what, t);
      }
    }
    return new ErpException(
        "cannot reach the ERP at " + config.baseUrl() + " (" + what + "): " + cause, true, cause);
  }

  private ErpException timedOut(String what, Throwable cause) {
    return new ErpException(
        what + " took longer than " + config.requestTimeout() + "; will retry", true, cause);
  }

  private static ErpException failure(Answer a) {
    return failure(a, !REFUSALS.contains(a.status()));
  }

  private static ErpException failure(Answer a, boolean retryable) {
    int s = a.status();
    // Only a refusal of this very request is final (it would fail again unchanged, and one bad
    // confirmation must not hold up the rest). Credentials that expired, a path missing during
    // the ERP's deployment, a redirect: the ERP as a whole is not usable now, and every
    // confirmation would fail alike; retried, so none is given up.
    String kind =
        s >= 300 && s < 400
            ? "a redirect, which is not followed: configure the final URL; will retry"
            : retryable
                ? (s == 401 || s == 403 || s == 407
                    ? "the ERP refused the credentials; will retry"
                    : "the ERP is unavailable; will retry")
                : "the ERP refused the request";
    return new ErpException(
        a.what() + " answered " + s + ": " + kind + snippet(a.body()), retryable);
  }

  private static String snippet(String body) {
    if (body.isBlank()) {
      return "";
    }
    String oneLine = body.strip().replaceAll("\\p{Cntrl}+", " ");
    return " ("
        + (oneLine.length() > SNIPPET_CHARS ? oneLine.substring(0, SNIPPET_CHARS) + "..." : oneLine)
        + ")";
  }

  private record Answer(String what, int status, String body) {}
}
