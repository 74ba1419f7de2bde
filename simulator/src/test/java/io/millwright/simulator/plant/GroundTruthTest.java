package io.millwright.simulator.plant;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.machine.MachineState;
import io.millwright.simulator.ServedMachine;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class GroundTruthTest {

  @Test
  void aDayOfTheDemoPlantAddsUp() {
    Plant plant = Plant.demo(3);
    plant.advance(Duration.ofHours(24));
    for (ServedMachine m : plant.machines()) {
      checkAgainstServed(plant, m);
      GroundTruth truth = plant.truth(m.id());
      assertThat(truth.elapsedMillis()).isEqualTo(24 * 3_600_000L);
      // A realistic day: mostly producing, but with stops of several kinds.
      assertThat(truth.millisIn(MachineState.PRODUCING))
          .as(m.id() + " producing share")
          .isGreaterThan(truth.elapsedMillis() / 3);
      assertThat(truth.cycles()).as(m.id()).isPositive();
      assertThat(truth.transitions().stream().map(StateChange::to).distinct())
          .as(m.id())
          .contains(MachineState.PRODUCING, MachineState.UNPLANNED_STOP, MachineState.PLANNED_STOP);
    }
  }

  @Test
  void cyclesComeAtAboutTheIdealCycleTime() {
    Plant plant = Plant.demo(4);
    plant.autoDispatch(false);
    plant.advance(Duration.ofHours(2));
    GroundTruth press = plant.truth("press-02");
    double secondsPerCycle = press.millisIn(MachineState.PRODUCING) / 1000.0 / press.cycles();
    // Ideal 1.5 s; real cycles run 0 to 8 % slower.
    assertThat(secondsPerCycle).isBetween(1.5, 1.5 * 1.09);
  }

  @Test
  void theLogStartsWithTheSwitchOnStateAndChainsEveryTransition() {
    Plant plant = Plant.demo(11);
    plant.advance(Duration.ofHours(12));
    GroundTruth truth = plant.truth("imm-02");
    List<StateChange> log = truth.transitions();
    assertThat(log.getFirst().from()).isEqualTo(MachineState.UNKNOWN);
    assertThat(log.getFirst().atMillis()).isEqualTo(plant.startMillis());
    for (int i = 1; i < log.size(); i++) {
      StateChange before = log.get(i - 1);
      StateChange change = log.get(i);
      assertThat(change.from()).isEqualTo(before.to());
      assertThat(change.fromReason()).isEqualTo(before.reason());
      assertThat(change.atMillis()).isGreaterThanOrEqualTo(before.atMillis());
      assertThat((change.atMillis() - plant.startMillis()) % Plant.STEP_MILLIS).isZero();
      assertThat(
              change.reason() == ReasonCode.NONE
                  ? MachineState.PRODUCING
                  : ReasonCode.of(change.reason()).state())
          .isEqualTo(change.to());
    }
    assertThat(truth.transitionCount()).isEqualTo(log.size());
  }

  /** Whatever the seed and however the clock is driven, truth and served values agree. */
  @Property(tries = 15)
  void servedCountersAndStateAlwaysMatchTheTruth(
      @ForAll long seed,
      @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 5_400_000) Integer> advances) {
    Plant plant = Plant.demo(seed);
    for (int millis : advances) {
      plant.advanceTo(plant.now() + millis);
      for (ServedMachine m : plant.machines()) {
        checkAgainstServed(plant, m);
      }
    }
  }

  static void checkAgainstServed(Plant plant, ServedMachine m) {
    GroundTruth truth = plant.truth(m.id());
    assertThat(m.read("counts/cycles").asDouble()).as(m.id()).isEqualTo(truth.cycles());
    assertThat(m.read("counts/good").asDouble()).as(m.id()).isEqualTo(truth.good());
    assertThat(m.read("counts/scrap").asDouble()).as(m.id()).isEqualTo(truth.scrap());
    assertThat(truth.good() + truth.scrap()).isEqualTo(truth.cycles());
    assertThat(truth.millisByState().values().stream().mapToLong(Long::longValue).sum())
        .as(m.id() + " state durations")
        .isEqualTo(truth.elapsedMillis())
        .isEqualTo(plant.now() - plant.startMillis());
    assertThat(truth.millisByReason().values().stream().mapToLong(Long::longValue).sum())
        .as(m.id() + " reason durations")
        .isEqualTo(truth.elapsedMillis());
    assertThat(truth.millisFor(ReasonCode.NONE)).isEqualTo(truth.millisIn(MachineState.PRODUCING));
    StateChange last = truth.transitions().getLast();
    assertThat(m.read("state").toString()).isEqualTo(last.to().wireName());
    int served = last.reason() == ReasonCode.NONE ? 0 : ReasonCode.of(last.reason()).served();
    assertThat((int) m.read("state/reason").asDouble()).isEqualTo(served);
  }
}
