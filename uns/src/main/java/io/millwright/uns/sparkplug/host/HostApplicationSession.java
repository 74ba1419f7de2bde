package io.millwright.uns.sparkplug.host;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Value;
import io.millwright.uns.mqtt.Backoff;
import io.millwright.uns.mqtt.MqttEndpoint;
import io.millwright.uns.mqtt.Subscriptions;
import io.millwright.uns.sparkplug.HostStatus;
import io.millwright.uns.sparkplug.InvalidTopicException;
import io.millwright.uns.sparkplug.LogLimiter;
import io.millwright.uns.sparkplug.MessageType;
import io.millwright.uns.sparkplug.SparkplugDecodeException;
import io.millwright.uns.sparkplug.SparkplugTopic;
import io.millwright.uns.sparkplug.StateMachine;
import io.millwright.uns.sparkplug.codec.MetricValues;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.tahu.protobuf.SparkplugBProto;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;

/**
 * A Sparkplug B 3.0 host application: every consumer role (historian, alarms, OEE, web) reads the
 * namespace through one of these. It announces itself with a retained STATE, follows births and
 * deaths, decodes DATA into samples for a {@link SparkplugListener}, asks edge nodes for a rebirth
 * when their data stops making sense, and sends writes as DCMD.
 *
 * <p>Malformed payloads, wrong topics and oversize messages are counted and logged (at most once
 * per interval per kind) and never affect other nodes' data.
 */
public final class HostApplicationSession implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(HostApplicationSession.class.getName());
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final MqttEndpoint endpoint;
  private final HostConfig config;
  private final String stateTopic;
  private final LogLimiter log;
  private final NamespaceTracker tracker;
  private final StateMachine<HostState> lifecycle;
  private final ScheduledExecutorService scheduler;
  private final LongAdder messages = new LongAdder();
  private final LongAdder invalidTopics = new LongAdder();
  private final Object monitor = new Object();

  // Owned by the scheduler thread (and close()).
  private volatile Mqtt5AsyncClient client;
  private volatile long stateTimestamp;
  private long generation;
  private final Backoff backoff = new Backoff();
  private volatile boolean closing;
  // Set while this host announces itself offline but stays connected (pause/resume).
  private volatile boolean paused;
  private final java.util.concurrent.atomic.AtomicBoolean closeStarted =
      new java.util.concurrent.atomic.AtomicBoolean();

  public HostApplicationSession(
      MqttEndpoint endpoint, HostConfig config, SparkplugListener listener) {
    this.endpoint = endpoint;
    this.config = config;
    this.stateTopic = SparkplugTopic.state(config.hostId()).toString();
    this.log = new LogLimiter(LOG, config.logInterval());
    this.tracker = new NamespaceTracker(config, listener, this::sendRebirth, log);
    this.lifecycle =
        HostState.TRANSITIONS.start(
            "Sparkplug host " + config.hostId(),
            HostState.NEW,
            (from, to) -> {
              LOG.fine(() -> "Sparkplug host " + config.hostId() + ": " + from + " -> " + to);
              synchronized (monitor) {
                monitor.notifyAll();
              }
            });
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sparkplug-host-" + config.hostId());
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts connecting in the background; {@link #awaitOnline} waits for the STATE birth. */
  public void start() {
    scheduler.execute(
        () -> {
          if (lifecycle.canMoveTo(HostState.CONNECTING)) {
            connect();
          }
        });
  }

  /**
   * @return whether the session went online within the timeout
   */
  public boolean awaitOnline(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (monitor) {
      while (!lifecycle.is(HostState.ONLINE)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(monitor, left);
      }
    }
    return true;
  }

  public HostState state() {
    return lifecycle.state();
  }

  public HostStats stats() {
    NamespaceTracker t = tracker;
    return new HostStats(
        messages.sum(),
        t.samples.sum(),
        t.decodeErrors.sum(),
        t.oversizePayloads.sum(),
        invalidTopics.sum(),
        t.sequenceGaps.sum(),
        t.unknownAliases.sum(),
        t.dataBeforeBirth.sum(),
        t.rebirthRequests.sum(),
        t.rebirthRequestsSuppressed.sum(),
        t.deaths.sum(),
        t.listenerErrors.sum());
  }

  /** Whether the current birth of a device (or edge node) declares the metric. */
  public boolean declares(DeviceKey device, String metric) {
    return tracker.datatypeOf(device, metric) >= 0;
  }

  /**
   * Writes a value to a metric of a born device (DCMD) or edge node (NCMD, empty device), typed as
   * the birth declared it (Sparkplug 3.0, 6.4.7: commands use the metric name).
   *
   * @throws IllegalArgumentException when the device or metric is not born, or the value does not
   *     fit the metric's type
   * @throws IllegalStateException when the session is not online
   */
  public CompletableFuture<Void> write(DeviceKey device, String metric, Value value) {
    int datatype = tracker.datatypeOf(device, metric);
    if (datatype < 0) {
      throw new IllegalArgumentException(
          "no birth of " + device + " declares a metric \"" + metric + "\"");
    }
    SparkplugBProto.Payload.Metric.Builder m =
        SparkplugBProto.Payload.Metric.newBuilder().setName(metric).setDatatype(datatype);
    Quality refused = MetricValues.write(m, datatype, value);
    if (refused != null) {
      throw new IllegalArgumentException(
          "cannot write " + value + " to \"" + metric + "\" of " + device + ": " + refused);
    }
    Payload payload =
        Payload.newBuilder().setTimestamp(System.currentTimeMillis()).addMetrics(m).build();
    String topic =
        device.isNode()
            ? SparkplugTopic.node(device.group(), MessageType.NCMD, device.node()).toString()
            : SparkplugTopic.device(
                    device.group(), MessageType.DCMD, device.node(), device.device())
                .toString();
    return publish(topic, payload.toByteArray(), MqttQos.AT_MOST_ONCE, false);
  }

  @Override
  public void close() {
    if (closeStarted.getAndSet(true)) {
      return;
    }
    closing = true;
    CompletableFuture<Void> done =
        CompletableFuture.runAsync(
            () -> {
              Mqtt5AsyncClient c = client;
              if (c != null && lifecycle.is(HostState.ONLINE)) {
                try {
                  // tck-id-operational-behavior-host-application-disconnect-intentional.
                  c.publishWith()
                      .topic(stateTopic)
                      .qos(MqttQos.AT_LEAST_ONCE)
                      .retain(true)
                      .payload(new HostStatus(false, stateTimestamp).toJson())
                      .send()
                      .get(5, TimeUnit.SECONDS);
                  c.disconnect().get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                  LOG.log(Level.FINE, "closing the host session", e);
                }
              } else if (c != null) {
                c.disconnect();
              }
              lifecycle.moveTo(HostState.CLOSED);
            },
            scheduler);
    try {
      done.get(12, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.log(Level.WARNING, "Sparkplug host " + config.hostId() + " did not close cleanly", e);
    }
    scheduler.shutdownNow();
  }

  private void connect() {
    if (closing) {
      return;
    }
    lifecycle.moveTo(HostState.CONNECTING);
    long gen = ++generation;
    long timestamp = System.currentTimeMillis();
    Mqtt5AsyncClient c =
        endpoint
            .clientBuilder("mw-host-" + config.hostId())
            .addDisconnectedListener(
                context -> scheduler.execute(() -> onDisconnected(gen, context.getCause())))
            .buildAsync();
    client = c;
    stateTimestamp = timestamp;
    c.publishes(MqttGlobalPublishFilter.SUBSCRIBED, this::onPublish);
    String filter = SparkplugTopic.NAMESPACE + "/" + config.group().orElse("+") + "/#";
    var subscribe =
        c.subscribeWith()
            .addSubscription()
            .topicFilter(filter)
            .qos(MqttQos.AT_LEAST_ONCE)
            .applySubscription();
    if (config.group().isPresent()) {
      subscribe =
          subscribe
              .addSubscription()
              .topicFilter(stateTopic)
              .qos(MqttQos.AT_LEAST_ONCE)
              .applySubscription();
    }
    var subscription = subscribe;
    // tck-id-principles-persistence-clean-session-50: clean start, no session expiry.
    c.connectWith()
        .cleanStart(true)
        .sessionExpiryInterval(0)
        .keepAlive(30)
        .willPublish()
        .topic(stateTopic)
        .qos(MqttQos.AT_LEAST_ONCE)
        .retain(true)
        .payload(new HostStatus(false, timestamp).toJson())
        .applyWillPublish()
        .send()
        .thenCompose(ack -> subscription.send())
        .thenCompose(
            subAck -> {
              Subscriptions.requireGranted(subAck);
              return c.publishWith()
                  .topic(stateTopic)
                  .qos(MqttQos.AT_LEAST_ONCE)
                  .retain(true)
                  .payload(new HostStatus(!paused, timestamp).toJson())
                  .send();
            })
        .whenComplete(
            (result, error) ->
                scheduler.execute(
                    () -> {
                      if (gen != generation || closing) {
                        return;
                      }
                      if (error != null) {
                        log.warn("connect", "Sparkplug host could not go online: " + error);
                        c.disconnect();
                        return;
                      }
                      backoff.reset();
                      lifecycle.moveTo(HostState.ONLINE);
                    }));
  }

  private void onDisconnected(long gen, Throwable cause) {
    if (gen != generation || closing || !lifecycle.canMoveTo(HostState.DISCONNECTED)) {
      return;
    }
    log.warn("disconnected", "Sparkplug host lost its MQTT connection: " + cause.getMessage());
    lifecycle.moveTo(HostState.DISCONNECTED);
    tracker.connectionLost(System.currentTimeMillis());
    Duration wait = backoff.next();
    scheduler.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void onPublish(Mqtt5Publish publish) {
    messages.increment();
    try {
      SparkplugTopic topic;
      try {
        topic = SparkplugTopic.parse(publish.getTopic().toString());
      } catch (InvalidTopicException e) {
        invalidTopics.increment();
        log.warn("topic", "ignored a message: " + e.getMessage());
        return;
      }
      ByteBuffer payload = publish.getPayload().orElse(EMPTY);
      switch (topic.type()) {
        case STATE -> onState(topic, payload);
        case NCMD, DCMD -> {
          // other hosts' commands to edge nodes
        }
        default -> tracker.onMessage(topic, payload);
      }
    } catch (RuntimeException e) {
      // A bug must cost one message, never the session (RELIABILITY T7).
      log.warn("internal", "failed to handle a message on " + publish.getTopic() + ": " + e);
    }
  }

  /**
   * Announces this host offline (its retained STATE) while staying connected and delivering what
   * still arrives. Edge nodes buffer once they see it; data already on its way when they do is
   * delivered rather than lost, as it would be by disconnecting. For a host that cannot keep up for
   * a while (a historian whose disk is full). {@link #resume} announces it online again.
   */
  public void pause() {
    scheduler.execute(
        () -> {
          paused = true;
          publish(
              stateTopic,
              new HostStatus(false, stateTimestamp).toJson(),
              MqttQos.AT_LEAST_ONCE,
              true);
        });
  }

  /**
   * Announces this host online again after {@link #pause}. The STATE keeps the timestamp of the
   * connection's birth, so that the will registered with it still counts if the host dies later.
   */
  public void resume() {
    scheduler.execute(
        () -> {
          paused = false;
          publish(
              stateTopic,
              new HostStatus(true, stateTimestamp).toJson(),
              MqttQos.AT_LEAST_ONCE,
              true);
        });
  }

  /** Re-asserts this host's online STATE when a stale offline one of its own shows up. */
  private void onState(SparkplugTopic topic, ByteBuffer payload) {
    if (closing
        || paused
        || !topic.hostId().equals(config.hostId())
        || !lifecycle.is(HostState.ONLINE)) {
      return;
    }
    byte[] bytes = new byte[payload.remaining()];
    payload.duplicate().get(bytes);
    try {
      if (!HostStatus.parse(bytes).online()) {
        publish(
            stateTopic, new HostStatus(true, stateTimestamp).toJson(), MqttQos.AT_LEAST_ONCE, true);
      }
    } catch (SparkplugDecodeException e) {
      log.warn("state", "ignored a malformed STATE on " + topic + ": " + e.getMessage());
    }
  }

  private void sendRebirth(String group, String node) {
    Payload payload =
        Payload.newBuilder()
            .setTimestamp(System.currentTimeMillis())
            .addMetrics(
                SparkplugBProto.Payload.Metric.newBuilder()
                    .setName("Node Control/Rebirth")
                    .setTimestamp(System.currentTimeMillis())
                    .setDatatype(SparkplugBProto.DataType.Boolean_VALUE)
                    .setBooleanValue(true))
            .build();
    LOG.info(
        () -> "Sparkplug host " + config.hostId() + " requests a rebirth of " + group + "/" + node);
    publish(
        SparkplugTopic.node(group, MessageType.NCMD, node).toString(),
        payload.toByteArray(),
        MqttQos.AT_MOST_ONCE,
        false);
  }

  private CompletableFuture<Void> publish(
      String topic, byte[] payload, MqttQos qos, boolean retain) {
    Mqtt5AsyncClient c = client;
    if (c == null || !lifecycle.is(HostState.ONLINE)) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("the Sparkplug host session is not online"));
    }
    return c.publishWith()
        .topic(topic)
        .qos(qos)
        .retain(retain)
        .payload(payload)
        .send()
        .thenApply(result -> null);
  }
}
