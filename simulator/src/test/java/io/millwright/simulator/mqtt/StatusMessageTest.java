package io.millwright.simulator.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.core.machine.DataType;
import io.millwright.core.sample.Value;
import io.millwright.simulator.TagSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusMessageTest {

  private static final List<TagSpec> TAGS =
      List.of(
          new TagSpec("spindle/speed", DataType.FLOAT64, "rpm", false),
          new TagSpec("spindle/override", DataType.INT16, "%", true),
          new TagSpec("running", DataType.BOOL, "", false),
          new TagSpec("temperature", DataType.FLOAT32, "degC", false),
          new TagSpec("program", DataType.STRING, "", false));

  private static final Map<String, Value> VALUES =
      Map.of(
          "spindle/speed", Value.of(1200.5),
          "spindle/override", Value.of(100L),
          "running", Value.of(true),
          "temperature", Value.of(Double.NaN),
          "program", Value.of("O100"));

  @Test
  void tagsAreNestedByTheirPathWithTheTime() {
    byte[] message = StatusMessage.encode(StatusMessage.values(TAGS, VALUES::get), 17L);
    assertThat(new String(message, StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"spindle\":{\"speed\":1200.5,\"override\":100},\"running\":true,"
                + "\"temperature\":null,\"program\":\"O100\",\"ts\":17}");
  }

  @Test
  void aTagThatIsAlsoAParentCannotBeNested() {
    List<TagSpec> clash =
        List.of(
            new TagSpec("spindle", DataType.FLOAT64, "", false),
            new TagSpec("spindle/speed", DataType.FLOAT64, "", false));
    assertThatThrownBy(() -> StatusMessage.requireNestable(clash))
        .hasMessageContaining("spindle/speed is both a value and the parent");
  }

  @Test
  void pointersEscapeTilde() {
    assertThat(StatusMessage.pointer("spindle/speed")).isEqualTo("/spindle/speed");
    assertThat(StatusMessage.pointer("a~b/c")).isEqualTo("/a~0b/c");
  }

  @Test
  void commandsAreCheckedAgainstTheTagsKind() {
    assertThat(
            CommandMessage.parse(
                "{\"tag\":\"spindle/override\",\"value\":90}".getBytes(StandardCharsets.UTF_8),
                TAGS))
        .isEqualTo(new CommandMessage("spindle/override", Value.of(90L)));
    assertThatThrownBy(
            () ->
                CommandMessage.parse(
                    "{\"tag\":\"spindle/override\",\"value\":9.5}".getBytes(StandardCharsets.UTF_8),
                    TAGS))
        .hasMessageContaining("does not fit spindle/override, a int16 tag");
    assertThatThrownBy(
            () ->
                CommandMessage.parse(
                    "{\"tag\":\"x\",\"value\":1}".getBytes(StandardCharsets.UTF_8), TAGS))
        .hasMessageContaining("there is no tag x");
    assertThatThrownBy(() -> CommandMessage.parse("[1]".getBytes(StandardCharsets.UTF_8), TAGS))
        .hasMessageContaining("needs a string \"tag\"");
    assertThatThrownBy(() -> CommandMessage.parse("{".getBytes(StandardCharsets.UTF_8), TAGS))
        .hasMessageContaining("not JSON");
  }
}
