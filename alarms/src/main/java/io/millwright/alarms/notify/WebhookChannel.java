package io.millwright.alarms.notify;

import io.millwright.alarms.engine.AlarmEvent;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * POSTs {@code {"events":[...]}} (see {@link EventJson}) to a URL with the JDK's HTTP client. Each
 * request carries {@code Idempotency-Key: <channel>-<firstSeq>-<lastSeq>} so that a receiver can
 * drop a batch it gets twice.
 */
public final class WebhookChannel implements Channel {

  /**
   * Answers about the entries themselves, which retrying cannot change. Answers about the receiver
   * (401/403 a rotated token, 404/405/410 a moved URL) are retried with backoff like an outage:
   * skipping on them would throw the whole backlog away in seconds while someone fixes the hook.
   */
  static final Set<Integer> PERMANENT = Set.of(400, 413, 422);

  private final WebhookConfig config;
  private final HttpClient client;

  /** A channel with its own HTTP client, closed by {@link #close()}. */
  public WebhookChannel(WebhookConfig config) {
    this.config = config;
    // HTTP/1.1: some plant-floor receivers mishandle the h2c upgrade the client would offer on
    // http.
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(config.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public ChannelFilter filter() {
    return config.filter();
  }

  @Override
  public int batch() {
    return config.batch();
  }

  @Override
  public Duration spacing() {
    return Duration.ZERO;
  }

  @Override
  public void deliver(List<AlarmEvent> events) throws DeliveryException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(config.url())
            .timeout(config.timeout())
            .header("Content-Type", "application/json")
            .header(
                "Idempotency-Key",
                config.name() + "-" + events.getFirst().seq() + "-" + events.getLast().seq())
            .POST(HttpRequest.BodyPublishers.ofString(EventJson.json(events)));
    for (Map.Entry<String, String> h : config.headers().entrySet()) {
      request.header(h.getKey(), h.getValue());
    }
    int status;
    try {
      status = client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      // The class names the failure (refused, timed out, TLS); messages may quote the URL.
      throw new DeliveryException(e.getClass().getSimpleName(), false);
    }
    if (status >= 200 && status < 300) {
      return;
    }
    throw new DeliveryException("HTTP " + status, PERMANENT.contains(status));
  }

  @Override
  public void close() {
    client.shutdownNow();
  }

  @Override
  public String toString() {
    return "WebhookChannel[" + config + "]";
  }
}
