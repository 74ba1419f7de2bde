package io.millwright.uns.sparkplug.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.uns.sparkplug.edge.DeviceHandle;
import io.millwright.uns.sparkplug.edge.EdgeNodeConfig;
import io.millwright.uns.sparkplug.edge.EdgeNodeSession;
import io.millwright.uns.sparkplug.host.DeviceKey;
import io.millwright.uns.sparkplug.host.HostApplicationSession;
import io.millwright.uns.sparkplug.host.HostConfig;
import io.millwright.uns.testkit.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.tahu.message.model.Metric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device removed from a running edge node and registered again with another tag set: DDEATH, then
 * a DBIRTH declaring only the new metrics, and the old handle no longer publishes.
 */
class DeviceReplaceIT {

  @RegisterExtension static final TestBroker BROKER = new TestBroker();

  static final DeviceKey PRESS = new DeviceKey("replace", "edge", "press-01");

  @TempDir Path dir;

  @Test
  void aReplacedDeviceDiesAndIsBornAgainWithItsNewTags() throws Exception {
    Mqtt5BlockingClient plain = BROKER.client(null);
    List<Mqtt5Publish> seen = Recording.sniff(plain, "spBv1.0/replace/#");
    Recording recording = new Recording();
    HostApplicationSession consumer =
        new HostApplicationSession(
            EdgeNodeInteropIT.endpoint(BROKER),
            HostConfig.of("replace-host").withGroup("replace"),
            recording);
    EdgeNodeSession edge =
        new EdgeNodeSession(
            EdgeNodeInteropIT.endpoint(BROKER), EdgeNodeConfig.of("replace", "edge", dir));
    try {
      consumer.start();
      assertThat(consumer.awaitOnline(Duration.ofSeconds(20))).isTrue();
      DeviceHandle old =
          edge.device(
              "press-01",
              List.of(
                  Tag.of("pressure", "holding:0", DataType.FLOAT64),
                  Tag.of("cycles", "holding:1", DataType.INT64)),
              (tag, value) -> {});
      edge.start();
      assertThat(edge.awaitOnline(Duration.ofSeconds(20))).isTrue();
      assertThat(old.publish("pressure", Sample.good(1, Value.of(12.5)))).isTrue();
      await().until(() -> !recording.of("press-01", "pressure").isEmpty());
      assertThat(consumer.declares(PRESS, "cycles")).isTrue();

      assertThat(edge.removeDevice("press-01")).isTrue();
      assertThat(edge.removeDevice("press-01")).isFalse();
      await().until(() -> recording.events.contains("offline " + PRESS));
      // The old handle's connector may still deliver a late reading: it goes nowhere.
      assertThat(old.publish("pressure", Sample.good(2, Value.of(99.0)))).isFalse();

      DeviceHandle replaced =
          edge.offlineDevice(
              "press-01",
              List.of(Tag.of("temperature", "input:0", DataType.FLOAT64)),
              (tag, value) -> {});
      Thread.sleep(300);
      // Registered offline: no birth with null values before the first readings.
      assertThat(Recording.on(seen, "spBv1.0/replace/DBIRTH/edge/press-01")).hasSize(1);
      replaced.publishForced(
          List.of(
              new io.millwright.uns.sparkplug.edge.TagSample(
                  "temperature", Sample.good(3, Value.of(41.0)))));
      replaced.online();

      await()
          .untilAsserted(
              () -> {
                List<Mqtt5Publish> births =
                    Recording.on(seen, "spBv1.0/replace/DBIRTH/edge/press-01");
                assertThat(births).hasSize(2);
                assertThat(Recording.tahu(births.get(1)).getMetrics())
                    .extracting(Metric::getName)
                    .contains("temperature")
                    .doesNotContain("pressure", "cycles");
                assertThat(consumer.declares(PRESS, "temperature")).isTrue();
                assertThat(consumer.declares(PRESS, "cycles")).isFalse();
                // The host declares the birth's metrics before it hands over their values.
                assertThat(recording.of("press-01", "temperature"))
                    .extracting(s -> s.sample().value())
                    .contains(Value.of(41.0));
              });
      assertThat(Recording.on(seen, "spBv1.0/replace/DDEATH/edge/press-01")).hasSize(1);
      assertThat(recording.of("press-01", "pressure"))
          .extracting(s -> s.sample().value())
          .doesNotContain(Value.of(99.0));
    } finally {
      edge.close();
      consumer.close();
      plain.disconnect();
    }
  }
}
