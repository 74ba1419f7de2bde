package io.millwright.simulator.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.core.machine.DataType;
import io.millwright.core.sample.Value;
import org.junit.jupiter.api.Test;

class CommandTextTest {

  @Test
  void theConnectorsTextBecomesTheTagsValue() {
    assertThat(CommandText.parse(DataType.BOOL, "true")).isEqualTo(Value.of(true));
    assertThat(CommandText.parse(DataType.BOOL, "0")).isEqualTo(Value.of(false));
    assertThat(CommandText.parse(DataType.INT64, "-9223372036854775808"))
        .isEqualTo(Value.of(Long.MIN_VALUE));
    assertThat(CommandText.parse(DataType.FLOAT32, "12.5")).isEqualTo(Value.of(12.5));
    assertThat(CommandText.parse(DataType.STRING, " PO-1 ")).isEqualTo(Value.of(" PO-1 "));
  }

  @Test
  void textThatIsNotOfTheTypeIsRefusedSayingWhat() {
    assertThatThrownBy(() -> CommandText.parse(DataType.INT32, "1.5"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("\"1.5\" is not a int32 value");
    assertThatThrownBy(() -> CommandText.parse(DataType.BOOL, "yes"))
        .hasMessage("\"yes\" is not true or false");
    assertThatThrownBy(() -> CommandText.parse(DataType.FLOAT64, "fast"))
        .hasMessage("\"fast\" is not a float64 value");
  }
}
