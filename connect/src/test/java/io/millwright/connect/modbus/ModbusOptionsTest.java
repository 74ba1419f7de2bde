package io.millwright.connect.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.connect.modbus.ModbusOptions.Order;
import io.millwright.core.machine.DefinitionException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModbusOptionsTest {

  @Test
  void defaultsWhenNothingIsGiven() {
    ModbusOptions o = ModbusOptions.parse(Map.of());
    assertThat(o.unitId()).isEqualTo(1);
    assertThat(o.wordOrder()).isEqualTo(Order.BIG);
    assertThat(o.byteOrder()).isEqualTo(Order.BIG);
    assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(o.maxRegisters()).isEqualTo(125);
    assertThat(o.maxGap()).isEqualTo(8);
  }

  @Test
  void readsEveryOption() {
    ModbusOptions o =
        ModbusOptions.parse(
            Map.of(
                "unitId", "17",
                "wordOrder", "little",
                "byteOrder", "LITTLE",
                "timeout", "250ms",
                "maxRegisters", "60",
                "maxGap", "0"));
    assertThat(o)
        .isEqualTo(
            new ModbusOptions(17, Order.LITTLE, Order.LITTLE, Duration.ofMillis(250), 60, 0));
  }

  @Test
  void anUnknownOptionIsNamedWithTheAcceptedOnes() {
    assertThatThrownBy(() -> ModbusOptions.parse(Map.of("unitID", "1")))
        .isInstanceOf(DefinitionException.class)
        .hasMessage(
            "options.unitID: is not a Modbus option; use byteOrder, maxGap, maxRegisters,"
                + " timeout, unitId, wordOrder");
  }

  @Test
  void outOfRangeOrMalformedValuesNameTheirKey() {
    assertField(Map.of("unitId", "256"), "options.unitId");
    assertField(Map.of("unitId", "one"), "options.unitId");
    assertField(Map.of("wordOrder", "middle"), "options.wordOrder");
    assertField(Map.of("byteOrder", ""), "options.byteOrder");
    assertField(Map.of("timeout", "1"), "options.timeout");
    assertField(Map.of("timeout", "1ms"), "options.timeout");
    assertField(Map.of("maxRegisters", "126"), "options.maxRegisters");
    assertField(Map.of("maxRegisters", "0"), "options.maxRegisters");
    assertField(Map.of("maxGap", "-1"), "options.maxGap");
  }

  private static void assertField(Map<String, String> options, String field) {
    assertThatThrownBy(() -> ModbusOptions.parse(options))
        .isInstanceOf(DefinitionException.class)
        .extracting(e -> ((DefinitionException) e).field())
        .isEqualTo(field);
  }
}
