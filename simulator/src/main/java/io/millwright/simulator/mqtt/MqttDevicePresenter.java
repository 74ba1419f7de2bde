package io.millwright.simulator.mqtt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Scale;
import io.millwright.core.machine.Tag;
import io.millwright.simulator.MachinePresenter;
import io.millwright.simulator.ServedMachine;
import io.millwright.simulator.TagSpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * One simulated machine that speaks MQTT itself, as a gateway or a controller with an MQTT client
 * would: after each step of the plant model in which a value changed, it publishes one retained
 * JSON message on {@code devices/<machine id>/status} with every tag nested by its path and the
 * time in {@code ts}; it takes {@code {"tag": ..., "value": ...}} commands on {@code
 * devices/<machine id>/command} and writes them to the machine. Retained, so that a connector that
 * subscribes later sees the current state at once.
 *
 * <p>While the machine's link is down it neither publishes nor takes commands; its session with the
 * broker stays up, as a device behind a broken field bus would.
 */
public final class MqttDevicePresenter implements MachinePresenter {

  private static final System.Logger LOG = System.getLogger(MqttDevicePresenter.class.getName());
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final ServedMachine machine;
  private final String brokerUrl;
  private final Optional<String> username;
  private final Optional<String> password;
  private final String statusTopic;
  private final String commandTopic;
  private final Mqtt5AsyncClient client;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final LongAdder published = new LongAdder();
  private final LongAdder publishFailures = new LongAdder();
  private final LongAdder commandsApplied = new LongAdder();
  private final LongAdder commandsRefused = new LongAdder();

  /** The values of the last status sent; cleared when the broker did not take it, to send again. */
  private final AtomicReference<ObjectNode> lastPublished = new AtomicReference<>();

  /**
   * @param brokerUrl {@code mqtt://host:port} or {@code mqtts://host:port} (the JDK's trusted
   *     authorities)
   * @param username empty for a broker that allows anonymous clients
   * @throws IllegalArgumentException for a URL that is not an MQTT broker's, or tags that cannot be
   *     nested into one JSON message
   */
  public MqttDevicePresenter(
      ServedMachine machine,
      String brokerUrl,
      Optional<String> username,
      Optional<String> password) {
    StatusMessage.requireNestable(machine.tags());
    this.machine = machine;
    this.brokerUrl = brokerUrl;
    this.username = username;
    this.password = password;
    this.statusTopic = "devices/" + machine.id() + "/status";
    this.commandTopic = "devices/" + machine.id() + "/command";
    this.client = clientBuilder(brokerUrl, "simulator-" + machine.id()).buildAsync();
  }

  private Mqtt5ClientBuilder clientBuilder(String url, String clientId) {
    URI uri = URI.create(url);
    String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
    if (!scheme.equals("mqtt") && !scheme.equals("mqtts") || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "\"" + url + "\" is not a broker URL; write e.g. mqtt://localhost:1883");
    }
    boolean tls = scheme.equals("mqtts");
    Mqtt5ClientBuilder builder =
        MqttClient.builder()
            .useMqttVersion5()
            .identifier(clientId)
            .serverHost(uri.getHost())
            .serverPort(uri.getPort() > 0 ? uri.getPort() : tls ? 8883 : 1883)
            .automaticReconnectWithDefaultConfig();
    if (tls) {
      builder = builder.sslConfig(MqttClientSslConfig.builder().build());
    }
    if (username.isPresent()) {
      builder =
          builder
              .simpleAuth()
              .username(username.get())
              .password(password.orElse("").getBytes(StandardCharsets.UTF_8))
              .applySimpleAuth();
    }
    return builder;
  }

  @Override
  public ServedMachine machine() {
    return machine;
  }

  /**
   * Connects to the broker and subscribes to the command topic.
   *
   * @throws IllegalStateException when the broker does not accept the connection within 10 s
   */
  @Override
  public void start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("the MQTT presenter of " + machine.id() + " was started");
    }
    try {
      client
          .connectWith()
          .cleanStart(true)
          .send()
          .get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      // The client subscribes again by itself after a reconnect, this callback included.
      client
          .subscribeWith()
          .topicFilter(commandTopic)
          .qos(MqttQos.AT_LEAST_ONCE)
          .callback(this::onCommand)
          .send()
          .get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted while connecting to " + brokerUrl, e);
    } catch (Exception e) {
      close();
      throw new IllegalStateException(
          "the MQTT device " + machine.id() + " cannot connect to " + brokerUrl + ": " + e, e);
    }
  }

  /** Publishes the machine's state when a value changed since the last message. */
  @Override
  public void tick(long epochMillis) {
    if (closed.get() || !started.get() || !machine.linkUp()) {
      return;
    }
    ObjectNode values = StatusMessage.values(machine.tags(), machine::read);
    if (values.equals(lastPublished.get())) {
      return;
    }
    lastPublished.set(values);
    client
        .publishWith()
        .topic(statusTopic)
        .qos(MqttQos.AT_LEAST_ONCE)
        .retain(true)
        .payload(StatusMessage.encode(values, epochMillis))
        .send()
        .whenComplete(
            (result, error) -> {
              if (error == null && result.getError().isEmpty()) {
                published.increment();
              } else {
                // Lost with the connection (a clean session keeps nothing): the next tick resends.
                publishFailures.increment();
                lastPublished.compareAndSet(values, null);
              }
            });
  }

  private void onCommand(Mqtt5Publish publish) {
    if (!machine.linkUp()) {
      commandsRefused.increment();
      return;
    }
    try {
      CommandMessage command = CommandMessage.parse(publish.getPayloadAsBytes(), machine.tags());
      machine.write(command.tag(), command.value());
      commandsApplied.increment();
    } catch (IllegalArgumentException e) {
      commandsRefused.increment();
      LOG.log(
          System.Logger.Level.WARNING,
          "MQTT device {0} refused a command: {1}",
          machine.id(),
          e.getMessage());
    }
  }

  /** How the MQTT device connector reaches this machine. */
  @Override
  public MachineDefinition definition() {
    if (!started.get()) {
      throw new IllegalStateException("start the MQTT presenter of " + machine.id() + " first");
    }
    Map<String, String> options = new LinkedHashMap<>();
    username.ifPresent(u -> options.put("username", u));
    password.ifPresent(p -> options.put("password", p));
    options.put("commandTopic", commandTopic);
    options.put("timestampField", StatusMessage.TIMESTAMP_POINTER);
    List<Tag> tags = new ArrayList<>();
    for (TagSpec spec : machine.tags()) {
      tags.add(
          new Tag(
              spec.name(),
              statusTopic + "#" + StatusMessage.pointer(spec.name()),
              spec.type(),
              spec.unit(),
              Scale.IDENTITY,
              0,
              Optional.empty(),
              spec.writable()));
    }
    return new MachineDefinition(
        machine.id(),
        machine.name(),
        machine.area(),
        machine.line(),
        Protocol.MQTT,
        brokerUrl,
        options,
        null,
        tags);
  }

  /** Status messages the broker acknowledged. */
  public long published() {
    return published.sum();
  }

  /** Status messages that failed (refused, or lost with the connection). */
  public long publishFailures() {
    return publishFailures.sum();
  }

  /** Commands written to the machine. */
  public long commandsApplied() {
    return commandsApplied.sum();
  }

  /**
   * Commands not applied: malformed, for an unknown or read-only tag, or while the link is down.
   */
  public long commandsRefused() {
    return commandsRefused.sum();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      client.disconnect().get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // Never connected, or the broker is gone: nothing left to close.
    }
  }
}
