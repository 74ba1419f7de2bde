package io.millwright.core.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MachineDefinitionTest {

  private static MachineDefinition press(String id, String endpoint, List<Tag> tags) {
    return new MachineDefinition(
        id,
        "Hydraulic press 400 t",
        "pressing",
        "line-1",
        Protocol.MODBUS,
        endpoint,
        Map.of("unitId", "1"),
        Duration.ofMillis(500),
        tags);
  }

  @Test
  void holdsTheContractExample() {
    Tag oil =
        new Tag(
            "hydraulics/oil-temperature",
            "holding:0",
            DataType.FLOAT32,
            "degC",
            new Scale(0.1, 0),
            0.1,
            Optional.empty(),
            false);
    MachineDefinition m = press("press-01", "tcp://10.0.0.21:502", List.of(oil));
    assertThat(m.tags()).containsExactly(oil);
    assertThat(m.samplingInterval(oil)).isEqualTo(Duration.ofMillis(500));
    assertThat(oil.scale().apply(215)).isEqualTo(21.5);
    assertThat(oil.scale().inverse(21.5))
        .isEqualTo(215.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void aNameFallsBackToTheIdAndDefaultsFillIn() {
    MachineDefinition m =
        new MachineDefinition(
            "cnc-01",
            null,
            "machining",
            "cell-1",
            Protocol.OPCUA,
            "opc.tcp://cnc-01:4840",
            null,
            null,
            null);
    assertThat(m.name()).isEqualTo("cnc-01");
    assertThat(m.pollInterval()).isEqualTo(MachineDefinition.DEFAULT_POLL_INTERVAL);
    assertThat(m.tags()).isEmpty();
  }

  @Test
  void errorsNameTheField() {
    assertThatThrownBy(() -> press("Press-01", "tcp://h:502", List.of()))
        .isInstanceOf(DefinitionException.class)
        .hasMessageStartingWith("id: invalid machine id \"Press-01\" at character 1");
    assertThatThrownBy(() -> press("press-01", "opc.tcp://h:4840", List.of()))
        .hasMessage(
            "endpoint: \"opc.tcp://h:4840\" is not a modbus endpoint; write e.g. tcp://host:502");
  }

  @Test
  void duplicateTagNamesPointAtBothTags() {
    Tag a = Tag.of("counts/good", "input:0", DataType.UINT32);
    Tag b = Tag.of("counts/good", "input:2", DataType.UINT32);
    assertThatThrownBy(
            () ->
                press(
                    "press-01",
                    "tcp://h:502",
                    List.of(a, Tag.of("state", "input:4", DataType.UINT16), b)))
        .isInstanceOf(DefinitionException.class)
        .hasMessage("tags[2].name: \"counts/good\" is already the name of tags[0]");
  }

  @Test
  void tagRulesNameTheField() {
    assertThatThrownBy(() -> Tag.of("state", " ", DataType.UINT16))
        .hasMessage("address: is missing");
    assertThatThrownBy(
            () ->
                new Tag(
                    "job/order",
                    "holding:10",
                    DataType.STRING,
                    "",
                    new Scale(2, 0),
                    0,
                    Optional.empty(),
                    true))
        .hasMessage("scale: applies only to numeric types, and this tag is string");
    assertThatThrownBy(
            () -> new Tag("x", "holding:1", DataType.INT16, "", null, -1, Optional.empty(), false))
        .hasMessage("deadband: must be a finite number of 0 or more, not -1.0");
    assertThatThrownBy(
            () ->
                new Tag(
                    "x",
                    "holding:1",
                    DataType.INT16,
                    "",
                    null,
                    0,
                    Optional.of(Duration.ZERO),
                    false))
        .hasMessage("samplingInterval: must be between 1ms and 24h, not 0s");
    assertThatThrownBy(() -> new Scale(0, 1)).hasMessageContaining("scale.factor");
    assertThat(new DefinitionException("name", "bad").within("tags[3]").field())
        .isEqualTo("tags[3].name");
  }

  @Test
  void enumsParseTheirConfigNamesAndListTheRest() {
    assertThat(DataType.parse("float32")).isEqualTo(DataType.FLOAT32);
    assertThatThrownBy(() -> DataType.parse("real")).hasMessageContaining("use one of bool, int16");
    assertThat(Protocol.parse("opcua")).isEqualTo(Protocol.OPCUA);
    assertThatThrownBy(() -> Protocol.parse("profinet"))
        .hasMessageContaining("opcua, modbus, s7, sql, file, mqtt");
    assertThat(MachineState.parse("planned-stop")).isEqualTo(MachineState.PLANNED_STOP);
    assertThat(MachineState.PLANNED_STOP.category()).isEqualTo(MachineState.Category.PLANNED_STOP);
    assertThatThrownBy(() -> MachineState.parse("running")).hasMessageContaining("producing, idle");
  }
}
