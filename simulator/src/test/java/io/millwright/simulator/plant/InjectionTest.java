package io.millwright.simulator.plant;

import static io.millwright.simulator.plant.MachineBehaviourTest.reason;
import static io.millwright.simulator.plant.MachineBehaviourTest.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.core.machine.MachineState;
import io.millwright.core.machine.Protocol;
import io.millwright.simulator.ServedMachine;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InjectionTest {

  private final Plant plant = Plant.demo(31);

  @Test
  void anInjectedFaultHoldsUntilCleared() {
    plant.advance(Duration.ofMinutes(3));
    plant.injectFault("press-01", 510);
    ServedMachine press = plant.machine("press-01");
    assertThat(state(press)).isEqualTo("fault");
    assertThat(reason(press)).isEqualTo(510);
    long cycles = (long) press.read("counts/cycles").asDouble();

    plant.advance(Duration.ofHours(3));
    assertThat(reason(press)).isEqualTo(510);
    assertThat((long) press.read("counts/cycles").asDouble()).isEqualTo(cycles);

    assertThat(plant.clearFault("press-01")).isTrue();
    assertThat(state(press)).isNotEqualTo("fault");
    assertThat(plant.clearFault("press-01")).isFalse();
    GroundTruth truth = plant.truth("press-01");
    assertThat(truth.millisFor(510)).isGreaterThanOrEqualTo(3 * 3_600_000L);
    assertThat(truth.transitions())
        .anySatisfy(
            c -> {
              assertThat(c.to()).isEqualTo(MachineState.FAULT);
              assertThat(c.reason()).isEqualTo(510);
              assertThat(c.atMillis()).isEqualTo(plant.startMillis() + 3 * 60_000);
            });
  }

  @Test
  void badInjectionsAreRefusedNamingWhatIsWrong() {
    assertThatThrownBy(() -> plant.injectFault("press-01", 110))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("110")
        .hasMessageContaining("not a fault")
        .hasMessageContaining("530");
    assertThatThrownBy(() -> plant.injectFault("press-01", 999))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown reason code 999");
    assertThatThrownBy(() -> plant.injectFault("press-99", 500))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("press-99");
    assertThatThrownBy(() -> plant.startDrift("cnc-01", "spindle/nope", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spindle/nope")
        .hasMessageContaining("cnc-01");
    assertThatThrownBy(() -> plant.startDrift("cnc-01", "counts/good", 1))
        .hasMessageContaining("not a process value");
    assertThatThrownBy(() -> plant.startDrift("cnc-01", "spindle/speed/setpoint", 1))
        .hasMessageContaining("not a process value");
    assertThatThrownBy(() -> plant.startDrift("cnc-01", "state", 1))
        .hasMessageContaining("not numeric");
    assertThatThrownBy(() -> plant.startDrift("cnc-01", "spindle/speed", Double.NaN))
        .hasMessageContaining("finite");
    assertThatThrownBy(() -> plant.maintenance(null)).hasMessageContaining("unknown machine");
  }

  @Test
  void aDriftMovesTheValueAndMaintenanceTakesItOut() {
    plant.linkDrops(false);
    ServedMachine cmm = plant.machine("cmm-01");
    plant.advance(Duration.ofMinutes(5));
    double before = cmm.read("room/temperature").asDouble();
    plant.startDrift("cmm-01", "room/temperature", 0.2);
    plant.advance(Duration.ofMinutes(60));
    double drifted = cmm.read("room/temperature").asDouble();
    assertThat(drifted - before).isBetween(10.0, 14.0);

    plant.maintenance("cmm-01");
    assertThat(reason(cmm)).isEqualTo(400);
    assertThat(cmm.read("room/temperature").asDouble()).isBetween(18.0, 22.0);
    plant.advance(Duration.ofMinutes(11));
    assertThat(reason(cmm)).isNotEqualTo(400);
  }

  @Test
  void aBearingDriftOnAHealthyMachineAlsoEndsInOverheating() {
    plant.startDrift("cnc-01", "spindle/bearing-temperature", 3);
    plant.advance(Duration.ofMinutes(30));
    assertThat(plant.truth("cnc-01").occurrences(530)).isEqualTo(1);
  }

  @Test
  void aDroppedLinkStaysDownWhileTheMachineRunsOn() {
    ServedMachine laser = plant.machine("laser-01");
    assertThat(laser.linkUp()).isTrue();
    plant.dropLink("laser-01");
    assertThat(laser.linkUp()).isFalse();
    plant.advance(Duration.ofMinutes(30));
    assertThat(laser.linkUp()).isFalse();
    assertThat(laser.read("counts/cycles").asDouble()).isPositive();
    plant.restoreLink("laser-01");
    assertThat(laser.linkUp()).isTrue();
    assertThat(plant.truth("laser-01").linkDownMillis()).isEqualTo(30 * 60_000L);
    assertThat(plant.machine("press-01").linkUp()).isTrue();
  }

  @Test
  void theWasherLinkFlapsOnItsOwnUnlessSwitchedOff() {
    ServedMachine washer = plant.machine("washer-01");
    int downs = 0;
    boolean wasUp = true;
    for (int s = 0; s < 4 * 3600; s++) {
      plant.advance(Duration.ofSeconds(1));
      if (wasUp && !washer.linkUp()) {
        downs++;
      }
      wasUp = washer.linkUp();
    }
    assertThat(downs).isBetween(1, 20);
    long downMillis = plant.truth("washer-01").linkDownMillis();
    assertThat(downMillis).isBetween(downs * 5_000L, downs * 46_000L);
    for (ServedMachine m : plant.machines()) {
      if (!m.id().equals("washer-01")) {
        assertThat(plant.truth(m.id()).linkDownMillis()).as(m.id()).isZero();
      }
    }

    plant.linkDrops(false);
    assertThat(washer.linkUp()).isTrue();
    plant.advance(Duration.ofHours(4));
    assertThat(plant.truth("washer-01").linkDownMillis()).isEqualTo(downMillis);
  }

  @Test
  void syntheticMachinesHaveNoStatesToInject() {
    Plant synthetic = Plant.synthetic(1, 5, Protocol.MODBUS, 1);
    assertThatThrownBy(() -> synthetic.injectFault("synth-001", 500))
        .hasMessageContaining("synthetic");
    assertThatThrownBy(() -> synthetic.truth("synth-001")).hasMessageContaining("synthetic");
    synthetic.dropLink("synth-001");
    assertThat(synthetic.machine("synth-001").linkUp()).isFalse();
  }
}
