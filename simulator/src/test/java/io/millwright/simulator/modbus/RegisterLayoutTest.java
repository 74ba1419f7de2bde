package io.millwright.simulator.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Protocol;
import io.millwright.simulator.FixtureMachine;
import io.millwright.simulator.TagSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegisterLayoutTest {

  @Test
  void eachTableIsPackedInTagOrder() {
    RegisterLayout layout =
        RegisterLayout.of(
            List.of(
                new TagSpec("a", DataType.FLOAT32, "", false),
                new TagSpec("b", DataType.INT16, "", false),
                new TagSpec("c", DataType.BOOL, "", false),
                new TagSpec("d", DataType.BOOL, "", true),
                new TagSpec("e", DataType.FLOAT64, "", true),
                new TagSpec("f", DataType.STRING, "", true),
                new TagSpec("g", DataType.UINT32, "", true)));
    assertThat(layout.slots())
        .extracting(RegisterSlot::address)
        .containsExactly(
            "input:0", "input:2", "discrete:0", "coil:0", "holding:0", "holding:4:8", "holding:12");
    assertThat(layout.size(RegisterTable.HOLDING_REGISTER)).isEqualTo(14);
    assertThat(layout.size(RegisterTable.INPUT_REGISTER)).isEqualTo(3);
  }

  @Test
  void theFixtureUsesEveryTable() {
    RegisterLayout layout = RegisterLayout.of(new FixtureMachine("m", Protocol.MODBUS).tags());
    assertThat(layout.slot("bool/value").orElseThrow().address()).isEqualTo("discrete:0");
    assertThat(layout.slot("bool/setpoint").orElseThrow().address()).isEqualTo("coil:0");
    assertThat(layout.slot("int16/value").orElseThrow().address()).isEqualTo("input:0");
    assertThat(layout.slot("int16/setpoint").orElseThrow().address()).isEqualTo("holding:0");
    // int16, uint16 (1 each), int32, uint32 (2 each), int64 (4), float32 (2), float64 (4)
    assertThat(layout.slot("string/value").orElseThrow().address()).isEqualTo("input:16:8");
  }
}
