package io.millwright.connect.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.core.machine.DefinitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModbusAddressTest {

  @Test
  void parsesEveryTableAndTheStringForm() {
    assertThat(ModbusAddress.parse("coil:0")).isEqualTo(new ModbusAddress(Table.COIL, 0, 0));
    assertThat(ModbusAddress.parse("discrete:7"))
        .isEqualTo(new ModbusAddress(Table.DISCRETE, 7, 0));
    assertThat(ModbusAddress.parse("input:65535"))
        .isEqualTo(new ModbusAddress(Table.INPUT, 65535, 0));
    assertThat(ModbusAddress.parse("holding:100:8"))
        .isEqualTo(new ModbusAddress(Table.HOLDING, 100, 8));
    assertThat(ModbusAddress.parse("holding:100:8")).hasToString("holding:100:8");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "holding",
        "holding:",
        "holding:-1",
        "holding:+1",
        "holding:0x10",
        "holding:65536",
        "holding:1:0",
        "holding:1:126",
        "holding:1:2:3",
        "coil:1:2",
        "register:1",
        "Holding:1",
        "40001",
        "holding:\u0661"
      })
  void refusesWhatIsNotAnAddressNamingTheField(String text) {
    assertThatThrownBy(() -> ModbusAddress.parse(text))
        .isInstanceOf(DefinitionException.class)
        .extracting(e -> ((DefinitionException) e).field())
        .isEqualTo("address");
  }

  @Test
  void theMessageShowsTheAcceptedForms() {
    assertThatThrownBy(() -> ModbusAddress.parse("register:1"))
        .hasMessageContaining("coil:N, discrete:N, input:N, holding:N");
  }
}
