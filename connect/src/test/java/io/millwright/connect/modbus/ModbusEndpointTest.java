package io.millwright.connect.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.core.machine.DefinitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModbusEndpointTest {

  @Test
  void hostAndPortWithPort502ByDefault() {
    assertThat(ModbusEndpoint.parse("tcp://10.0.0.21:5020"))
        .isEqualTo(new ModbusEndpoint("10.0.0.21", 5020));
    assertThat(ModbusEndpoint.parse("tcp://plc.local"))
        .isEqualTo(new ModbusEndpoint("plc.local", 502));
    assertThat(ModbusEndpoint.parse("TCP://[::1]:1502")).isEqualTo(new ModbusEndpoint("::1", 1502));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "tcp://",
        "tcp://host:0",
        "tcp://host:99999",
        "tcp://host/path",
        "tcp://h?x=1",
        "tcp://user@host",
        "udp://host",
        "tcp://ho st"
      })
  void refusesOtherFormsOnTheEndpointField(String endpoint) {
    assertThatThrownBy(() -> ModbusEndpoint.parse(endpoint))
        .isInstanceOf(DefinitionException.class)
        .extracting(e -> ((DefinitionException) e).field())
        .isEqualTo("endpoint");
  }
}
