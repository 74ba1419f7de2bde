package io.millwright.connect.mqtt;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttClientReconnector;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscription;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import io.millwright.connect.Connector;
import io.millwright.connect.ConnectorCounters;
import io.millwright.connect.ConnectorStats;
import io.millwright.connect.LinkStatus;
import io.millwright.connect.MachineLink;
import io.millwright.connect.WriteException;
import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.uns.mqtt.Backoff;
import io.millwright.uns.mqtt.MqttEndpoint;
import io.millwright.uns.sparkplug.edge.TagSample;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A machine that speaks MQTT itself: one client session with the broker the device publishes to,
 * one subscription per distinct topic of the tags, and writes published as command messages.
 *
 * <p>Threads: the HiveMQ client's event loop runs everything (connecting, the listeners below,
 * message delivery); the connector starts no thread of its own. Reconnects are the client's, with
 * the delay of {@link Backoff} chosen here after each failed attempt; every connection starts a
 * clean session and subscribes again, and retained messages bring the device's last values back at
 * once.
 */
final class MqttDeviceConnector implements Connector {

  private static final System.Logger LOG = System.getLogger(MqttDeviceConnector.class.getName());

  /** How long a write waits for the broker's PUBACK before it is reported failed. */
  static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  private final String machineId;
  private final MqttEndpoint endpoint;
  private final MqttDeviceOptions options;
  private final MessageDecoder decoder;
  private final Map<String, DeviceTag> byName;
  private final Mqtt5AsyncClient client;
  private final ConnectorCounters counters = new ConnectorCounters();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile MachineLink link;

  /** The wait before the next reconnect attempt; close() cancels it, which ends the retries. */
  private volatile CompletableFuture<Void> nextAttempt = CompletableFuture.completedFuture(null);

  // Touched by the client's listeners only, which it calls one at a time.
  private final Backoff backoff = new Backoff();
  private boolean downReported;

  MqttDeviceConnector(
      String machineId, MqttEndpoint endpoint, MqttDeviceOptions options, List<DeviceTag> tags) {
    this.machineId = machineId;
    this.endpoint = endpoint;
    this.options = options;
    this.decoder = new MessageDecoder(tags, options.timestampField(), options.maxPayload());
    this.byName = tags.stream().collect(Collectors.toUnmodifiableMap(DeviceTag::name, t -> t));
    this.client =
        endpoint
            .clientBuilder(options.clientId().orElse("millwright-" + machineId))
            .addConnectedListener(this::onConnected)
            .addDisconnectedListener(this::onDisconnected)
            .buildAsync();
  }

  @Override
  public void start(MachineLink link) {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("connector of " + machineId + " was already started");
    }
    if (closed.get()) {
      throw new IllegalStateException("connector of " + machineId + " is closed");
    }
    this.link = link;
    counters.status(LinkStatus.CONNECTING);
    // A failed first attempt reaches onDisconnected, which schedules the retries like any other.
    client
        .connectWith()
        .cleanStart(true)
        .send()
        .whenComplete(
            (ack, error) -> {
              if (error != null) {
                LOG.log(
                    System.Logger.Level.DEBUG,
                    "{0}: first connection attempt failed: {1}",
                    machineId,
                    error.getMessage());
              }
            });
  }

  @Override
  public ConnectorStats stats() {
    return counters.snapshot();
  }

  private void onConnected(MqttClientConnectedContext context) {
    if (closed.get()) {
      client.disconnect();
      return;
    }
    backoff.reset();
    downReported = false;
    counters.status(LinkStatus.CONNECTED);
    counters.error("");
    LOG.log(System.Logger.Level.INFO, "{0}: connected to the broker {1}", machineId, endpoint);
    notifyLink(MachineLink::connected);
    List<String> topics = decoder.topics();
    List<Mqtt5Subscription> subscriptions = new ArrayList<>(topics.size());
    for (String topic : topics) {
      subscriptions.add(Mqtt5Subscription.builder().topicFilter(topic).qos(options.qos()).build());
    }
    // The callback goes with this connection's subscription: when the session ends with the
    // connection, the client drops its message flows (global ones too), so each connection brings
    // its own.
    client
        .subscribeWith()
        .addSubscriptions(subscriptions)
        .callback(this::onMessage)
        .send()
        .whenComplete((subAck, error) -> subscribed(topics, subAck, error));
  }

  /**
   * A refused subscription is reported on its tags (typically the broker's ACL: the reason says
   * so), not left as a silent gap.
   */
  private void subscribed(List<String> topics, Mqtt5SubAck answer, Throwable error) {
    Mqtt5SubAck subAck = answer;
    if (error != null) {
      Throwable cause = error instanceof CompletionException ? error.getCause() : error;
      if (!(cause instanceof Mqtt5SubAckException refusedAll)) {
        // The connection is going away; onDisconnected reports it and the next one subscribes.
        LOG.log(System.Logger.Level.DEBUG, "{0}: subscribe failed: {1}", machineId, error);
        return;
      }
      // The client fails the subscribe when the broker refused every topic of it.
      subAck = refusedAll.getMqttMessage();
    }
    List<TagSample> refused = new ArrayList<>();
    long now = System.currentTimeMillis();
    var codes = subAck.getReasonCodes();
    for (int i = 0; i < topics.size() && i < codes.size(); i++) {
      if (!codes.get(i).isError()) {
        continue;
      }
      String problem =
          "the broker refused the subscription to " + topics.get(i) + ": " + codes.get(i);
      LOG.log(System.Logger.Level.WARNING, "{0}: {1}", machineId, problem);
      counters.error(problem);
      for (DeviceTag t : decoder.tagsOn(topics.get(i))) {
        counters.readError();
        refused.add(
            new TagSample(
                t.name(),
                new Sample(now, decoder.lastValue(t), Quality.bad("Bad_UserAccessDenied"))));
      }
    }
    deliver(refused);
  }

  private void onDisconnected(MqttClientDisconnectedContext context) {
    if (closed.get() || context.getSource() == MqttDisconnectSource.USER) {
      return;
    }
    String reason =
        "no connection to the broker "
            + endpoint.host()
            + ":"
            + endpoint.port()
            + ": "
            + describe(context.getCause());
    counters.status(LinkStatus.DISCONNECTED);
    counters.error(reason);
    if (!downReported) {
      downReported = true;
      LOG.log(System.Logger.Level.WARNING, "{0}: {1}", machineId, reason);
      notifyLink(l -> l.disconnected(reason));
    }
    counters.reconnect();
    CompletableFuture<Void> wait =
        new CompletableFuture<Void>()
            .completeOnTimeout(null, backoff.next().toMillis(), TimeUnit.MILLISECONDS);
    nextAttempt = wait;
    MqttClientReconnector reconnector = context.getReconnector();
    // This connector subscribes on every connection itself; the client's own resubscription would
    // subscribe twice and replay the retained messages twice. The client's disconnect() does not
    // stop a reconnect that is waiting, hence the cancellable wait.
    reconnector
        .reconnect(true)
        .resubscribeIfSessionExpired(false)
        .republishIfSessionExpired(false)
        .reconnectWhen(
            wait,
            (done, cancelled) -> {
              if (closed.get()) {
                reconnector.reconnect(false);
              }
            });
  }

  private void onMessage(Mqtt5Publish publish) {
    if (closed.get()) {
      return;
    }
    long now = System.currentTimeMillis();
    ByteBuffer payload = publish.getPayload().orElse(ByteBuffer.allocate(0));
    MessageDecoder.Decoded decoded = decoder.decode(publish.getTopic().toString(), payload, now);
    for (String problem : decoded.problems()) {
      counters.readError();
      counters.error(problem);
      LOG.log(System.Logger.Level.DEBUG, "{0}: {1}", machineId, problem);
    }
    if (!decoded.clockProblem().isEmpty()) {
      counters.error(decoded.clockProblem());
    }
    decoded.samples().stream()
        .filter(s -> s.sample().quality().isGood())
        .findFirst()
        .ifPresent(s -> counters.goodRead(now));
    deliver(decoded.samples());
  }

  /**
   * Publishes the command at QoS 1. The future completes on the broker's PUBACK: the broker took
   * the command, which says nothing of whether the machine applied it; the machine's next status
   * message does.
   */
  @Override
  public CompletableFuture<Void> write(String tag, Value value) {
    DeviceTag target = byName.get(tag);
    if (target == null) {
      return refused(
          new WriteException("cannot write " + tag + ": " + machineId + " has no such tag"));
    }
    if (!target.tag().writable()) {
      return refused(CommandEncoder.refuse(target, "the tag is not defined writable"));
    }
    if (closed.get()) {
      return refused(
          new WriteException("cannot write: the connector of " + machineId + " is closed"));
    }
    if (!client.getState().isConnected()) {
      return refused(
          new WriteException(
              "cannot write "
                  + tag
                  + ": not connected to the broker "
                  + endpoint.host()
                  + ":"
                  + endpoint.port()));
    }
    byte[] command;
    try {
      command = CommandEncoder.encode(target, value);
    } catch (WriteException e) {
      return refused(e);
    }
    // Checked by the factory: a writable tag needs the command topic.
    String topic = options.commandTopic().orElseThrow();
    long begin = System.nanoTime();
    CompletableFuture<Void> done = new CompletableFuture<>();
    client
        .publishWith()
        .topic(topic)
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload(command)
        .send()
        .orTimeout(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (result, error) -> {
              Optional<String> problem = problem(result, error);
              if (problem.isEmpty()) {
                counters.roundTrip(System.nanoTime() - begin);
                done.complete(null);
              } else {
                counters.writeError();
                done.completeExceptionally(
                    new WriteException("cannot write " + tag + ": " + problem.get(), error));
              }
            });
    return done;
  }

  /** Why a command publish failed, empty when the broker acknowledged it. */
  private static Optional<String> problem(Mqtt5PublishResult result, Throwable error) {
    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
    if (cause instanceof TimeoutException) {
      return Optional.of(
          "the broker did not acknowledge within " + WRITE_TIMEOUT.toSeconds() + " s");
    }
    if (cause != null) {
      return Optional.of(describe(cause));
    }
    if (result.getError().isPresent()) {
      return Optional.of(describe(result.getError().get()));
    }
    if (result instanceof Mqtt5PublishResult.Mqtt5Qos1Result qos1
        && qos1.getPubAck().getReasonCode().isError()) {
      return Optional.of("the broker refused the command: " + qos1.getPubAck().getReasonCode());
    }
    return Optional.empty();
  }

  private CompletableFuture<Void> refused(WriteException e) {
    counters.writeError();
    return CompletableFuture.failedFuture(e);
  }

  private void deliver(List<TagSample> samples) {
    if (samples.isEmpty() || closed.get()) {
      return;
    }
    counters.samples(samples.size());
    notifyLink(l -> l.samples(samples));
  }

  /** The link belongs to the host; its failure must not stop the client's event loop. */
  private void notifyLink(Consumer<MachineLink> call) {
    MachineLink target = link;
    if (target == null) {
      return;
    }
    try {
      call.accept(target);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, machineId + ": the machine link failed", e);
    }
  }

  static String describe(Throwable e) {
    if (e == null) {
      return "connection closed";
    }
    String message = e.getMessage();
    return MessageDecoder.oneLine(
        message == null || message.isBlank() ? e.getClass().getSimpleName() : message);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    counters.status(LinkStatus.STOPPED);
    nextAttempt.cancel(false);
    try {
      client.disconnect().get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // Not connected, or the broker is gone: nothing left to close.
      LOG.log(System.Logger.Level.DEBUG, "{0}: disconnect: {1}", machineId, e.getMessage());
    }
  }
}
