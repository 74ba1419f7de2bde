package io.millwright.simulator.modbus;

import static io.millwright.simulator.FixtureMachine.setpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Protocol;
import io.millwright.core.sample.Value;
import io.millwright.simulator.FixtureMachine;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The slave read and written by pymodbus (Debian's python3-pymodbus), a Modbus client written by
 * others: proves the register map and word order are what a third party decodes, not only what our
 * own codec agrees with. CI installs the package; without it the test is skipped, saying so.
 */
class PymodbusPeerIT {

  /** Debian's interpreter, where apt installs pymodbus; not a pyenv shim earlier on the PATH. */
  private static final Path PYTHON = Path.of("/usr/bin/python3");

  private final FixtureMachine machine = new FixtureMachine("washer-01", Protocol.MODBUS);
  private ModbusSlave slave;

  @BeforeEach
  void start() throws Exception {
    assumeTrue(
        Files.isExecutable(PYTHON)
            && run(List.of(PYTHON.toString(), "-c", "import pymodbus")).exit == 0,
        "python3-pymodbus is not installed here (apt-get install python3-pymodbus); CI installs it");
    slave = new ModbusSlave(machine, InetAddress.getLoopbackAddress(), 0);
    slave.start();
  }

  @AfterEach
  void stop() {
    if (slave != null) {
      slave.close();
    }
  }

  @Test
  void pymodbusDecodesEveryTagAndWritesThrough() throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(PYTHON.toString(), script(), "127.0.0.1", String.valueOf(slave.port())));
    for (RegisterSlot s : slave.layout().slots()) {
      command.add(
          String.join(
              ",",
              s.tag().name(),
              s.table().prefix(),
              String.valueOf(s.offset()),
              String.valueOf(s.width()),
              s.tag().type().configName()));
    }
    Result result = run(command);
    assertThat(result.exit).as(result.output).isZero();
    Map<String, String> lines = new LinkedHashMap<>();
    result
        .output
        .lines()
        .filter(l -> l.contains("="))
        .forEach(l -> lines.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));

    for (DataType type : DataType.values()) {
      Value expected = FixtureMachine.INITIAL.get(type);
      String shown =
          switch (type) {
            case STRING -> "'" + ((Value.Text) expected).value() + "'";
            case BOOL -> expected.toString();
            case FLOAT32, FLOAT64 -> Double.toString(expected.asDouble());
            default -> Long.toString(((Value.Int64) expected).value());
          };
      assertThat(lines.get(FixtureMachine.value(type))).as(type.name()).isEqualTo(shown);
      assertThat(lines.get(setpoint(type))).as(type.name()).isEqualTo(shown);
    }

    assertThat(lines).containsEntry("write-float64", "ok").containsEntry("write-coil", "ok");
    assertThat(machine.read(setpoint(DataType.FLOAT64))).isEqualTo(Value.of(42.25));
    assertThat(machine.read(setpoint(DataType.BOOL))).isEqualTo(Value.of(false));
    // Exception codes as pymodbus sees them: 3 illegal data value, 2 illegal data address.
    assertThat(lines)
        .containsEntry("write-too-big", "exception 3")
        .containsEntry("read-past-end", "exception 2");
  }

  private static String script() throws URISyntaxException {
    return Path.of(PymodbusPeerIT.class.getResource("/pymodbus_peer.py").toURI()).toString();
  }

  private record Result(int exit, String output) {}

  private static Result run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("python did not finish: " + command);
    }
    return new Result(
        process.exitValue(),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
