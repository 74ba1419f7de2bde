package io.millwright.publisher.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millwright.publisher.batch.BatchId;
import io.millwright.uns.testkit.TestBroker;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The intake's session and redelivery against the other broker Millwright ships: HiveMQ CE. */
class MqttIntakeHiveMqIT {

  @RegisterExtension static final TestBroker BROKER = new TestBroker();

  static final Duration WAIT = Duration.ofSeconds(20);

  static MqttTransportConfig config(String clientId) {
    return new MqttTransportConfig(
        URI.create("mqtt://127.0.0.1:" + BROKER.port()),
        "millwright",
        clientId,
        Optional.of(TestBroker.USER),
        Optional.of(TestBroker.PASSWORD),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Duration.ofSeconds(5));
  }

  static Envelope batch(long sequence) {
    return new Envelope(
        new BatchId("plant-1", "hive", sequence),
        false,
        ("hive-" + sequence).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void batchesSentWhileTheIntakeIsAwayAndOneTheSinkFailedArriveOnce() throws Exception {
    MqttIntake first = MqttIntake.start(config("hive-intake"), new RecordingSink());
    await().atMost(WAIT).until(first::connected);
    first.close();
    try (MqttTransport transport = new MqttTransport(config("hive-site"))) {
      for (long s = 1; s <= 20; s++) {
        transport.send(batch(s));
      }
    }
    RecordingSink sink = new RecordingSink();
    sink.failures.set(1);
    try (MqttIntake intake = MqttIntake.start(config("hive-intake"), sink)) {
      await().atMost(WAIT).untilAsserted(() -> assertThat(sink.byId).hasSize(20));
      assertThat(sink.byId.get("plant-1/hive/1").payload()).isEqualTo(batch(1).payload());
      assertThat(intake.stats().failures()).isEqualTo(1);
      // Counted once the sink has returned, a moment after the sink shows the batch.
      await().atMost(WAIT).until(() -> intake.stats().stored() == 20);
    }
  }
}
