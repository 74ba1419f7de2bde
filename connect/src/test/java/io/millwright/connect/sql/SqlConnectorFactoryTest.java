package io.millwright.connect.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.connect.LinkStatus;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Scale;
import io.millwright.core.machine.Tag;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlConnectorFactoryTest {

  @TempDir Path state;

  private static final Map<String, String> OPTIONS = Map.of("table", "results", "watermark", "id");

  private static MachineDefinition machine(Map<String, String> options, List<Tag> tags) {
    return new MachineDefinition(
        "cmm-01",
        "CMM",
        "quality",
        "lab",
        Protocol.SQL,
        "jdbc:postgresql://edge/cmm",
        options,
        null,
        tags);
  }

  private static Tag writable(String name, String address) {
    return new Tag(name, address, DataType.STRING, "", Scale.IDENTITY, 0, Optional.empty(), true);
  }

  @Test
  void aValidMachineBuildsAConnectorNotYetStarted() {
    try (SqlConnector c =
        new SqlConnectorFactory(state)
            .create(
                machine(
                    OPTIONS,
                    List.of(
                        Tag.of("part/serial", "serial", DataType.STRING),
                        Tag.of("measure/diameter", "diameter_mm", DataType.FLOAT64))))) {
      assertThat(c.stats().status()).isEqualTo(LinkStatus.CONNECTING);
    }
  }

  @Test
  void anAddressThatIsNotAPlainColumnNameNamesTheTag() {
    assertThatThrownBy(
            () ->
                new SqlConnectorFactory(state)
                    .create(
                        machine(
                            OPTIONS,
                            List.of(
                                Tag.of("a", "serial", DataType.STRING),
                                Tag.of("b", "diameter mm", DataType.FLOAT64)))))
        .isInstanceOfSatisfying(
            DefinitionException.class,
            e -> {
              assertThat(e.field()).isEqualTo("tags[1].address");
              assertThat(e.problem()).contains("not a plain SQL name");
            });
  }

  @Test
  void writableTagsNeedACommandTable() {
    assertThatThrownBy(
            () ->
                new SqlConnectorFactory(state)
                    .create(machine(OPTIONS, List.of(writable("job/order", "job_order")))))
        .isInstanceOfSatisfying(
            DefinitionException.class, e -> assertThat(e.field()).isEqualTo("tags[0].writable"));
    Map<String, String> withCommands =
        Map.of("table", "results", "watermark", "id", "commandTable", "commands");
    new SqlConnectorFactory(state)
        .create(machine(withCommands, List.of(writable("job/order", "job_order"))))
        .close();
  }

  @Test
  void aTagOfItsOwnRateIsRefused() {
    Tag own =
        new Tag(
            "t",
            "c",
            DataType.INT32,
            "",
            Scale.IDENTITY,
            0,
            Optional.of(Duration.ofSeconds(5)),
            false);
    assertThatThrownBy(() -> new SqlConnectorFactory(state).create(machine(OPTIONS, List.of(own))))
        .isInstanceOfSatisfying(
            DefinitionException.class,
            e -> assertThat(e.field()).isEqualTo("tags[0].samplingInterval"));
  }

  @Test
  void anotherProtocolIsRefused() {
    MachineDefinition modbus =
        new MachineDefinition(
            "m", "m", "a", "l", Protocol.MODBUS, "tcp://plc", Map.of(), null, List.of());
    assertThatThrownBy(() -> new SqlConnectorFactory(state).create(modbus))
        .isInstanceOfSatisfying(
            DefinitionException.class, e -> assertThat(e.field()).isEqualTo("protocol"));
  }
}
