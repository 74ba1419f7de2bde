package io.millwright.simulator.plant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Protocol;
import io.millwright.core.namespace.Names;
import io.millwright.core.sample.Value;
import io.millwright.simulator.ServedMachine;
import io.millwright.simulator.TagSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyntheticPlantTest {

  @Test
  void hasTheRequestedShape() {
    Plant modbus = Plant.synthetic(3, 50, Protocol.MODBUS, 1);
    assertThat(modbus.machines())
        .extracting(ServedMachine::id)
        .containsExactly("synth-001", "synth-002", "synth-003");
    for (ServedMachine m : modbus.machines()) {
      assertThat(m.protocol()).isEqualTo(Protocol.MODBUS);
      assertThat(m.tags()).hasSize(50);
      assertThat(m.tags().getFirst().name()).isEqualTo("value/0001");
      assertThat(m.tags().getLast().name()).isEqualTo("value/0050");
      assertThat(m.tags())
          .allSatisfy(
              t -> {
                assertThat(t.type()).isEqualTo(DataType.FLOAT32);
                assertThat(t.writable()).isFalse();
                Names.requireTagPath("tag", t.name());
              });
    }
    Plant opcua = Plant.synthetic(1, 3, Protocol.OPCUA, 1);
    assertThat(opcua.machines().getFirst().tags())
        .extracting(TagSpec::type)
        .containsOnly(DataType.FLOAT64);
  }

  @Test
  void everyValueChangesEveryStep() {
    Plant plant = Plant.synthetic(2, 500, Protocol.MODBUS, 7);
    Map<String, Value> last = read(plant);
    for (int step = 0; step < 50; step++) {
      plant.advance(Duration.ofMillis(Plant.STEP_MILLIS));
      Map<String, Value> now = read(plant);
      for (var e : now.entrySet()) {
        assertThat(e.getValue()).as(e.getKey()).isNotEqualTo(last.get(e.getKey()));
      }
      last = now;
    }
  }

  @Test
  void refusesShapesItCannotServe() {
    assertThatThrownBy(() -> Plant.synthetic(0, 10, Protocol.MODBUS, 1))
        .hasMessageContaining("machines");
    assertThatThrownBy(() -> Plant.synthetic(1, 10_000, Protocol.MODBUS, 1))
        .hasMessageContaining("tagsPerMachine");
    assertThatThrownBy(() -> Plant.synthetic(1, 10, Protocol.S7, 1))
        .hasMessageContaining("protocol");
  }

  /** Prints the cost of a step; a figure for the report, not an assertion. */
  @Test
  void measuresTheCostOfAStep() {
    Plant synthetic = Plant.synthetic(10, 1_000, Protocol.MODBUS, 1);
    synthetic.advance(Duration.ofSeconds(60)); // warm-up
    long t0 = System.nanoTime();
    long steps = synthetic.advance(Duration.ofSeconds(200));
    double syntheticMicros = (System.nanoTime() - t0) / 1_000.0 / steps;

    Plant demo = Plant.demo(1);
    demo.advance(Duration.ofMinutes(10));
    t0 = System.nanoTime();
    steps = demo.advance(Duration.ofHours(2));
    double demoMicros = (System.nanoTime() - t0) / 1_000.0 / steps;

    ServedMachine press = demo.machine("press-01");
    int reads = 2_000_000;
    double sum = 0;
    t0 = System.nanoTime();
    for (int i = 0; i < reads; i++) {
      sum += press.read("press/force").asDouble();
    }
    double readNanos = (System.nanoTime() - t0) / (double) reads;

    System.out.printf(
        "plant step: synthetic 10 x 1000 tags %.1f us, demo 11 machines %.2f us; read %.0f ns%n",
        syntheticMicros, demoMicros, readNanos);
    assertThat(sum).isPositive();
  }

  private static Map<String, Value> read(Plant plant) {
    Map<String, Value> values = new HashMap<>();
    for (ServedMachine m : plant.machines()) {
      for (TagSpec t : m.tags()) {
        values.put(m.id() + "/" + t.name(), m.read(t.name()));
      }
    }
    return values;
  }
}
