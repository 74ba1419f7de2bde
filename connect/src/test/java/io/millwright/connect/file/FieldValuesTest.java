package io.millwright.connect.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Scale;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Value;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldValuesTest {

  private static Tag tag(DataType type) {
    return Tag.of("t", "t", type);
  }

  @ParameterizedTest
  @CsvSource({
    "bool, TRUE, true",
    "bool, 0, false",
    "bool, yes, true",
    "int16, -32768, -32768",
    "uint16, 65535, 65535",
    "int32, ' 42 ', 42",
    "uint32, 4294967295, 4294967295",
    "int64, 12.000, 12",
    "int64, 1E3, 1000",
    "float32, 0.012, 0.012",
    "float64, -1.5e-3, -0.0015",
    "float64, NaN, NaN",
    "string, ' A-1 ', ' A-1 '"
  })
  void readsTextAsTheTagsType(String type, String text, String expected) {
    Value v = FieldValues.read(tag(DataType.parse(type)), text);
    assertThat(v.kind()).isEqualTo(DataType.parse(type).kind());
    assertThat(v.toString()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "bool, maybe, is not a bool",
    "int16, 32768, out of the range of int16",
    "uint16, -1, out of the range of uint16",
    "int32, 1.5, not a whole number",
    "int64, 0x10, not a number",
    "float64, 1d, not a number",
    "float64, '12,5', not a number",
    "float64, 1e999999999, not a number"
  })
  void refusesTextThatDoesNotFit(String type, String text, String message) {
    assertThatThrownBy(() -> FieldValues.read(tag(DataType.parse(type)), text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void scaledNumbersBecomeDoublesInEngineeringUnits() {
    Tag scaled =
        new Tag("t", "t", DataType.INT16, "bar", new Scale(0.1, 0), 0, Optional.empty(), true);
    assertThat(FieldValues.read(scaled, "123")).isEqualTo(Value.of(12.3));
    assertThat(FieldValues.raw(scaled, Value.of(12.3))).isEqualTo(Value.of(123L));
  }

  @Test
  void writesKeepTheMachinesTypeAndRange() {
    assertThat(FieldValues.raw(tag(DataType.UINT32), Value.of(42L))).isEqualTo(Value.of(42L));
    assertThat(FieldValues.raw(tag(DataType.FLOAT64), Value.of(3L))).isEqualTo(Value.of(3.0));
    assertThat(FieldValues.raw(tag(DataType.STRING), Value.of("A-1"))).isEqualTo(Value.of("A-1"));
    assertThatThrownBy(() -> FieldValues.raw(tag(DataType.UINT16), Value.of(70000L)))
        .hasMessageContaining("out of the range");
    assertThatThrownBy(() -> FieldValues.raw(tag(DataType.INT32), Value.of(1.5)))
        .hasMessageContaining("whole number");
    assertThatThrownBy(() -> FieldValues.raw(tag(DataType.STRING), Value.of(1L)))
        .hasMessageContaining("takes a string");
    assertThatThrownBy(() -> FieldValues.raw(tag(DataType.UINT32), Value.of("7")))
        .hasMessageContaining("takes a number");
  }
}
