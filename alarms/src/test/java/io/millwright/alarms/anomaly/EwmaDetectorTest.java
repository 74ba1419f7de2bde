package io.millwright.alarms.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.millwright.core.alarm.AnomalySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class EwmaDetectorTest {

  static final long SECOND = 1_000;

  /** A bearing temperature around 45 degC with 0.2 degC of sensor noise, a sample a second. */
  static double noisy(SplittableRandom rnd) {
    return 45 + 0.2 * rnd.nextGaussian();
  }

  @Test
  void learnsDuringWarmUpAndNeverAlarmsThen() {
    EwmaDetector d = new EwmaDetector(new AnomalySpec.Ewma(0.01, 3, 50));
    List<Verdict> verdicts = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      // Wild values: during warm-up even these are only learnt.
      verdicts.add(d.observe(0, i * SECOND, i % 2 == 0 ? 0 : 1_000));
    }
    assertThat(verdicts).containsOnly(Verdict.LEARNING);
    assertThat(d.observe(0, 50 * SECOND, 500)).isEqualTo(Verdict.NORMAL);
  }

  @Test
  void noiseWithinItsBoundsIsNormal() {
    EwmaDetector d = new EwmaDetector(new AnomalySpec.Ewma(0.01, 5, 300));
    SplittableRandom rnd = new SplittableRandom(1);
    int anomalous = 0;
    for (int i = 0; i < 20_000; i++) {
      if (d.observe(0, i * SECOND, noisy(rnd)) == Verdict.ANOMALOUS) {
        anomalous++;
      }
    }
    assertThat(anomalous).isZero();
    assertThat(d.mean()).isCloseTo(45, offset(0.1));
    assertThat(d.sigma()).isBetween(0.15, 0.25);
  }

  @Test
  void aStepChangeIsFlaggedAndDoesNotBecomeTheBaselineAtOnce() {
    EwmaDetector d = new EwmaDetector(new AnomalySpec.Ewma(0.01, 4, 300));
    SplittableRandom rnd = new SplittableRandom(2);
    long t = 0;
    for (int i = 0; i < 2_000; i++) {
      d.observe(0, t += SECOND, noisy(rnd));
    }
    // The bearing runs 5 degC hotter: 25 deviations out.
    assertThat(d.observe(0, t += SECOND, noisy(rnd) + 5)).isEqualTo(Verdict.ANOMALOUS);
    assertThat(d.score()).isGreaterThan(4);
    int flagged = 1;
    for (int i = 0; i < 59; i++) {
      if (d.observe(0, t += SECOND, noisy(rnd) + 5) == Verdict.ANOMALOUS) {
        flagged++;
      }
    }
    // A minute of the fault: every sample flagged, the baseline barely moved.
    assertThat(flagged).isEqualTo(60);
    assertThat(d.mean()).isLessThan(46);
  }

  @Test
  void aSlowDriftIsFlaggedBeforeItHasGoneFar() {
    EwmaDetector d = new EwmaDetector(new AnomalySpec.Ewma(0.001, 5, 3_600));
    SplittableRandom rnd = new SplittableRandom(4);
    long t = 0;
    for (int i = 0; i < 4 * 3_600; i++) {
      assertThat(d.observe(0, t += SECOND, noisy(rnd))).isNotEqualTo(Verdict.ANOMALOUS);
    }
    // A sensor drifting 0.1 degC a minute: slow enough to look like wander from one sample to the
    // next, and well past the noise within a quarter of an hour.
    double drift = 0;
    Verdict verdict = Verdict.NORMAL;
    while (verdict != Verdict.ANOMALOUS && drift < 10) {
      drift += 0.1 / 60;
      verdict = d.observe(0, t += SECOND, noisy(rnd) + drift);
    }
    assertThat(verdict).isEqualTo(Verdict.ANOMALOUS);
    assertThat(drift).isLessThan(2);
  }

  @Test
  void aStepDownIsFlaggedToo() {
    EwmaDetector d = new EwmaDetector(new AnomalySpec.Ewma(0.05, 4, 100));
    SplittableRandom rnd = new SplittableRandom(3);
    long t = 0;
    for (int i = 0; i < 500; i++) {
      d.observe(0, t += SECOND, noisy(rnd));
    }
    assertThat(d.observe(0, t + SECOND, 40)).isEqualTo(Verdict.ANOMALOUS);
    assertThat(d.score()).isNegative();
  }

  @Test
  void aConstantSignalDoesNotAlarmOnItsLastDigitButDoesOnARealChange() {
    EwmaDetector d = new EwmaDetector(new AnomalySpec.Ewma(0.1, 3, 10));
    for (int i = 0; i < 100; i++) {
      d.observe(0, i * SECOND, 1_500.0);
    }
    // A setpoint of 1500 rpm: 0.1 rpm is within the floor of 0.1 % (1.5 rpm), 50 rpm is not.
    assertThat(d.observe(0, 100 * SECOND, 1_500.1)).isEqualTo(Verdict.NORMAL);
    assertThat(d.observe(0, 101 * SECOND, 1_550)).isEqualTo(Verdict.ANOMALOUS);
  }

  @Test
  void nanAndInfinityAreIgnored() {
    EwmaDetector d = new EwmaDetector(new AnomalySpec.Ewma(0.1, 3, 5));
    for (int i = 0; i < 20; i++) {
      d.observe(0, i * SECOND, 10 + (i % 2));
    }
    Verdict before = d.observe(0, 20 * SECOND, 10.5);
    double mean = d.mean();
    assertThat(d.observe(0, 21 * SECOND, Double.NaN)).isEqualTo(before);
    assertThat(d.observe(0, 22 * SECOND, Double.POSITIVE_INFINITY)).isEqualTo(before);
    assertThat(d.observe(0, 23 * SECOND, Double.NEGATIVE_INFINITY)).isEqualTo(before);
    assertThat(d.mean()).isEqualTo(mean);
  }

  @Property
  void arbitraryValuesNeverThrowAndNeverAlarmDuringWarmUp(
      @ForAll @Size(max = 200) List<Double> values,
      @ForAll @IntRange(min = 2, max = 100) int warmUp,
      @ForAll @DoubleRange(min = 0.001, max = 0.999) @Scale(3) double alpha) {
    EwmaDetector d = new EwmaDetector(new AnomalySpec.Ewma(alpha, 3, warmUp));
    int finite = 0;
    long t = 0;
    for (double v : values) {
      Verdict verdict = d.observe(0, t++, v);
      if (Double.isFinite(v)) {
        finite++;
      }
      if (finite <= warmUp) {
        assertThat(verdict).isEqualTo(Verdict.LEARNING);
      }
    }
  }
}
