package io.millwright.alarms.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** The model detector on whatever the plant throws at it, through the shipped model. */
class OnnxDetectorPropertiesTest {

  static final long MINUTE = 60_000;

  @Property(tries = 300)
  void arbitraryValuesAndTimesNeverThrow(
      @ForAll @Size(max = 300) List<@IntRange(min = 0, max = 2) Integer> inputs,
      @ForAll @Size(max = 300) List<Long> times,
      @ForAll @Size(max = 300) List<Double> values) {
    try (OnnxDetector d = OnnxDetector.load(OnnxDetectorTest.BEARING, Path.of("."))) {
      int n = Math.min(inputs.size(), Math.min(times.size(), values.size()));
      for (int i = 0; i < n; i++) {
        assertThat(d.observe(inputs.get(i), times.get(i), values.get(i))).isNotNull();
      }
    }
  }

  @Property(tries = 300)
  void neverAlarmsBeforeAWholeWindowHasPassed(
      @ForAll @Size(max = 500) List<@IntRange(min = 0, max = 2) Integer> inputs,
      @ForAll @Size(max = 500) List<@LongRange(min = 0, max = 29 * MINUTE - 1) Long> offsets,
      @ForAll @Size(max = 500) List<Double> values,
      @ForAll @LongRange(min = -1_000_000_000_000L, max = 4_000_000_000_000L) long start) {
    // However the samples fall within 29 minutes, the 30-step window cannot fill.
    long from = Math.floorDiv(start, MINUTE) * MINUTE;
    try (OnnxDetector d = OnnxDetector.load(OnnxDetectorTest.BEARING, Path.of("."))) {
      int n = Math.min(inputs.size(), Math.min(offsets.size(), values.size()));
      List<Long> sorted = offsets.subList(0, n).stream().sorted().toList();
      for (int i = 0; i < n; i++) {
        assertThat(d.observe(inputs.get(i), from + sorted.get(i), values.get(i)))
            .isEqualTo(Verdict.LEARNING);
      }
    }
  }
}
