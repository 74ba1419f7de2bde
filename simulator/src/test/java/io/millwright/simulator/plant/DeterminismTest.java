package io.millwright.simulator.plant;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.sample.Value;
import io.millwright.simulator.ServedMachine;
import io.millwright.simulator.TagSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DeterminismTest {

  private static final long HOUR = 3_600_000;

  @Test
  void sameSeedAndTimeGiveTheSameValuesHoweverOftenTheClockIsDriven() {
    Plant once = Plant.demo(42);
    Plant jittery = Plant.demo(42);
    long end = once.startMillis() + 3 * HOUR + 12_345;

    once.advanceTo(end);
    // A driver waking at irregular moments, sometimes before a step is due, sometimes late.
    SplittableRandom wake = new SplittableRandom(7);
    long t = jittery.startMillis();
    while (t < end) {
      t = Math.min(end, t + wake.nextLong(1, 2_500));
      jittery.advanceTo(t);
    }

    assertThat(jittery.now()).isEqualTo(once.now()).isEqualTo(end - 12_345 + 12_300);
    assertThat(snapshot(jittery)).isEqualTo(snapshot(once));
    for (ServedMachine m : once.machines()) {
      assertThat(jittery.truth(m.id())).isEqualTo(once.truth(m.id()));
    }
  }

  @Test
  void injectionsAtTheSameSimulatedMomentKeepPlantsIdentical() {
    Plant a = Plant.demo(5);
    Plant b = Plant.demo(5);
    for (Plant p : new Plant[] {a, b}) {
      p.advance(Duration.ofMinutes(20));
      p.injectFault("press-01", 510);
      p.startDrift("imm-01", "mould/temperature", 0.5);
      p.machine("cnc-01").write("job/product", Value.of("HUB-FLANGE-14"));
      p.advance(Duration.ofMinutes(40));
      p.clearFault("press-01");
      p.advance(Duration.ofMinutes(30));
    }
    assertThat(snapshot(b)).isEqualTo(snapshot(a));
    assertThat(b.truth("press-01")).isEqualTo(a.truth("press-01"));
  }

  @Test
  void anotherSeedTellsAnotherStory() {
    Plant a = Plant.demo(1);
    Plant b = Plant.demo(2);
    a.advance(Duration.ofHours(2));
    b.advance(Duration.ofHours(2));
    assertThat(snapshot(b)).isNotEqualTo(snapshot(a));
  }

  @Test
  void switchingLinkDropsOffChangesNothingButTheLink() {
    Plant with = Plant.demo(9);
    Plant without = Plant.demo(9);
    without.linkDrops(false);
    with.advance(Duration.ofHours(6));
    without.advance(Duration.ofHours(6));
    assertThat(snapshot(without)).isEqualTo(snapshot(with));
    assertThat(without.truth("washer-01").linkDownMillis()).isZero();
    assertThat(with.truth("washer-01").linkDownMillis()).isPositive();
  }

  static Map<String, Value> snapshot(Plant plant) {
    Map<String, Value> values = new LinkedHashMap<>();
    for (ServedMachine m : plant.machines()) {
      for (TagSpec t : m.tags()) {
        values.put(m.id() + "/" + t.name(), m.read(t.name()));
      }
    }
    return values;
  }
}
