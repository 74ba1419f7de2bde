package io.millwright.connect.opcua;

import static io.millwright.connect.opcua.Machines.machine;
import static io.millwright.connect.opcua.Machines.tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.connect.LinkStatus;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpcUaConnectorFactoryTest {

  @TempDir Path pki;

  @Test
  void aBadAddressIsNamedByItsTagIndex() {
    var machine =
        machine(
            "opc.tcp://127.0.0.1:4840/x",
            Map.of(),
            List.of(
                tag("a", "ns=2;s=a", DataType.INT16),
                tag("b", "ns=2;i=1", DataType.INT16),
                tag("c", "Press.Force", DataType.FLOAT32)));
    assertThatThrownBy(() -> new OpcUaConnectorFactory(pki).create(machine))
        .isInstanceOf(DefinitionException.class)
        .satisfies(e -> assertThat(((DefinitionException) e).field()).isEqualTo("tags[2].address"))
        .hasMessageContaining("Press.Force");
  }

  @Test
  void badOptionsAndEndpointsAreNamed() {
    assertThatThrownBy(
            () ->
                new OpcUaConnectorFactory(pki)
                    .create(
                        machine("opc.tcp://127.0.0.1:4840/x", Map.of("unitId", "1"), List.of())))
        .hasMessageContaining("options.unitId")
        .hasMessageContaining("trustServerCertificate");
    assertThatThrownBy(
            () ->
                new OpcUaConnectorFactory(pki)
                    .create(machine("opc.tcp://[bad", Map.of(), List.of())))
        .isInstanceOf(DefinitionException.class)
        .satisfies(e -> assertThat(((DefinitionException) e).field()).isEqualTo("endpoint"));
    var modbus =
        new MachineDefinition(
            "press-01",
            null,
            "pressing",
            "line-1",
            Protocol.MODBUS,
            "tcp://h:502",
            Map.of(),
            null,
            List.of());
    assertThatThrownBy(() -> new OpcUaConnectorFactory(pki).create(modbus))
        .satisfies(e -> assertThat(((DefinitionException) e).field()).isEqualTo("protocol"));
  }

  @Test
  void thePublishingIntervalDefaultsToTheFastestSamplingInterval() {
    var fast =
        new io.millwright.core.machine.Tag(
            "fast",
            "ns=2;s=f",
            DataType.FLOAT64,
            "",
            null,
            0,
            Optional.of(Duration.ofMillis(20)),
            false);
    var machine =
        machine(
            "opc.tcp://127.0.0.1:4840/x",
            Map.of(),
            List.of(tag("slow", "ns=2;s=s", DataType.INT16), fast));
    var connector = (OpcUaConnector) new OpcUaConnectorFactory(pki).create(machine);
    assertThat(connector.publishingInterval()).isEqualTo(Duration.ofMillis(20));
    assertThat(connector.stats().status()).isEqualTo(LinkStatus.CONNECTING);
    var configured =
        (OpcUaConnector)
            new OpcUaConnectorFactory(pki)
                .create(
                    machine(
                        "opc.tcp://127.0.0.1:4840/x",
                        Map.of("publishingInterval", "1s"),
                        List.of(fast)));
    assertThat(configured.publishingInterval()).isEqualTo(Duration.ofSeconds(1));
    connector.close();
    configured.close();
    assertThat(connector.stats().status()).isEqualTo(LinkStatus.STOPPED);
  }

  @Test
  void aWriteBeforeConnectingFailsWithTheReasonAndIsCounted() {
    var machine =
        machine(
            "opc.tcp://127.0.0.1:4840/x",
            Map.of(),
            List.of(Machines.writable("speed", "ns=2;s=speed", DataType.FLOAT64)));
    try (var connector = new OpcUaConnectorFactory(pki).create(machine)) {
      assertThat(connector.write("speed", io.millwright.core.sample.Value.of(1.0)))
          .failsWithin(Duration.ofSeconds(1))
          .withThrowableThat()
          .withMessageContaining("not connected");
      assertThat(connector.write("nothing", io.millwright.core.sample.Value.of(1.0)))
          .failsWithin(Duration.ofSeconds(1))
          .withThrowableThat()
          .withMessageContaining("no tag \"nothing\"");
      assertThat(connector.stats().writeErrors()).isEqualTo(2);
    }
  }
}
