package io.millwright.connect.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.connect.WriteException;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Scale;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Value;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandValueTest {

  private static SqlTag tag(DataType type, Scale scale) {
    return SqlTag.of(
        0, new Tag("job/target", "target", type, "", scale, 0, Optional.empty(), true));
  }

  private static String encode(DataType type, Value value) {
    return CommandValue.encode(tag(type, Scale.IDENTITY), value);
  }

  @Test
  void valuesBecomePlainText() {
    assertThat(encode(DataType.INT64, Value.of(Long.MIN_VALUE))).isEqualTo("-9223372036854775808");
    assertThat(encode(DataType.INT32, Value.of(12.6))).isEqualTo("13");
    assertThat(encode(DataType.FLOAT64, Value.of(2L))).isEqualTo("2.0");
    assertThat(encode(DataType.BOOL, Value.of(true))).isEqualTo("true");
    assertThat(encode(DataType.STRING, Value.of("O'Brien; --"))).isEqualTo("O'Brien; --");
  }

  @Test
  void theScaleIsUndone() {
    assertThat(CommandValue.encode(tag(DataType.INT16, new Scale(0.1, 0)), Value.of(12.5)))
        .isEqualTo("125");
  }

  @Test
  void valuesThatDoNotFitAreRefusedSayingWhy() {
    assertThatThrownBy(() -> encode(DataType.UINT16, Value.of(70_000L)))
        .isInstanceOf(WriteException.class)
        .hasMessage("cannot write job/target: 70000 is out of range for uint16 (0 to 65535)");
    assertThatThrownBy(() -> encode(DataType.INT32, Value.of("12")))
        .hasMessageContaining("a string value does not fit a int32 tag");
    assertThatThrownBy(() -> encode(DataType.BOOL, Value.of(1L)))
        .hasMessageContaining("does not fit a bool tag");
    assertThatThrownBy(() -> encode(DataType.FLOAT64, Value.of(Double.NaN)))
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> encode(DataType.FLOAT32, Value.of(1e300)))
        .hasMessageContaining("out of range for float32");
  }
}
