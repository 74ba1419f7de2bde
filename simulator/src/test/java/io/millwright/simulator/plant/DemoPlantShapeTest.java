package io.millwright.simulator.plant;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Protocol;
import io.millwright.core.namespace.Names;
import io.millwright.core.sample.Value;
import io.millwright.simulator.ServedMachine;
import io.millwright.simulator.TagSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoPlantShapeTest {

  private final Plant plant = Plant.demo(1);

  @Test
  void hasTheElevenMachinesWithTheirInterimProtocols() {
    assertThat(plant.machines())
        .extracting(ServedMachine::id)
        .containsExactly(
            "press-01",
            "press-02",
            "cnc-01",
            "cnc-02",
            "cnc-03",
            "imm-01",
            "imm-02",
            "imm-03",
            "laser-01",
            "washer-01",
            "cmm-01");
    for (ServedMachine m : plant.machines()) {
      Protocol expected = PROTOCOLS.get(m.id());
      assertThat(m.protocol()).as(m.id()).isEqualTo(expected);
      Names.requireName("machine id", m.id());
      Names.requireName("area", m.area());
      Names.requireName("line", m.line());
    }
    assertThat(plant.machine("press-01").name()).isEqualTo("Hydraulic press 400 t");
    assertThat(plant.machine("imm-02").area()).isEqualTo("moulding");
    assertThat(plant.machine("imm-02").line()).isEqualTo("line-2");
  }

  /** DEMO-PLANT.md: as in the plant the demo is modelled on. */
  static final java.util.Map<String, Protocol> PROTOCOLS =
      java.util.Map.ofEntries(
          java.util.Map.entry("press-01", Protocol.MODBUS),
          java.util.Map.entry("press-02", Protocol.S7),
          java.util.Map.entry("cnc-01", Protocol.OPCUA),
          java.util.Map.entry("cnc-02", Protocol.OPCUA),
          java.util.Map.entry("cnc-03", Protocol.OPCUA),
          java.util.Map.entry("imm-01", Protocol.OPCUA),
          java.util.Map.entry("imm-02", Protocol.OPCUA),
          java.util.Map.entry("imm-03", Protocol.SQL),
          java.util.Map.entry("laser-01", Protocol.S7),
          java.util.Map.entry("washer-01", Protocol.MODBUS),
          java.util.Map.entry("cmm-01", Protocol.FILE));

  @Test
  void everyMachineServesStateCountersAndJobFirst() {
    for (ServedMachine m : plant.machines()) {
      List<String> names = m.tags().stream().map(TagSpec::name).toList();
      assertThat(names.subList(0, 8))
          .containsExactly(
              "state",
              "state/reason",
              "counts/cycles",
              "counts/good",
              "counts/scrap",
              "job/order",
              "job/product",
              "job/target");
      assertThat(m.tags().stream().filter(TagSpec::writable).map(TagSpec::name))
          .as(m.id() + " has a writable setpoint besides the job")
          .hasSizeGreaterThan(3);
      for (TagSpec t : m.tags()) {
        Names.requireTagPath("tag of " + m.id(), t.name());
        Value v = m.read(t.name());
        assertThat(v.kind()).as(m.id() + "/" + t.name()).isEqualTo(t.type().kind());
      }
    }
  }

  @Test
  void plcsUseFloat32AndServersFloat64() {
    for (ServedMachine m : plant.machines()) {
      boolean plc = m.protocol() == Protocol.MODBUS || m.protocol() == Protocol.S7;
      DataType real = plc ? DataType.FLOAT32 : DataType.FLOAT64;
      assertThat(m.tags().stream().filter(t -> t.type().kind() == Value.Kind.DOUBLE))
          .as(m.id())
          .isNotEmpty()
          .allSatisfy(t -> assertThat(t.type()).isEqualTo(real));
      if (m.protocol() == Protocol.MODBUS) {
        // Served strings fit the 8 registers the Modbus map gives them.
        plant.advance(java.time.Duration.ofHours(8));
        for (TagSpec t : m.tags()) {
          if (t.type() == DataType.STRING) {
            assertThat(m.read(t.name()).toString()).hasSizeLessThanOrEqualTo(16);
          }
        }
      }
    }
  }

  @Test
  void processValuesCarryTheirUnits() {
    ServedMachine cnc = plant.machine("cnc-02");
    assertThat(unit(cnc, "spindle/speed")).isEqualTo("rpm");
    assertThat(unit(cnc, "spindle/bearing-temperature")).isEqualTo("degC");
    assertThat(unit(plant.machine("press-01"), "press/force")).isEqualTo("kN");
    assertThat(unit(plant.machine("washer-01"), "water/conductivity")).isEqualTo("uS/cm");
    assertThat(unit(plant.machine("imm-01"), "cycle/time")).isEqualTo("s");
    assertThat(unit(plant.machine("cmm-01"), "result/deviation/diameter")).isEqualTo("mm");
  }

  @Test
  void float32ValuesAreExactlyWhatARegisterPairCarries() {
    plant.advance(java.time.Duration.ofMinutes(5));
    double force = plant.machine("press-01").read("press/force").asDouble();
    assertThat(force).isPositive().isEqualTo((double) (float) force);
  }

  private static String unit(ServedMachine m, String tag) {
    return m.tags().stream().filter(t -> t.name().equals(tag)).findFirst().orElseThrow().unit();
  }
}
