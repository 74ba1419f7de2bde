package io.millwright.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Tag;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facade: definitions with bound ports, the clock, port clashes and a clean close. */
class SimulatorIT {

  @TempDir Path pki;

  private SimulatorConfig anyPorts() {
    return new SimulatorConfig("127.0.0.1", 0, 0, pki, Optional.empty(), Duration.ofMillis(20));
  }

  @Test
  void definitionsTellConnectorsWhereEveryTagIs() throws Exception {
    FixtureMachine press = new FixtureMachine("press-01", Protocol.MODBUS);
    FixtureMachine cnc = new FixtureMachine("cnc-01", Protocol.OPCUA);
    try (Simulator simulator = new Simulator(anyPorts(), List.of(press, cnc), t -> {})) {
      simulator.start();
      List<MachineDefinition> definitions = simulator.machineDefinitions();
      MachineDefinition modbus = definitions.get(0);
      assertThat(modbus.protocol()).isEqualTo(Protocol.MODBUS);
      assertThat(modbus.endpoint()).matches("tcp://127\\.0\\.0\\.1:\\d+");
      assertThat(modbus.options())
          .containsEntry("unitId", "1")
          .containsEntry("wordOrder", "big")
          .containsEntry("byteOrder", "big");
      assertThat(modbus.pollInterval()).isEqualTo(Duration.ofSeconds(1));
      Tag text = tag(modbus, "string/setpoint");
      assertThat(text.address()).matches("holding:\\d+:8");
      assertThat(text.writable()).isTrue();
      assertThat(tag(modbus, "float32/value").unit()).isEqualTo("degC");

      // The endpoint really is the slave: read the tag at its advertised address.
      int port =
          Integer.parseInt(modbus.endpoint().substring(modbus.endpoint().lastIndexOf(':') + 1));
      ModbusTCPMaster master = new ModbusTCPMaster("127.0.0.1", port);
      master.connect();
      try {
        int offset =
            Integer.parseInt(tag(modbus, "int16/value").address().substring("input:".length()));
        assertThat((short) master.readInputRegisters(1, offset, 1)[0].getValue())
            .isEqualTo((short) -1234);
      } finally {
        master.disconnect();
      }

      MachineDefinition opcua = definitions.get(1);
      assertThat(opcua.endpoint()).matches("opc\\.tcp://127\\.0\\.0\\.1:\\d+/millwright");
      assertThat(opcua.endpoint()).isEqualTo(simulator.opcuaEndpoint().orElseThrow());
      Tag speed = tag(opcua, "float64/value");
      assertThat(speed.address()).isEqualTo("ns=2;s=cnc-01/float64/value");
      assertThat(speed.type()).isEqualTo(DataType.FLOAT64);
      assertThat(speed.samplingInterval()).contains(Duration.ofSeconds(1));
      assertThat(speed.deadband()).isZero();
    }
  }

  private static Tag tag(MachineDefinition d, String name) {
    return d.tags().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void theClockAdvancesThePlantEveryTick() {
    AtomicLong last = new AtomicLong();
    AtomicLong calls = new AtomicLong();
    try (Simulator simulator =
        new Simulator(
            anyPorts(),
            List.of(new FixtureMachine("press-01", Protocol.MODBUS)),
            t -> {
              last.set(t);
              calls.incrementAndGet();
            })) {
      long before = System.currentTimeMillis();
      simulator.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() >= 3);
      assertThat(last.get()).isGreaterThanOrEqualTo(before);
    }
  }

  @Test
  void aModelThatThrowsDoesNotStopTheClock() {
    AtomicLong calls = new AtomicLong();
    try (Simulator simulator =
        new Simulator(
            anyPorts(),
            List.of(new FixtureMachine("press-01", Protocol.MODBUS)),
            t -> {
              calls.incrementAndGet();
              throw new IllegalStateException("model bug");
            })) {
      simulator.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() >= 3);
      assertThat(simulator.clockFailures()).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void aTakenModbusPortIsNamedAndNothingKeepsRunning() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      SimulatorConfig config =
          new SimulatorConfig(
              "127.0.0.1", 0, taken.getLocalPort(), pki, Optional.empty(), Duration.ofMillis(100));
      Simulator simulator =
          new Simulator(config, List.of(new FixtureMachine("press-01", Protocol.MODBUS)), t -> {});
      assertThatThrownBy(simulator::start)
          .isInstanceOfSatisfying(
              PortInUseException.class, e -> assertThat(e.port()).isEqualTo(taken.getLocalPort()))
          .hasMessageContaining(String.valueOf(taken.getLocalPort()));
      awaitNoThreadsOfOurs();
    }
  }

  @Test
  void aTakenOpcUaPortIsNamed() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      SimulatorConfig config =
          new SimulatorConfig(
              "127.0.0.1", taken.getLocalPort(), 0, pki, Optional.empty(), Duration.ofMillis(100));
      Simulator simulator =
          new Simulator(config, List.of(new FixtureMachine("cnc-01", Protocol.OPCUA)), t -> {});
      assertThatThrownBy(simulator::start)
          .isInstanceOf(PortInUseException.class)
          .hasMessageContaining("port " + taken.getLocalPort());
    }
  }

  @Test
  void closeStopsEveryThreadItStarted() throws Exception {
    FixtureMachine press = new FixtureMachine("press-01", Protocol.MODBUS);
    Simulator simulator =
        new Simulator(
            anyPorts(), List.of(press, new FixtureMachine("cnc-01", Protocol.OPCUA)), t -> {});
    simulator.start();
    // A connected master gives the slave a connection thread to stop too.
    String endpoint = simulator.machineDefinitions().getFirst().endpoint();
    ModbusTCPMaster master =
        new ModbusTCPMaster(
            "127.0.0.1", Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1)));
    master.connect();
    master.readCoils(1, 0, 1);
    assertThat(ourThreads()).isNotEmpty();
    simulator.close();
    master.disconnect();
    awaitNoThreadsOfOurs();
  }

  @Test
  void machinesOfOtherProtocolsAreRefused() {
    assertThatThrownBy(
            () ->
                new Simulator(
                    anyPorts(), List.of(new FixtureMachine("press-02", Protocol.S7)), t -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("s7");
  }

  /**
   * An executor's awaitTermination (and Netty's termination future) returns while its last thread
   * is still on its way out, so a busy machine may list it for a moment after close: wait for it. A
   * leaked thread stays and still fails this.
   */
  private static void awaitNoThreadsOfOurs() {
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ourThreads()).isEmpty());
  }

  private static List<String> ourThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith("millwright-"))
        .toList();
  }
}
