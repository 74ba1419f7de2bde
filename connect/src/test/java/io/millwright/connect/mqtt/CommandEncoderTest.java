package io.millwright.connect.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.connect.WriteException;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Scale;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Value;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandEncoderTest {

  private static DeviceTag writable(String name, DataType type, Scale scale) {
    Tag tag = new Tag(name, "d/s#/x", type, "", scale, 0, Optional.empty(), true);
    return new DeviceTag(0, tag, TagAddress.parse(tag.address()));
  }

  private static String encode(DeviceTag tag, Value value) {
    return new String(CommandEncoder.encode(tag, value), StandardCharsets.UTF_8);
  }

  @Test
  void theCommandNamesTheTagAndCarriesTheValue() {
    assertThat(
            encode(writable("spindle/setpoint", DataType.INT32, Scale.IDENTITY), Value.of(1200L)))
        .isEqualTo("{\"tag\":\"spindle/setpoint\",\"value\":1200}");
    assertThat(encode(writable("run", DataType.BOOL, Scale.IDENTITY), Value.of(true)))
        .isEqualTo("{\"tag\":\"run\",\"value\":true}");
    assertThat(encode(writable("order", DataType.STRING, Scale.IDENTITY), Value.of("A \"1\"")))
        .isEqualTo("{\"tag\":\"order\",\"value\":\"A \\\"1\\\"\"}");
    assertThat(encode(writable("temp", DataType.FLOAT64, Scale.IDENTITY), Value.of(21.5)))
        .isEqualTo("{\"tag\":\"temp\",\"value\":21.5}");
  }

  @Test
  void theScaleIsUndoneAndIntegersRounded() {
    assertThat(encode(writable("p", DataType.INT16, new Scale(0.1, 0)), Value.of(12.46)))
        .isEqualTo("{\"tag\":\"p\",\"value\":125}");
  }

  @Test
  void refusalsSayWhy() {
    assertThatThrownBy(
            () ->
                CommandEncoder.encode(
                    writable("p", DataType.INT16, Scale.IDENTITY), Value.of(40000L)))
        .isInstanceOf(WriteException.class)
        .hasMessageContaining("out of range for int16");
    assertThatThrownBy(
            () ->
                CommandEncoder.encode(writable("p", DataType.INT16, Scale.IDENTITY), Value.of("x")))
        .hasMessageContaining("a string value does not fit a int16 tag");
    assertThatThrownBy(
            () ->
                CommandEncoder.encode(
                    writable("t", DataType.FLOAT64, Scale.IDENTITY), Value.of(Double.NaN)))
        .hasMessageContaining("JSON has no NaN");
    assertThatThrownBy(
            () -> CommandEncoder.encode(writable("b", DataType.BOOL, Scale.IDENTITY), Value.of(1L)))
        .hasMessageContaining("does not fit a bool tag");
  }
}
