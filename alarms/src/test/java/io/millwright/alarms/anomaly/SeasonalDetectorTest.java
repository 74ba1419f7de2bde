package io.millwright.alarms.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.alarm.AnomalySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SeasonalDetectorTest {

  static final long MINUTE = 60_000;
  static final long HOUR = 60 * MINUTE;
  static final long DAY = 24 * HOUR;

  /** Monday 3 March 2025 00:00 UTC. */
  static final long START = Instant.parse("2025-03-03T00:00:00Z").toEpochMilli();

  /** A compressor's current: 20 A on the night shift (22:00 to 06:00 UTC), 60 A by day. */
  static double current(long t, SplittableRandom rnd) {
    long hour = Math.floorMod(t, DAY) / HOUR;
    return (hour >= 22 || hour < 6 ? 20 : 60) + rnd.nextGaussian();
  }

  static SeasonalDetector hourly(int warmUp) {
    return new SeasonalDetector(new AnomalySpec.Seasonal(Duration.ofDays(1), 24, 4, warmUp));
  }

  @Test
  void slotsAreCountedFromMidnightUtc() {
    SeasonalDetector d = hourly(1);
    assertThat(d.slot(START)).isZero();
    assertThat(d.slot(START + 3 * HOUR + 59 * MINUTE)).isEqualTo(3);
    assertThat(d.slot(START + DAY - 1)).isEqualTo(23);
    assertThat(d.slot(START + DAY)).isZero();
    // Before the epoch the slot still runs forwards through the day.
    assertThat(d.slot(-HOUR)).isEqualTo(23);
  }

  @Test
  void learnsForItsWarmUpPeriodsThenJudgesEachSlotByItsOwnBaseline() {
    SeasonalDetector d = hourly(3);
    SplittableRandom rnd = new SplittableRandom(4);
    Set<Verdict> warmUp = EnumSet.noneOf(Verdict.class);
    long t = START;
    for (; t < START + 3 * DAY; t += MINUTE) {
      warmUp.add(d.observe(0, t, current(t, rnd)));
    }
    assertThat(warmUp).containsOnly(Verdict.LEARNING);
    List<Verdict> fourthDay = new ArrayList<>();
    for (; t < START + 4 * DAY; t += MINUTE) {
      fourthDay.add(d.observe(0, t, current(t, rnd)));
    }
    assertThat(fourthDay).containsOnly(Verdict.NORMAL);
    // 60 A is what the day shift draws, but at 02:00 the compressor should be near idle.
    long night = START + 4 * DAY + 2 * HOUR;
    assertThat(d.observe(0, night, 60)).isEqualTo(Verdict.ANOMALOUS);
    assertThat(d.score()).isGreaterThan(4);
    // ... and 20 A at 10:00 is as wrong the other way.
    assertThat(d.observe(0, night + 8 * HOUR, 20)).isEqualTo(Verdict.ANOMALOUS);
    assertThat(d.score()).isLessThan(-4);
    assertThat(d.observe(0, night + 8 * HOUR + MINUTE, 60.5)).isEqualTo(Verdict.NORMAL);
  }

  @Test
  void aSlotThatHasNotSeenItsWarmUpStillLearns() {
    SeasonalDetector d = hourly(2);
    SplittableRandom rnd = new SplittableRandom(5);
    // Two days of the morning only: the afternoon slots have seen nothing.
    for (long day = 0; day < 3; day++) {
      for (long t = START + day * DAY; t < START + day * DAY + 6 * HOUR; t += MINUTE) {
        d.observe(0, t, current(t, rnd));
      }
    }
    assertThat(d.observe(0, START + 3 * DAY + HOUR, 500)).isEqualTo(Verdict.ANOMALOUS);
    assertThat(d.observe(0, START + 3 * DAY + 15 * HOUR, 500)).isEqualTo(Verdict.LEARNING);
  }

  @Test
  void nanAndInfinityAreIgnored() {
    SeasonalDetector d = hourly(1);
    SplittableRandom rnd = new SplittableRandom(6);
    long t = START;
    for (; t < START + 2 * DAY; t += MINUTE) {
      d.observe(0, t, current(t, rnd));
    }
    Verdict last = d.observe(0, t, 20.5);
    assertThat(d.observe(0, t + 1, Double.NaN)).isEqualTo(last);
    assertThat(d.observe(0, t + 2, Double.NEGATIVE_INFINITY)).isEqualTo(last);
    assertThat(d.observe(0, t + 3, 20.2)).isEqualTo(Verdict.NORMAL);
  }

  @Property
  void arbitraryValuesAndTimesNeverThrow(
      @ForAll @Size(max = 200) List<Double> values,
      @ForAll @Size(max = 200)
          List<@LongRange(min = Long.MIN_VALUE / 2, max = Long.MAX_VALUE / 2) Long> times) {
    SeasonalDetector d =
        new SeasonalDetector(new AnomalySpec.Seasonal(Duration.ofHours(1), 7, 3, 1));
    for (int i = 0; i < Math.min(values.size(), times.size()); i++) {
      assertThat(d.observe(0, times.get(i), values.get(i))).isNotNull();
    }
  }

  @Property
  void neverAlarmsWithinItsWarmUp(
      @ForAll @Size(max = 300) List<Double> values,
      @ForAll @Size(max = 300) List<@LongRange(min = 0, max = 1_000_000) Long> offsets,
      @ForAll @IntRange(min = 1, max = 5) int warmUp,
      @ForAll @LongRange(min = -1_000_000_000_000L, max = 1_000_000_000_000L) long start) {
    Duration period = Duration.ofMinutes(10);
    int slots = 20;
    SeasonalDetector d = new SeasonalDetector(new AnomalySpec.Seasonal(period, slots, 1, warmUp));
    // Within this span a slot can meet at most warmUp different periods, in any order.
    long span = warmUp * period.toMillis() - period.toMillis() / slots;
    for (int i = 0; i < Math.min(values.size(), offsets.size()); i++) {
      long t = start + offsets.get(i) % (span + 1);
      assertThat(d.observe(0, t, values.get(i))).isEqualTo(Verdict.LEARNING);
    }
  }
}
