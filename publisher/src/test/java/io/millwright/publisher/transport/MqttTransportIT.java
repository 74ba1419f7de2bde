package io.millwright.publisher.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.millwright.publisher.batch.BatchId;
import io.millwright.uns.testkit.Mosquitto;
import io.millwright.uns.testkit.TcpProxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Transport → a real Mosquitto → intake → a recording sink. */
class MqttTransportIT {

  @RegisterExtension static final Mosquitto MOSQUITTO = new Mosquitto();

  static final Duration WAIT = Duration.ofSeconds(20);

  static MqttTransportConfig config(int port, String prefix, String clientId, Duration timeout) {
    return new MqttTransportConfig(
        URI.create("mqtt://127.0.0.1:" + port),
        prefix,
        clientId,
        Optional.of(Mosquitto.USER),
        Optional.of(Mosquitto.PASSWORD),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        timeout);
  }

  static String prefix() {
    return "mw" + UUID.randomUUID().toString().substring(0, 8);
  }

  static Envelope batch(long sequence, boolean historical) {
    return new Envelope(
        new BatchId("plant-1", "b0f", sequence),
        historical,
        ("payload-" + sequence + "-\u0000\u00ff").getBytes(StandardCharsets.ISO_8859_1));
  }

  static MqttIntake intake(String prefix, String clientId, RecordingSink sink) {
    MqttIntake intake =
        MqttIntake.start(config(MOSQUITTO.port(), prefix, clientId, Duration.ofSeconds(5)), sink);
    await().atMost(WAIT).until(intake::connected);
    return intake;
  }

  static MqttTransport transport(int port, String prefix) {
    return new MqttTransport(config(port, prefix, "site-plant-1", Duration.ofSeconds(5)));
  }

  @Test
  void liveAndHistoricalBatchesAndStatusesArriveWithTheirIdsAndBytes() throws Exception {
    String prefix = prefix();
    RecordingSink sink = new RecordingSink();
    SiteStatus status =
        new SiteStatus("plant-1", "0.1.0", 1, 2, 3, 4, 5, 6, 0, 7, 8, OptionalDouble.of(0.5), 1);
    try (MqttIntake intake = intake(prefix, "intake-" + prefix, sink);
        MqttTransport transport = transport(MOSQUITTO.port(), prefix)) {
      transport.send(batch(1, false));
      transport.send(batch(2, true));
      transport.sendStatus(status);
      transport.send(batch(1, false)); // a resend
      await()
          .atMost(WAIT)
          .untilAsserted(() -> assertThat(intake.stats().duplicates()).isEqualTo(1));
      assertThat(sink.batches)
          .extracting(t -> t.batch().id().toString(), t -> t.batch().historical(), t -> t.site())
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("plant-1/b0f/1", false, "plant-1"),
              org.assertj.core.groups.Tuple.tuple("plant-1/b0f/2", true, "plant-1"),
              org.assertj.core.groups.Tuple.tuple("plant-1/b0f/1", false, "plant-1"));
      assertThat(sink.batches.get(1).batch().payload()).isEqualTo(batch(2, true).payload());
      assertThat(sink.statuses).containsExactly(status);
      assertThat(intake.stats()).isEqualTo(new MqttIntake.Stats(4, 2, 1, 1, 0, 0, ""));
      assertThat(transport.kind()).isEqualTo("mqtt");
      assertThat(transport.target()).isEqualTo("mqtt://127.0.0.1:" + MOSQUITTO.port());
      assertThat(transport.toString()).doesNotContain(Mosquitto.PASSWORD);
    }
  }

  @Test
  void aSinkThatFailsGetsTheMessageAgain() throws Exception {
    String prefix = prefix();
    RecordingSink sink = new RecordingSink();
    sink.failures.set(2);
    try (MqttIntake intake = intake(prefix, "intake-" + prefix, sink);
        MqttTransport transport = transport(MOSQUITTO.port(), prefix)) {
      transport.send(batch(1, false));
      transport.send(batch(2, false));
      await().atMost(WAIT).untilAsserted(() -> assertThat(sink.byId).hasSize(2));
      assertThat(sink.byId.get("plant-1/b0f/1").payload()).isEqualTo(batch(1, false).payload());
      assertThat(intake.stats().failures()).isEqualTo(2);
      // Counted once the sink has returned, a moment after the sink shows the batch.
      await().atMost(WAIT).until(() -> intake.stats().stored() == 2);
      await().atMost(WAIT).until(intake::connected);
    }
  }

  @Test
  void refusedMessagesAreAcknowledgedAndCounted() throws Exception {
    String prefix = prefix();
    RecordingSink sink = new RecordingSink();
    sink.refuse.add(2L);
    try (MqttIntake intake = intake(prefix, "intake-" + prefix, sink);
        MqttTransport transport = transport(MOSQUITTO.port(), prefix)) {
      Mqtt5BlockingClient raw =
          MqttClient.builder()
              .useMqttVersion5()
              .identifier("raw-" + prefix)
              .serverHost("127.0.0.1")
              .serverPort(MOSQUITTO.port())
              .simpleAuth()
              .username(Mosquitto.USER)
              .password(Mosquitto.PASSWORD.getBytes(StandardCharsets.UTF_8))
              .applySimpleAuth()
              .buildBlocking();
      raw.connect();
      for (String topic :
          new String[] {
            prefix + "/Plant 1/batch/live/b0f/1",
            prefix + "/plant-1/batch/live/b0f/007",
            prefix + "/plant-1/batch/live/b0f/0",
            prefix + "/plant-1/batch/live/B0F/1",
            prefix + "/plant-1/batch/later/b0f/1",
            prefix + "/plant-1/batch/live/b0f/1/extra",
            prefix + "/plant-1/status",
            prefix + "/plant-2/status",
          }) {
        raw.publishWith()
            .topic(topic)
            .qos(MqttQos.AT_LEAST_ONCE)
            .payload(
                topic.endsWith("plant-2/status")
                    ? SiteStatusJson.encode(
                        new SiteStatus(
                            "plant-1", "1", 1, 0, 0, 0, 0, 0, 0, 0, 0, OptionalDouble.empty(), 0))
                    : "{garbage".getBytes(StandardCharsets.UTF_8))
            .send();
      }
      raw.disconnect();
      transport.send(batch(2, false)); // the sink refuses this one
      transport.send(batch(3, false));
      await().atMost(WAIT).untilAsserted(() -> assertThat(sink.byId).containsKey("plant-1/b0f/3"));
      // Counted once the sink has returned, a moment after the sink shows the batch.
      await().atMost(WAIT).until(() -> intake.stats().stored() == 1);
      MqttIntake.Stats stats = intake.stats();
      assertThat(stats.refused()).isEqualTo(9);
      assertThat(stats.stored()).isEqualTo(1);
      assertThat(stats.failures()).isZero();
      assertThat(stats.lastRefusal()).contains("plant-1/b0f/2").contains("malformed");
      assertThat(sink.byId).containsOnlyKeys("plant-1/b0f/3");
    }
    // acknowledged: a new intake on the same session gets none of them again
    RecordingSink again = new RecordingSink();
    try (MqttIntake intake = intake(prefix, "intake-" + prefix, again)) {
      Thread.sleep(1_000);
      assertThat(intake.stats().received()).isZero();
    }
  }

  @Test
  void batchesSentWhileTheIntakeIsDownArriveWhenItReturns() throws Exception {
    String prefix = prefix();
    String intakeId = "intake-" + prefix;
    intake(prefix, intakeId, new RecordingSink()).close(); // its session stays
    RecordingSink sink = new RecordingSink();
    try (MqttTransport transport = transport(MOSQUITTO.port(), prefix)) {
      for (long s = 1; s <= 50; s++) {
        transport.send(batch(s, s % 2 == 0));
      }
    }
    try (MqttIntake intake = intake(prefix, intakeId, sink)) {
      await().atMost(WAIT).untilAsserted(() -> assertThat(sink.byId).hasSize(50));
      assertThat(sink.batches).extracting(t -> t.batch().id().sequence()).doesNotHaveDuplicates();
      assertThat(sink.byId.get("plant-1/b0f/50").historical()).isTrue();
      // Counted once the sink has returned, a moment after the sink shows the batch.
      await().atMost(WAIT).until(() -> intake.stats().stored() == 50);
    }
  }

  @Test
  void withoutTheIntakesSessionABatchIsNotDeliveredButRetryable() throws Exception {
    String prefix = prefix();
    try (MqttTransport transport = transport(MOSQUITTO.port(), prefix)) {
      assertThatThrownBy(() -> transport.send(batch(1, false)))
          .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.refused()).isFalse())
          .hasMessageContaining("plant-1/b0f/1")
          .hasMessageContaining("NO_MATCHING_SUBSCRIBERS");
      intake(prefix, "intake-" + prefix, new RecordingSink()).close(); // its session stays
      transport.send(batch(1, false));
    }
    RecordingSink sink = new RecordingSink();
    try (MqttIntake intake = intake(prefix, "intake-" + prefix, sink)) {
      await().atMost(WAIT).untilAsserted(() -> assertThat(intake.stats().stored()).isEqualTo(1));
      assertThat(sink.byId).containsOnlyKeys("plant-1/b0f/1");
    }
  }

  @Test
  void aCutLinkFailsTheSendRetryablyAndTheNextWorksOnceItIsBack() throws Exception {
    String prefix = prefix();
    RecordingSink sink = new RecordingSink();
    try (TcpProxy proxy = new TcpProxy(MOSQUITTO.port());
        MqttIntake intake = intake(prefix, "intake-" + prefix, sink);
        MqttTransport transport =
            new MqttTransport(
                config(proxy.port(), prefix, "site-plant-1", Duration.ofSeconds(2)))) {
      transport.send(batch(1, false));
      proxy.cut();
      assertThatThrownBy(() -> transport.send(batch(2, false)))
          .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.refused()).isFalse())
          .hasMessageContaining("plant-1/b0f/2")
          .message()
          .doesNotContain(Mosquitto.PASSWORD);
      assertThatThrownBy(() -> transport.send(batch(2, false)))
          .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.refused()).isFalse())
          .hasMessageContaining("cannot connect");
      proxy.restore();
      transport.send(batch(2, false));
      transport.send(batch(3, false));
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(sink.byId)
                      .containsKeys("plant-1/b0f/1", "plant-1/b0f/2", "plant-1/b0f/3"));
      assertThat(intake.stats().failures()).isZero();
    }
  }

  @Test
  void theIntakeReconnectsAfterTheBrokerRestarts() throws Exception {
    String prefix = prefix();
    RecordingSink sink = new RecordingSink();
    try (MqttIntake intake = intake(prefix, "intake-" + prefix, sink);
        MqttTransport transport = transport(MOSQUITTO.port(), prefix)) {
      transport.send(batch(1, false));
      await().atMost(WAIT).untilAsserted(() -> assertThat(sink.byId).hasSize(1));
      MOSQUITTO.stop();
      await().atMost(WAIT).until(() -> !intake.connected());
      assertThatThrownBy(() -> transport.send(batch(2, false)))
          .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.refused()).isFalse());
      MOSQUITTO.restart();
      await().atMost(WAIT).until(intake::connected);
      transport.send(batch(2, false));
      await().atMost(WAIT).untilAsserted(() -> assertThat(sink.byId).hasSize(2));
    }
  }

  @Test
  void wrongCredentialsAreRetryableAndSaySo() {
    MqttTransportConfig wrong =
        new MqttTransportConfig(
            URI.create("mqtt://127.0.0.1:" + MOSQUITTO.port()),
            prefix(),
            "site-plant-1",
            Optional.of(Mosquitto.USER),
            Optional.of("not-the-password"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Duration.ofSeconds(5));
    try (MqttTransport transport = new MqttTransport(wrong)) {
      assertThatThrownBy(() -> transport.send(batch(1, false)))
          .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.refused()).isFalse())
          .hasMessageContaining("refused the connection")
          .message()
          .doesNotContain("not-the-password");
    }
  }
}
