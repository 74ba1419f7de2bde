package io.millwright.publisher.transport;

import com.hivemq.client.mqtt.MqttClientState;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import io.millwright.uns.mqtt.Backoff;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The cloud side of {@link MqttTransport}: takes every site's batches and statuses from the cloud
 * broker and hands them to a {@link BatchSink}.
 *
 * <p>It holds a persistent session (fixed client id, clean start off, a session that outlives the
 * intake by {@link #SESSION_EXPIRY}), so what sites publish while it is down waits at the broker.
 * It subscribes {@code <prefix>/+/batch/#} and {@code <prefix>/+/status} at QoS 1 and acknowledges
 * each message itself, only once the sink has taken it ({@code accept} returned) or refused it
 * ({@link BatchSink.RefusedException}, an unreadable topic or status: acknowledged, counted as
 * refused, logged with the reason). When the sink fails otherwise (its store is down) the message
 * is not acknowledged: the intake disconnects, waits (0.5 s doubling to 30 s) and connects again,
 * and the broker delivers the message again. Messages are handled one at a time, in the order they
 * arrive, on the intake's own thread.
 */
public final class MqttIntake implements AutoCloseable {

  /** How long the broker keeps the intake's session (and its messages) while it is away. */
  public static final Duration SESSION_EXPIRY = Duration.ofDays(7);

  /**
   * Messages the broker may have in flight to the intake, unacknowledged, at once: bounds the
   * memory of batches waiting for a slow sink.
   */
  public static final int RECEIVE_MAXIMUM = 64;

  private static final Logger LOG = Logger.getLogger(MqttIntake.class.getName());

  /**
   * What the intake did so far.
   *
   * @param received messages handed to it (again after a failure too)
   * @param stored batches the sink stored now
   * @param duplicates batches the sink had already
   * @param statuses statuses the sink took
   * @param refused messages acknowledged without being taken: unreadable topic or status, or the
   *     sink refused them
   * @param failures messages the sink could not take now, left unacknowledged to come again
   * @param lastRefusal why the latest refused message was refused, empty before the first
   */
  public record Stats(
      long received,
      long stored,
      long duplicates,
      long statuses,
      long refused,
      long failures,
      String lastRefusal) {}

  private final MqttTransportConfig config;
  private final BatchSink sink;
  private final ScheduledThreadPoolExecutor worker;
  private final Executor onWorker;

  private final LongAdder received = new LongAdder();
  private final LongAdder stored = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder statuses = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final AtomicReference<String> lastRefusal = new AtomicReference<>("");

  private volatile boolean closed;
  private volatile boolean connected;

  // the worker thread's own
  private final Backoff backoff = new Backoff();
  private Mqtt5AsyncClient client;
  private long generation;
  private boolean poisoned;
  private boolean reconnectPending;
  private boolean sinkFailing;

  private MqttIntake(MqttTransportConfig config, BatchSink sink) {
    this.config = config;
    this.sink = sink;
    this.worker =
        new ScheduledThreadPoolExecutor(
            1, r -> Thread.ofPlatform().name("mqtt-intake").daemon().unstarted(r));
    worker.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.onWorker =
        task -> {
          try {
            worker.execute(task);
          } catch (RejectedExecutionException e) {
            // closed: the message stays unacknowledged at the broker
          }
        };
  }

  /** Starts taking messages; it connects in the background (and again whenever the link drops). */
  public static MqttIntake start(MqttTransportConfig config, BatchSink sink) {
    MqttIntake intake = new MqttIntake(config, sink);
    intake.onWorker.execute(intake::connect);
    return intake;
  }

  public Stats stats() {
    return new Stats(
        received.sum(),
        stored.sum(),
        duplicates.sum(),
        statuses.sum(),
        refused.sum(),
        failures.sum(),
        lastRefusal.get());
  }

  /** Whether it is connected and subscribed right now. */
  public boolean connected() {
    return connected;
  }

  private void connect() {
    reconnectPending = false;
    if (closed) {
      return;
    }
    long gen = ++generation;
    poisoned = false;
    Mqtt5AsyncClient c =
        config
            .clientBuilder()
            .addDisconnectedListener(
                context -> onWorker.execute(() -> lost(gen, context.getCause())))
            .buildAsync();
    client = c;
    // before connecting: the session's waiting messages come right after the CONNACK
    c.publishes(MqttGlobalPublishFilter.ALL, publish -> handle(gen, publish), onWorker, true);
    try {
      Mqtt5ConnAck connAck =
          c.connectWith()
              .cleanStart(false)
              .sessionExpiryInterval(SESSION_EXPIRY.toSeconds())
              .keepAlive(30)
              .restrictions()
              .receiveMaximum(RECEIVE_MAXIMUM)
              .applyRestrictions()
              .send()
              .get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
      Mqtt5SubAck subAck =
          c.subscribeWith()
              .addSubscription()
              .topicFilter(MqttTopics.batchFilter(config.topicPrefix()))
              .qos(MqttQos.AT_LEAST_ONCE)
              .applySubscription()
              .addSubscription()
              .topicFilter(MqttTopics.statusFilter(config.topicPrefix()))
              .qos(MqttQos.AT_LEAST_ONCE)
              .applySubscription()
              .send()
              .get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
      if (subAck.getReasonCodes().stream().anyMatch(code -> code.isError())) {
        throw new IllegalStateException(
            "the broker refused the subscriptions: " + subAck.getReasonCodes());
      }
      connected = true;
      if (!sinkFailing) {
        backoff.reset();
      }
      LOG.info(
          "cloud intake connected to "
              + config.target()
              + " as "
              + config.clientId()
              + (connAck.isSessionPresent() ? ", its session waiting" : ", a new session"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      Throwable cause =
          e instanceof java.util.concurrent.ExecutionException && e.getCause() != null
              ? e.getCause()
              : e;
      LOG.warning(
          "cloud intake cannot connect to "
              + config.target()
              + " as "
              + config.clientId()
              + ": "
              + MqttTransport.describe(cause));
      if (c.getState() != MqttClientState.DISCONNECTED) {
        c.disconnect().exceptionally(x -> null);
      }
      reconnectLater(gen);
    }
  }

  private void lost(long gen, Throwable cause) {
    if (gen != generation || closed) {
      return;
    }
    if (connected && !poisoned) {
      LOG.warning(
          "cloud intake lost "
              + config.target()
              + ": "
              + (cause == null ? "disconnected" : MqttTransport.describe(cause)));
    }
    connected = false;
    reconnectLater(gen);
  }

  private void reconnectLater(long gen) {
    if (closed || gen != generation || reconnectPending) {
      return;
    }
    reconnectPending = true;
    Duration wait = backoff.next();
    try {
      worker.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closed
    }
  }

  private void handle(long gen, Mqtt5Publish publish) {
    if (gen != generation || poisoned || closed) {
      return; // not acknowledged: the broker delivers it again after the reconnect
    }
    received.increment();
    String topic = publish.getTopic().toString();
    byte[] payload = publish.getPayloadAsBytes();
    MqttTopics.Parsed parsed;
    SiteStatus status = null;
    try {
      parsed = MqttTopics.parse(config.topicPrefix(), topic);
      if (parsed instanceof MqttTopics.StatusTopic) {
        status = SiteStatusJson.decode(payload);
        if (!status.site().equals(parsed.site())) {
          throw new IllegalArgumentException(
              "the status on " + topic + " names site " + status.site());
        }
      }
    } catch (IllegalArgumentException e) {
      refuse(publish, e.getMessage());
      return;
    }
    try {
      switch (parsed) {
        case MqttTopics.BatchTopic batch -> {
          BatchSink.Outcome outcome =
              sink.accept(batch.site(), new Envelope(batch.id(), batch.historical(), payload));
          (outcome == BatchSink.Outcome.DUPLICATE ? duplicates : stored).increment();
        }
        case MqttTopics.StatusTopic s -> {
          sink.acceptStatus(s.site(), status);
          statuses.increment();
        }
      }
    } catch (BatchSink.RefusedException e) {
      refuse(publish, topic + ": " + e.getMessage());
      return;
    } catch (Exception e) {
      failures.increment();
      LOG.log(
          Level.WARNING,
          "cloud intake could not store "
              + topic
              + " (left unacknowledged, taken again after a reconnect): "
              + e,
          e);
      poisoned = true;
      sinkFailing = true;
      connected = false;
      client.disconnect().exceptionally(x -> null);
      reconnectLater(gen);
      return;
    }
    publish.acknowledge();
    if (sinkFailing) {
      sinkFailing = false;
      backoff.reset();
    }
  }

  private void refuse(Mqtt5Publish publish, String reason) {
    refused.increment();
    lastRefusal.set(reason);
    LOG.warning("cloud intake refused a message: " + reason);
    publish.acknowledge();
  }

  /** Disconnects (the session stays at the broker for {@link #SESSION_EXPIRY}). */
  @Override
  public void close() {
    closed = true;
    try {
      worker
          .submit(
              () -> {
                connected = false;
                Mqtt5AsyncClient c = client;
                if (c != null && c.getState() != MqttClientState.DISCONNECTED) {
                  try {
                    c.disconnect().get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
                  } catch (Exception e) {
                    // it goes away either way
                  }
                }
              })
          .get(config.timeout().toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // shutting down regardless
    }
    worker.shutdownNow();
  }

  @Override
  public String toString() {
    return "MqttIntake[" + config + "]";
  }
}
