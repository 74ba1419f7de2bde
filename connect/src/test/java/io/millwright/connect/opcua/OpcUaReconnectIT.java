package io.millwright.connect.opcua;

import static io.millwright.connect.opcua.Machines.machine;
import static io.millwright.connect.opcua.Machines.plant;
import static io.millwright.connect.opcua.Machines.tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millwright.connect.Connector;
import io.millwright.connect.LinkStatus;
import io.millwright.core.machine.DataType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpcUaReconnectIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir Path pki;

  @Test
  void aRestartedServerGetsANewSubscriptionAndDataFlowsAgain() throws Exception {
    try (PlantServer server = PlantServer.start()) {
      var machine =
          machine(
              server.endpoint(),
              Map.of(),
              List.of(tag("counter", plant("plant/counter"), DataType.INT32)));
      var link = new RecordingLink();
      try (Connector connector = new OpcUaConnectorFactory(pki).create(machine)) {
        connector.start(link);
        await().atMost(PATIENCE).until(() -> link.count("counter") >= 3);

        server.stop();
        await().atMost(PATIENCE).until(() -> link.disconnected.get() == 1);
        assertThat(connector.stats().status()).isEqualTo(LinkStatus.DISCONNECTED);
        assertThat(link.lastReason()).contains(server.endpoint());
        long before = link.count("counter");

        server.restart();
        await().atMost(PATIENCE).until(() -> link.connected.get() == 2);
        await().atMost(PATIENCE).until(() -> link.count("counter") >= before + 5);
        assertThat(connector.stats().status()).isEqualTo(LinkStatus.CONNECTED);
        assertThat(connector.stats().reconnects()).isPositive();
        assertThat(server.monitoredItems()).as("the subscription was recreated").isEqualTo(1);
      }
    }
  }

  @Test
  void aServerThatIsNotThereYetIsRetriedWithBackOff() throws Exception {
    int port = PlantServer.freePort();
    var machine =
        machine(
            "opc.tcp://127.0.0.1:" + port + PlantServer.PATH,
            Map.of(),
            List.of(tag("counter", plant("plant/counter"), DataType.INT32)));
    var link = new RecordingLink();
    try (Connector connector = new OpcUaConnectorFactory(pki).create(machine)) {
      connector.start(link);
      await().atMost(PATIENCE).until(() -> link.disconnected.get() >= 2);
      assertThat(connector.stats().status()).isEqualTo(LinkStatus.DISCONNECTED);
      assertThat(connector.stats().lastError()).contains("127.0.0.1:" + port);
      assertThat(connector.stats().reconnects()).isPositive();
      assertThat(link.connected.get()).isZero();
    }
  }
}
