package io.millwright.connect.s7;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Tag;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class S7ConnectorFactoryTest {

  private static MachineDefinition machine(
      String endpoint, Map<String, String> options, Tag... tags) {
    return new MachineDefinition(
        "press-02",
        "Servo press",
        "pressing",
        "line-1",
        Protocol.S7,
        endpoint,
        options,
        Duration.ofMillis(100),
        List.of(tags));
  }

  private static DefinitionException refused(MachineDefinition m) {
    try {
      new S7ConnectorFactory().create(m).close();
    } catch (DefinitionException e) {
      return e;
    }
    throw new AssertionError("accepted " + m);
  }

  @Test
  void endpointsNameRackAndSlotOrTsaps() {
    S7Endpoint plain = S7Endpoint.parse("s7://10.0.0.31");
    assertThat(plain).isEqualTo(new S7Endpoint("10.0.0.31", 102, 0, 1, 0, 0));
    assertThat(S7Endpoint.parse("s7://plc:1102?rack=0&slot=2").slot()).isEqualTo(2);
    S7Endpoint tsap = S7Endpoint.parse("s7://logo?localTsap=0x0100&remoteTsap=0x0200");
    assertThat(tsap.plc4xUrl(S7Options.DEFAULTS)).contains("local-tsap=256&remote-tsap=512");
    assertThat(plain.plc4xUrl(S7Options.DEFAULTS))
        .isEqualTo(
            "s7://10.0.0.31:102?remote-rack=0&remote-slot=1&controller-type=S7_1500"
                + "&pdu-size=480&read-timeout=3000");
  }

  @Test
  void badEndpointsAreRefusedWithTheField() {
    for (String endpoint :
        List.of(
            "s7://plc?rack=9",
            "s7://plc?slot=x",
            "s7://plc?rack=0&rack=1",
            "s7://plc?foo=1",
            "s7://plc?localTsap=0x100",
            "s7://plc?localTsap=1&remoteTsap=2&slot=1",
            "s7://plc/path",
            "s7://plc:70000")) {
      DefinitionException e =
          refused(machine(endpoint, Map.of(), Tag.of("a", "%DB1:0:INT", DataType.INT16)));
      assertThat(e.getMessage()).as(endpoint).contains("endpoint").contains("s7://");
    }
  }

  @Test
  void addressesAndTypesAreCheckedPerTag() {
    assertThat(
            refused(
                    machine(
                        "s7://plc",
                        Map.of(),
                        Tag.of("a", "%DB1:0:INT", DataType.INT16),
                        Tag.of("b", "%DB1:0:NOPE", DataType.INT16)))
                .getMessage())
        .contains("tags[1].address");
    assertThat(
            refused(machine("s7://plc", Map.of(), Tag.of("a", "%DB1:0:REAL", DataType.BOOL)))
                .getMessage())
        .contains("tags[0].type")
        .contains("float32 or float64");
    assertThat(
            refused(machine("s7://plc", Map.of(), Tag.of("a", "%DB1:0:INT[4]", DataType.INT16)))
                .getMessage())
        .contains("array");
    assertThat(
            refused(machine("s7://plc", Map.of(), Tag.of("a", "%DB0:0:INT", DataType.INT16)))
                .getMessage())
        .contains("DB1");
    assertThat(
            refused(
                    machine(
                        "s7://plc",
                        Map.of("pduSize", "240"),
                        Tag.of("a", "%DB1:0:STRING", DataType.STRING)))
                .getMessage())
        .contains("options.pduSize");
  }

  @Test
  void optionsAreChecked() {
    Tag t = Tag.of("a", "%DB1:0:INT", DataType.INT16);
    assertThat(refused(machine("s7://plc", Map.of("controllerType", "S5"), t)).getMessage())
        .contains("options.controllerType");
    assertThat(refused(machine("s7://plc", Map.of("pduSize", "100"), t)).getMessage())
        .contains("options.pduSize");
    assertThat(refused(machine("s7://plc", Map.of("timeout", "soon"), t)).getMessage())
        .contains("options.timeout");
    assertThat(refused(machine("s7://plc", Map.of("rack", "0"), t)).getMessage())
        .contains("options.rack");
    S7Options o = S7Options.parse(Map.of("controllerType", "s7-300", "pduSize", "240"));
    assertThat(o.controllerType()).isEqualTo(S7Options.ControllerType.S7_300);
  }

  @Property(tries = 2000)
  void anyAddressIsEitherAVariableOrARefusalNamingTheField(@ForAll String address) {
    if (address.isBlank()
        || address.length() > 512
        || address.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      return; // the tag itself refuses those
    }
    try {
      S7Variable v = S7Variable.parse(0, Tag.of("a", address, DataType.INT32));
      assertThat(v.size()).isPositive();
    } catch (DefinitionException e) {
      assertThat(e.getMessage()).matches("(?s)^(address|type|writable).*");
    }
  }

  @Property(tries = 2000)
  void anyEndpointIsEitherParsedOrRefused(@ForAll String text) {
    try {
      S7Endpoint e = S7Endpoint.parse("s7://" + text);
      assertThat(e.port()).isBetween(1, 65_535);
    } catch (DefinitionException e) {
      assertThat(e.getMessage()).startsWith("endpoint");
    }
  }
}
