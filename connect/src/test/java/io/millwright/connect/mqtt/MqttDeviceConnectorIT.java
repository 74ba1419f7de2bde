package io.millwright.connect.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.millwright.connect.Connector;
import io.millwright.connect.LinkStatus;
import io.millwright.connect.WriteException;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Scale;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.uns.testkit.Mosquitto;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The connector and a device client against a real Mosquitto with password authentication. */
class MqttDeviceConnectorIT {

  @RegisterExtension static final Mosquitto MOSQUITTO = new Mosquitto();

  private static final Duration WAIT = Duration.ofSeconds(20);

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final RecordingLink link = new RecordingLink();

  /** Each test's own topics, so that retained messages of one test never reach another. */
  private final String device = "cnc-" + UUID.randomUUID().toString().substring(0, 8);

  private final String status = "devices/" + device + "/status";
  private final String temperature = "devices/" + device + "/temperature";
  private final String commands = "devices/" + device + "/command";

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private List<Tag> tags() {
    return List.of(
        Tag.of("spindle/speed", status + "#/spindle/speed", DataType.FLOAT64),
        Tag.of("program", status + "#/program", DataType.STRING),
        Tag.of("running", status + "#/running", DataType.BOOL),
        Tag.of("temperature", temperature, DataType.FLOAT32),
        new Tag(
            "spindle/setpoint",
            status + "#/spindle/setpoint",
            DataType.INT32,
            "rpm",
            Scale.IDENTITY,
            0,
            Optional.empty(),
            true));
  }

  private Connector connector(Map<String, String> extraOptions) {
    Map<String, String> options = new HashMap<>();
    options.put("username", Mosquitto.USER);
    options.put("password", Mosquitto.PASSWORD);
    options.put("commandTopic", commands);
    options.put("maxPayload", "1KB");
    options.putAll(extraOptions);
    MachineDefinition machine =
        new MachineDefinition(
            device,
            device,
            "machining",
            "line-1",
            Protocol.MQTT,
            MOSQUITTO.url(),
            options,
            null,
            tags());
    Connector connector = new MqttDeviceConnectorFactory().create(machine);
    toClose.add(connector);
    return connector;
  }

  private Connector started() {
    Connector connector = connector(Map.of());
    connector.start(link);
    await().atMost(WAIT).until(() -> link.events.contains("connected"));
    return connector;
  }

  /** The machine's own MQTT client; it reconnects by itself, as a device's firmware would. */
  private Mqtt5BlockingClient deviceClient() {
    Mqtt5BlockingClient client =
        MOSQUITTO
            .endpoint()
            .clientBuilder("device-" + device)
            .automaticReconnect()
            .initialDelay(100, TimeUnit.MILLISECONDS)
            .maxDelay(1, TimeUnit.SECONDS)
            .applyAutomaticReconnect()
            .buildBlocking();
    client.connect();
    toClose.add(() -> client.disconnect());
    return client;
  }

  /** Retained, as devices publish their state: the connector sees it whenever it subscribes. */
  private static void publish(Mqtt5BlockingClient client, String topic, String payload) {
    client
        .publishWith()
        .topic(topic)
        .qos(MqttQos.AT_LEAST_ONCE)
        .retain(true)
        .payload(payload.getBytes(StandardCharsets.UTF_8))
        .send();
  }

  @Test
  void jsonFieldsAndPlainValuesArriveMappedToTheirTags() {
    Mqtt5BlockingClient device = deviceClient();
    publish(
        device,
        status,
        "{\"spindle\": {\"speed\": 1200.5, \"setpoint\": 1200}, \"program\": \"O100\","
            + " \"running\": true}");
    publish(device, temperature, "21.5");
    Connector connector = started();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(valueOf("spindle/speed")).isEqualTo(Value.of(1200.5));
              assertThat(valueOf("spindle/setpoint")).isEqualTo(Value.of(1200L));
              assertThat(valueOf("program")).isEqualTo(Value.of("O100"));
              assertThat(valueOf("running")).isEqualTo(Value.of(true));
              assertThat(valueOf("temperature")).isEqualTo(Value.of(21.5));
            });
    assertThat(link.latest.values())
        .allSatisfy(s -> assertThat(s.quality()).isEqualTo(Quality.GOOD));
    assertThat(connector.stats().status()).isEqualTo(LinkStatus.CONNECTED);
    assertThat(connector.stats().readErrors()).isZero();
    assertThat(connector.stats().lastGoodRead()).isPresent();
  }

  @Test
  void aMalformedMessageIsBadAndCountedAndLaterMessagesFlow() {
    Mqtt5BlockingClient device = deviceClient();
    Connector connector = started();
    publish(
        device, status, "{\"spindle\": {\"speed\": 800}, \"program\": \"O1\", \"running\": false}");
    await().atMost(WAIT).until(() -> Value.of(800.0).equals(valueOf("spindle/speed")));

    publish(device, status, "{\"spindle\": {\"speed\": \"fast\"}, \"program\": \"O2\"}");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(link.latest("spindle/speed"))
                  .extracting(Sample::value, Sample::quality)
                  .containsExactly(Value.of(800.0), Quality.bad("Bad_TypeMismatch"));
              assertThat(qualityOf("running")).isEqualTo(Quality.bad("Bad_NoDataAvailable"));
              assertThat(link.latest("program"))
                  .extracting(Sample::value, Sample::quality)
                  .containsExactly(Value.of("O2"), Quality.GOOD);
            });
    publish(device, status, "not json at all");
    publish(device, temperature, "x".repeat(2000));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(qualityOf("program")).isEqualTo(Quality.bad("Bad_DecodingError"));
              assertThat(qualityOf("temperature"))
                  .isEqualTo(Quality.bad("Bad_EncodingLimitsExceeded"));
            });
    // The setpoint missing from the first status; speed, setpoint and running from the second;
    // the four tags of the status that was not JSON; the temperature.
    assertThat(connector.stats().readErrors()).isEqualTo(1 + 3 + 4 + 1);
    assertThat(connector.stats().lastError()).isNotEmpty();

    publish(
        device,
        status,
        "{\"spindle\": {\"speed\": 950, \"setpoint\": 1000}, \"program\": \"O3\", \"running\": true}");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(link.latest("spindle/speed"))
                  .extracting(Sample::value, Sample::quality)
                  .containsExactly(Value.of(950.0), Quality.GOOD);
              assertThat(qualityOf("running")).isEqualTo(Quality.GOOD);
            });
    assertThat(connector.stats().status()).isEqualTo(LinkStatus.CONNECTED);
  }

  @Test
  void aWriteIsPublishedOnTheCommandTopic() throws Exception {
    Mqtt5BlockingClient device = deviceClient();
    try (Mqtt5BlockingClient.Mqtt5Publishes received =
        device.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
      device.subscribeWith().topicFilter(commands).qos(MqttQos.AT_LEAST_ONCE).send();
      Connector connector = started();

      connector.write("spindle/setpoint", Value.of(1500L)).get(WAIT.toSeconds(), TimeUnit.SECONDS);

      Mqtt5Publish command = received.receive(WAIT.toSeconds(), TimeUnit.SECONDS).orElseThrow();
      assertThat(command.getTopic()).hasToString(commands);
      assertThat(new String(command.getPayloadAsBytes(), StandardCharsets.UTF_8))
          .isEqualTo("{\"tag\":\"spindle/setpoint\",\"value\":1500}");
      assertThatThrownBy(() -> connector.write("program", Value.of("O9")).get())
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(WriteException.class)
          .hasMessageContaining("not defined writable");
      assertThat(connector.stats().writeErrors()).isEqualTo(1);
      assertThat(connector.stats().roundTrip()).isPresent();
    }
  }

  @Test
  void aBrokerOutageIsReportedAndSamplesFlowAgainAfterIt() throws Exception {
    Mqtt5BlockingClient device = deviceClient();
    Connector connector = started();
    publish(device, temperature, "20.0");
    await().atMost(WAIT).until(() -> Value.of(20.0).equals(valueOf("temperature")));

    MOSQUITTO.stop();
    try {
      await()
          .atMost(WAIT)
          .until(() -> link.events.stream().anyMatch(e -> e.startsWith("disconnected: ")));
      assertThat(connector.stats().status()).isEqualTo(LinkStatus.DISCONNECTED);
      assertThatThrownBy(() -> connector.write("spindle/setpoint", Value.of(1L)).get())
          .cause()
          .isInstanceOf(WriteException.class)
          .hasMessageContaining("not connected");
    } finally {
      MOSQUITTO.restart();
    }

    await().atMost(WAIT).until(() -> link.events.stream().filter("connected"::equals).count() == 2);
    await().atMost(WAIT).until(() -> device.getState().isConnected());
    publish(device, temperature, "22.5");
    await().atMost(WAIT).until(() -> Value.of(22.5).equals(valueOf("temperature")));
    assertThat(link.events.getFirst()).isEqualTo("connected");
    assertThat(link.events.get(1)).startsWith("disconnected: no connection to the broker");
    assertThat(connector.stats().reconnects()).isPositive();
  }

  @Test
  void refusedCredentialsAreADisconnectionWithTheBrokersReason() {
    Connector connector = connector(Map.of("password", "wrong"));
    connector.start(link);
    await()
        .atMost(WAIT)
        .until(() -> link.events.stream().anyMatch(e -> e.startsWith("disconnected: ")));
    assertThat(link.events).doesNotContain("connected");
    assertThat(connector.stats().lastError())
        .containsAnyOf("NOT_AUTHORIZED", "BAD_USER_NAME_OR_PASSWORD");
    connector.close();
    assertThat(connector.stats().status()).isEqualTo(LinkStatus.STOPPED);
  }

  /** Null before the tag's first sample, which an assertion reports rather than throws on. */
  private Quality qualityOf(String tag) {
    Sample s = link.latest(tag);
    return s == null ? null : s.quality();
  }

  private Value valueOf(String tag) {
    Sample s = link.latest(tag);
    return s == null ? null : s.value();
  }
}
