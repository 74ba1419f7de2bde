package io.millwright.connect.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millwright.connect.Connector;
import io.millwright.connect.LinkStatus;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Quality;
import io.millwright.uns.testkit.TestBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A broker whose access rules refuse the device's topic (the embedded broker's {@code reader} may
 * subscribe to {@code spBv1.0/#} only): the tags say so, the link stays up.
 */
class MqttDeviceAccessIT {

  @RegisterExtension static final TestBroker BROKER = new TestBroker();

  @Test
  void aRefusedSubscriptionMakesItsTagsBadWithTheReason() {
    RecordingLink link = new RecordingLink();
    try (Connector connector =
        new MqttDeviceConnectorFactory(k -> null)
            .create(
                MqttDeviceConnectorFactoryTest.machine(
                    "mqtt://127.0.0.1:" + BROKER.port(),
                    Map.of("username", "reader", "password", "reader-password"),
                    List.of(
                        Tag.of("speed", "devices/cnc-01/status#/speed", DataType.FLOAT64),
                        Tag.of("state", "devices/cnc-01/status#/state", DataType.STRING))))) {
      connector.start(link);
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                assertThat(link.latest("speed")).isNotNull();
                assertThat(link.latest("state")).isNotNull();
              });
      assertThat(link.latest("speed").quality()).isEqualTo(Quality.bad("Bad_UserAccessDenied"));
      assertThat(link.latest("state").quality()).isEqualTo(Quality.bad("Bad_UserAccessDenied"));
      assertThat(connector.stats().readErrors()).isEqualTo(2);
      assertThat(connector.stats().lastError())
          .contains("refused the subscription to devices/cnc-01/status");
      assertThat(connector.stats().status()).isEqualTo(LinkStatus.CONNECTED);
    }
  }
}
