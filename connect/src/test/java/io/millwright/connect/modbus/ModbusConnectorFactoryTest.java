package io.millwright.connect.modbus;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Scale;
import io.millwright.core.machine.Tag;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModbusConnectorFactoryTest {

  private final ModbusConnectorFactory factory = new ModbusConnectorFactory();

  @Test
  void typeAndTableMismatchesNameTheTagField() {
    assertRefused(
        Tag.of("ok", "holding:0", DataType.INT16),
        Tag.of("bad", "coil:3", DataType.FLOAT32),
        "tags[1].type");
    assertRefused(Tag.of("bad", "holding:3", DataType.BOOL), "tags[0].type");
    assertRefused(Tag.of("bad", "holding:65535", DataType.FLOAT32), "tags[0].address");
    assertRefused(Tag.of("fits", "holding:65534", DataType.FLOAT32), null);
    assertRefused(Tag.of("bad", "holding:65535", DataType.INT16), null);
    assertRefused(Tag.of("bad", "holding:3", DataType.STRING), "tags[0].address");
    assertRefused(Tag.of("bad", "holding:3:2", DataType.INT32), "tags[0].address");
    assertRefused(Tag.of("bad", "hr:3", DataType.INT32), "tags[0].address");
    assertRefused(writable("input:0", DataType.INT16), "tags[0].writable");
    assertRefused(writable("discrete:0", DataType.BOOL), "tags[0].writable");
  }

  @Test
  void aTagLongerThanOneRequestIsRefused() {
    MachineDefinition m =
        machine(Map.of("maxRegisters", "2"), List.of(Tag.of("t", "holding:0", DataType.FLOAT64)));
    assertThatThrownBy(() -> factory.create(m))
        .isInstanceOf(DefinitionException.class)
        .hasMessageContaining("tags[0].address")
        .hasMessageContaining("options.maxRegisters is 2");
  }

  @Test
  void endpointAndOptionsAreCheckedAtCreate() {
    MachineDefinition badOption =
        machine(Map.of("wordorder", "big"), List.of(Tag.of("t", "holding:0", DataType.INT16)));
    assertThatThrownBy(() -> factory.create(badOption))
        .isInstanceOf(DefinitionException.class)
        .hasMessageStartingWith("options.wordorder: is not a Modbus option; use byteOrder");
    MachineDefinition badEndpoint =
        new MachineDefinition(
            "m", "m", "a", "l", Protocol.MODBUS, "tcp://host:70000", Map.of(), null, List.of());
    assertThatThrownBy(() -> factory.create(badEndpoint))
        .isInstanceOf(DefinitionException.class)
        .extracting(e -> ((DefinitionException) e).field())
        .isEqualTo("endpoint");
  }

  private void assertRefused(Tag tag, String field) {
    MachineDefinition m = machine(Map.of(), List.of(tag));
    if (field == null) {
      factory.create(m).close();
      return;
    }
    assertThatThrownBy(() -> factory.create(m))
        .isInstanceOf(DefinitionException.class)
        .extracting(e -> ((DefinitionException) e).field())
        .isEqualTo(field);
  }

  private void assertRefused(Tag first, Tag second, String field) {
    MachineDefinition m = machine(Map.of(), List.of(first, second));
    assertThatThrownBy(() -> factory.create(m))
        .isInstanceOf(DefinitionException.class)
        .extracting(e -> ((DefinitionException) e).field())
        .isEqualTo(field);
  }

  private static Tag writable(String address, DataType type) {
    return new Tag("w", address, type, "", Scale.IDENTITY, 0, Optional.empty(), true);
  }

  static MachineDefinition machine(Map<String, String> options, List<Tag> tags) {
    return new MachineDefinition(
        "press-01",
        "Press",
        "pressing",
        "line-1",
        Protocol.MODBUS,
        "tcp://127.0.0.1:1502",
        options,
        null,
        tags);
  }
}
