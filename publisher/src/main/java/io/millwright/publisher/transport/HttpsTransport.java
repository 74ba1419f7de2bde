package io.millwright.publisher.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;

/**
 * Posts batches and statuses to the cloud role over HTTPS (JDK {@link HttpClient}):
 *
 * <ul>
 *   <li>a batch: {@code POST <base>/api/v1/fleet/ingest/<site>/batches/<buffer>/<sequence>
 *       ?historical=<true|false>}, body the envelope's payload as is, {@code Content-Type:
 *       application/vnd.millwright.batch};
 *   <li>a status: {@code POST <base>/api/v1/fleet/ingest/<site>/status}, body {@link
 *       SiteStatusJson}, {@code Content-Type: application/json};
 * </ul>
 *
 * each with {@code Authorization: Bearer <token>} when there is a token. A batch is delivered only
 * on 201 or 200 whose JSON body {@code {"outcome":"stored"|"duplicate","batch":"<id>"}} names the
 * batch sent: the publisher deletes a delivered batch, and a wrong URL, a proxy or a captive portal
 * answering {@code 200 text/html} must not make it delete data the cloud never stored; any other
 * success (204, a garbage body, another batch's id) is worth retrying. A status is delivered by
 * 200, 201 or 204 (losing one costs nothing, the next replaces it). 400, 413, 415 and 422 refused
 * it for good (with the problem detail's {@code detail}, cut short); everything else (401, 403,
 * 404, 408, 429, 5xx, other 2xx such as 202, redirects, which are never followed, timeouts, refused
 * connections, TLS failures) is worth retrying. The token never appears in an exception's message
 * or a log line. A plain {@code http://} base URL works too, for the demo on loopback only.
 */
public final class HttpsTransport implements CloudTransport {

  public static final String BATCH_CONTENT_TYPE = "application/vnd.millwright.batch";

  /** Most of an answer's body read; the rest is dropped. */
  static final int MAX_ANSWER_BYTES = 64 * 1024;

  /** Longest server detail quoted in an exception. */
  static final int MAX_DETAIL = 300;

  private static final Logger LOG = Logger.getLogger(HttpsTransport.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpsTransportConfig config;
  private final HttpClient client;

  public HttpsTransport(HttpsTransportConfig config) {
    this.config = config;
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(config.timeout())
            .followRedirects(HttpClient.Redirect.NEVER);
    if (!config.plain()) {
      builder.sslContext(TlsStores.context(config.trustStore(), config.trustStorePassword()));
    } else {
      LOG.warning(
          "the cloud transport posts to "
              + config.base()
              + " in clear text (http://): for a demo on loopback only");
    }
    this.client = builder.build();
  }

  @Override
  public void send(Envelope batch) throws TransportException {
    var id = batch.id();
    String what = "batch " + id;
    requireSite(id.site(), what);
    URI uri =
        URI.create(
            config.base()
                + "/api/v1/fleet/ingest/"
                + config.site()
                + "/batches/"
                + id.buffer()
                + "/"
                + id.sequence()
                + "?historical="
                + batch.historical());
    HttpResponse<byte[]> response =
        exchange(what, request(uri, BATCH_CONTENT_TYPE, batch.payload()));
    requireConfirmed(what, id.toString(), response.statusCode(), response.body());
    if (LOG.isLoggable(Level.FINE)) {
      LOG.fine(what + " delivered: " + outcome(response.body()));
    }
  }

  @Override
  public void sendStatus(SiteStatus status) throws TransportException {
    String what = "the status of " + status.site();
    requireSite(status.site(), what);
    URI uri = URI.create(config.base() + "/api/v1/fleet/ingest/" + config.site() + "/status");
    exchange(what, request(uri, "application/json", SiteStatusJson.encode(status)));
  }

  private void requireSite(String site, String what) throws TransportException {
    if (!site.equals(config.site())) {
      throw TransportException.refused(
          what + " belongs to site " + site + ", this transport posts as " + config.site());
    }
  }

  private HttpRequest request(URI uri, String contentType, byte[] body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(config.timeout())
            .header("Content-Type", contentType)
            .header("Accept", "application/json, application/problem+json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    config.token().ifPresent(t -> request.header("Authorization", "Bearer " + t));
    return request.build();
  }

  /**
   * Throws a retryable exception unless the answer is 201 or 200 with {@code {"outcome":
   * "stored"|"duplicate", "batch": "<batch>"}}: the publisher deletes what this lets through.
   */
  private void requireConfirmed(String what, String batch, int status, byte[] body)
      throws TransportException {
    JsonNode json = json(body);
    boolean confirmed =
        (status == 200 || status == 201)
            && json != null
            && json.path("outcome").isTextual()
            && List.of("stored", "duplicate").contains(json.path("outcome").textValue())
            && batch.equals(json.path("batch").textValue());
    if (!confirmed) {
      throw TransportException.retryable(
          what
              + ": the cloud's answer does not confirm batch "
              + batch
              + " (HTTP "
              + status
              + " from "
              + target()
              + "; is the cloud URL right, or is a proxy answering?)",
          null);
    }
  }

  private HttpResponse<byte[]> exchange(String what, HttpRequest request)
      throws TransportException {
    CompletableFuture<HttpResponse<byte[]>> pending =
        client.sendAsync(request, info -> new BoundedBody());
    HttpResponse<byte[]> response;
    try {
      response = pending.get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true);
      throw TransportException.retryable(
          what + ": " + target() + " did not answer within " + config.timeout(), null);
    } catch (InterruptedException e) {
      pending.cancel(true);
      Thread.currentThread().interrupt();
      throw TransportException.retryable(what + ": interrupted", e);
    } catch (ExecutionException e) {
      throw failed(what, e.getCause() == null ? e : e.getCause());
    }
    answer(what, response.statusCode(), response.headers(), response.body());
    return response;
  }

  private TransportException failed(String what, Throwable cause) {
    SSLException tls = null;
    for (Throwable c = cause; c != null && tls == null; c = c.getCause()) {
      if (c instanceof SSLException ssl) {
        tls = ssl; // the JDK sometimes wraps an SSL failure in a plain IOException
      }
    }
    String message;
    if (tls != null) {
      message =
          "TLS with "
              + target()
              + " failed ("
              + cut(tls.getMessage())
              + "); is the cloud's certificate signed by an authority of the trust store?";
    } else {
      message =
          switch (cause) {
            case HttpConnectTimeoutException t ->
                "cannot connect to " + target() + " within " + config.timeout();
            case HttpTimeoutException t -> target() + " did not answer within " + config.timeout();
            case ConnectException t ->
                "cannot connect to "
                    + target()
                    + (t.getMessage() == null
                        ? " (connection refused)"
                        : ": " + cut(t.getMessage()));
            case IOException t -> "no answer from " + target() + ": " + describe(t);
            default -> "failed: " + describe(cause);
          };
    }
    return TransportException.retryable(what + ": " + message, cause);
  }

  private void answer(String what, int status, java.net.http.HttpHeaders headers, byte[] body)
      throws TransportException {
    switch (status) {
      case 200, 201, 204 -> {
        // a success status; whether it confirms a batch is send's to judge
      }
      case 400, 413, 415, 422 ->
          throw TransportException.refused(
              what + " refused by the cloud (HTTP " + status + ")" + detail(body));
      case 401, 403 ->
          throw TransportException.retryable(
              what
                  + ": the cloud does not accept this site's credentials (HTTP "
                  + status
                  + ")"
                  + detail(body),
              null);
      case 404 ->
          throw TransportException.retryable(
              what
                  + ": the cloud does not know site "
                  + config.site()
                  + " or the fleet API (HTTP 404)"
                  + detail(body),
              null);
      case 408, 429 ->
          throw TransportException.retryable(
              what + ": the cloud is busy (HTTP " + status + ")" + detail(body), null);
      default -> {
        if (status >= 300 && status < 400) {
          throw TransportException.retryable(
              what
                  + ": the cloud redirects (HTTP "
                  + status
                  + " to "
                  + cut(headers.firstValue("Location").orElse("nowhere"))
                  + "); redirects are not followed, check the cloud URL",
              null);
        }
        if (status >= 500) {
          throw TransportException.retryable(
              what + ": the cloud failed (HTTP " + status + ")" + detail(body), null);
        }
        throw TransportException.retryable(
            what + ": unexpected answer HTTP " + status + " from " + target() + detail(body), null);
      }
    }
  }

  private static String outcome(byte[] body) {
    JsonNode json = json(body);
    return json != null && json.path("outcome").isTextual()
        ? cut(json.path("outcome").textValue())
        : "no outcome in the answer";
  }

  /** {@code ": <detail>"} from an RFC 9457 problem detail (or its title), empty without one. */
  static String detail(byte[] body) {
    JsonNode json = json(body);
    if (json == null) {
      return "";
    }
    for (String field : List.of("detail", "title")) {
      if (json.path(field).isTextual() && !json.path(field).textValue().isBlank()) {
        return ": " + cut(json.path(field).textValue());
      }
    }
    return "";
  }

  private static JsonNode json(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String describe(Throwable t) {
    return t.getMessage() == null ? t.getClass().getSimpleName() : cut(t.getMessage());
  }

  /** At most {@value #MAX_DETAIL} chars, control characters replaced. */
  static String cut(String text) {
    if (text == null) {
      return "";
    }
    String shown = text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL) + "...";
    return shown.replaceAll("\\p{Cntrl}", " ");
  }

  @Override
  public String kind() {
    return "https";
  }

  @Override
  public String target() {
    return config.base();
  }

  @Override
  public void close() {
    client.shutdownNow();
  }

  @Override
  public String toString() {
    return "HttpsTransport[" + config + "]";
  }

  /** Keeps the first {@value #MAX_ANSWER_BYTES} bytes of an answer and stops reading there. */
  private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      for (ByteBuffer item : items) {
        int take = Math.min(item.remaining(), MAX_ANSWER_BYTES - bytes.size());
        byte[] chunk = new byte[take];
        item.get(chunk);
        bytes.write(chunk, 0, take);
      }
      if (bytes.size() >= MAX_ANSWER_BYTES && !result.isDone()) {
        result.complete(bytes.toByteArray());
        subscription.cancel();
      }
    }

    @Override
    public void onError(Throwable error) {
      result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
      result.complete(bytes.toByteArray());
    }
  }
}
