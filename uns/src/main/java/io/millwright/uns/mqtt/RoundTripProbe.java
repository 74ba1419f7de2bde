package io.millwright.uns.mqtt;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Proves the namespace works end to end: a client publishes a QoS 1 message to its own probe topic
 * and must receive it back. A broker whose port is open but which forwards nothing fails this check
 * (the "connected but silent" failure of other platforms' bridges).
 */
public final class RoundTripProbe implements AutoCloseable {

  /** What the last check found. */
  public record Result(boolean ok, String detail, long checkedAtMillis, long roundTripNanos) {}

  static final Duration INTERVAL = Duration.ofSeconds(5);
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final MqttEndpoint endpoint;
  private final String clientId;
  private final String topic;
  private final AtomicReference<Result> last =
      new AtomicReference<>(new Result(false, "no round trip yet", 0, 0));
  private final AtomicReference<CompletableFuture<Long>> pending = new AtomicReference<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().name("mqtt-probe").daemon().unstarted(r));
  private Mqtt5AsyncClient client;
  private long counter;

  public RoundTripProbe(MqttEndpoint endpoint, String clientId) {
    this.endpoint = endpoint;
    this.clientId = clientId;
    this.topic = "millwright/probe/" + clientId;
  }

  /**
   * Connects and runs the first check before returning, so a start is ready only once the namespace
   * answers.
   */
  public void start() throws Exception {
    client = endpoint.clientBuilder(clientId).automaticReconnectWithDefaultConfig().buildAsync();
    client.connectWith().cleanStart(true).send().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    client
        .subscribeWith()
        .topicFilter(topic)
        .qos(MqttQos.AT_LEAST_ONCE)
        .callback(
            publish -> {
              CompletableFuture<Long> waiting = pending.get();
              ByteBuffer payload = publish.getPayload().orElse(null);
              if (waiting != null && payload != null && payload.remaining() == Long.BYTES) {
                waiting.complete(payload.getLong(payload.position()));
              }
            })
        .send()
        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    check();
    timer.scheduleWithFixedDelay(
        this::check, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  public Result last() {
    return last.get();
  }

  private void check() {
    long id = ++counter;
    CompletableFuture<Long> waiting = new CompletableFuture<>();
    pending.set(waiting);
    long begin = System.nanoTime();
    try {
      client
          .publishWith()
          .topic(topic)
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload(ByteBuffer.allocate(Long.BYTES).putLong(0, id))
          .send();
      long got = waiting.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      long nanos = System.nanoTime() - begin;
      last.set(
          got == id
              ? new Result(
                  true, "round trip in " + nanos / 1000 + " us", System.currentTimeMillis(), nanos)
              : new Result(
                  false, "probe answered out of order", System.currentTimeMillis(), nanos));
    } catch (java.util.concurrent.TimeoutException e) {
      last.set(
          new Result(
              false,
              "no round trip through " + endpoint + " within " + TIMEOUT.toSeconds() + " s",
              System.currentTimeMillis(),
              0));
    } catch (Exception e) {
      last.set(
          new Result(false, "round trip failed: " + e.getMessage(), System.currentTimeMillis(), 0));
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    if (client != null) {
      try {
        client.disconnect().get(2, TimeUnit.SECONDS);
      } catch (Exception e) {
        // closing anyway; the broker drops the session
      }
    }
  }
}
