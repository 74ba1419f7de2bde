package io.millwright.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Scale;
import io.millwright.core.machine.Tag;
import io.millwright.simulator.MachinesYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator's machines file reads back, through the real loader, as the same definitions. */
class MachinesYamlTest {

  @TempDir Path dir;

  @Test
  void writtenDefinitionsLoadBackUnchanged() throws IOException {
    List<MachineDefinition> machines =
        List.of(
            new MachineDefinition(
                "press-01",
                "Press \"400 t\": line: #1 \\ back\tslash ünïcödé",
                "pressing",
                "line-1",
                Protocol.MODBUS,
                "tcp://127.0.0.1:5020",
                Map.of("unitId", "1", "wordOrder", "big"),
                Duration.ofMillis(250),
                List.of(
                    new Tag(
                        "hydraulics/oil-temperature",
                        "input:0",
                        DataType.FLOAT32,
                        "degC",
                        new Scale(0.1, -40),
                        0.5,
                        Optional.of(Duration.ofSeconds(2)),
                        false),
                    new Tag(
                        "job/order",
                        "holding:10:8",
                        DataType.STRING,
                        "",
                        Scale.IDENTITY,
                        0,
                        Optional.empty(),
                        true))),
            new MachineDefinition(
                "cnc-01",
                null,
                "machining",
                "cell-1",
                Protocol.OPCUA,
                "opc.tcp://127.0.0.1:4840/millwright",
                Map.of(),
                null,
                List.of(Tag.of("spindle/speed", "ns=2;s=cnc-01/spindle/speed", DataType.FLOAT64))));
    Path file = Files.writeString(dir.resolve("machines.yaml"), MachinesYaml.write(machines));

    MillwrightConfig config = ConfigLoader.load(Optional.empty(), Optional.of(file), Map.of());

    assertThat(config.machines()).isEqualTo(machines);
  }
}
