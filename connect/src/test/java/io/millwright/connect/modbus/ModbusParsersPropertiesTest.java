package io.millwright.connect.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Scale;
import io.millwright.core.machine.Tag;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/**
 * Fuzzes the parsers a plant engineer's typing reaches (RELIABILITY.md T6): any input is either
 * accepted or refused with a {@link DefinitionException} naming the field; nothing else escapes.
 */
class ModbusParsersPropertiesTest {

  @Property(tries = 5000)
  void anyStringIsAnAddressOrADefinitionError(@ForAll @StringLength(max = 40) String text) {
    parsesOrNamesField(() -> ModbusAddress.parse(text), "address");
  }

  /** Strings close to valid addresses reach the deeper branches that random text rarely does. */
  @Property(tries = 5000)
  void nearMissAddressesAreAddressesOrDefinitionErrors(@ForAll("nearAddresses") String text) {
    Object parsed = parsesOrNamesField(() -> ModbusAddress.parse(text), "address");
    if (parsed instanceof ModbusAddress a) {
      assertThat(ModbusAddress.parse(a.toString())).isEqualTo(a);
      assertThat(a.offset()).isBetween(0, 65535);
    }
  }

  @Property(tries = 3000)
  void anyOptionsAreOptionsOrADefinitionErrorOnTheirKey(
      @ForAll("optionMaps") Map<String, String> options) {
    try {
      ModbusOptions o = ModbusOptions.parse(options);
      assertThat(o.maxRegisters()).isBetween(1, 125);
      assertThat(o.unitId()).isBetween(0, 255);
    } catch (DefinitionException e) {
      assertThat(e.field()).startsWith("options.");
      assertThat(options).containsKey(e.field().substring("options.".length()));
    }
  }

  @Property(tries = 2000)
  void anyEndpointIsAnEndpointOrADefinitionError(@ForAll @StringLength(max = 40) String text) {
    parsesOrNamesField(() -> ModbusEndpoint.parse("tcp://" + text), "endpoint");
  }

  /** Whole definitions: any address with any type either builds or names a field of that tag. */
  @Property(tries = 3000)
  void anyTagIsPlacedOrRefusedOnItsOwnFields(
      @ForAll("nearAddresses") String address, @ForAll DataType type, @ForAll boolean writable) {
    Tag tag = new Tag("t", address, type, "", Scale.IDENTITY, 0, Optional.empty(), writable);
    MachineDefinition machine =
        new MachineDefinition(
            "m",
            "m",
            "a",
            "l",
            Protocol.MODBUS,
            "tcp://localhost:1502",
            Map.of(),
            null,
            List.of(tag));
    try (ModbusConnector c = new ModbusConnectorFactory().create(machine)) {
      assertThat(c.stats()).isNotNull();
    } catch (DefinitionException e) {
      assertThat(e.field()).isIn("tags[0].address", "tags[0].type", "tags[0].writable");
    }
  }

  @Provide
  Arbitrary<String> nearAddresses() {
    Arbitrary<String> table =
        Arbitraries.of("coil", "discrete", "input", "holding", "hold", "", "Coil");
    Arbitrary<String> number =
        Arbitraries.oneOf(
            Arbitraries.integers().between(-2, 70_000).map(String::valueOf),
            Arbitraries.strings().withChars("0123456789x+- ").ofMaxLength(7));
    Arbitrary<String> tail =
        Arbitraries.oneOf(
            Arbitraries.just(""),
            Arbitraries.integers().between(-1, 200).map(n -> ":" + n),
            Arbitraries.strings()
                .alpha()
                .numeric()
                .withChars(":-")
                .ofMaxLength(4)
                .map(s -> ":" + s));
    return Combinators.combine(table, number, tail).as((t, n, l) -> t + ":" + n + l);
  }

  @Provide
  Arbitrary<Map<String, String>> optionMaps() {
    Arbitrary<String> keys =
        Arbitraries.oneOf(
            Arbitraries.of(ModbusOptions.NAMES.toArray(String[]::new)),
            Arbitraries.strings().ofMaxLength(12));
    Arbitrary<String> values =
        Arbitraries.oneOf(
            Arbitraries.of("big", "little", "1s", "500ms", "0", "125", "255", "-1", "9e9", ""),
            Arbitraries.integers().between(-10, 300).map(String::valueOf),
            Arbitraries.strings().ofMaxLength(12));
    return Arbitraries.maps(keys, values).ofMaxSize(4);
  }

  private static Object parsesOrNamesField(java.util.function.Supplier<?> parse, String field) {
    try {
      return parse.get();
    } catch (DefinitionException e) {
      assertThat(e.field()).isEqualTo(field);
      assertThat(e.problem()).isNotBlank();
      return e;
    }
  }
}
