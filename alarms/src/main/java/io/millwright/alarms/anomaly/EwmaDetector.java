package io.millwright.alarms.anomaly;

import io.millwright.core.alarm.AnomalySpec;

/**
 * A baseline of one tag that follows slow change: the exponentially weighted mean and variance of
 * its values. A value more than {@code z} deviations from the mean is anomalous, once {@code
 * warmUp} values have been seen.
 *
 * <p>Built for plant signals rather than textbook noise:
 *
 * <ul>
 *   <li>The first values are averaged with equal weight (weight {@code 1/n} until that falls below
 *       {@code alpha}), so the warm-up learns the true mean and spread instead of starting from the
 *       first value with no spread at all.
 *   <li>The spread is learnt ten times slower than the mean ({@link #SPREAD_SLOWER}), so a slow
 *       drift stands out instead of widening the band as fast as it moves.
 *   <li>After warm-up a value is judged before it is learnt. An anomalous value leaves the spread
 *       alone and moves the mean only as far as the edge of the normal band would: a fault does not
 *       drag the baseline along with it or widen the band until it looks normal, while a lasting
 *       new level (after a changeover) still becomes the baseline, at {@code alpha·z·σ} per sample.
 *   <li>The deviation never falls below 0.1 % of the mean (see {@link Spread}), so a constant
 *       signal does not alarm on its last digit.
 *   <li>NaN and infinite values are ignored: the verdict and score stay as they were.
 * </ul>
 *
 * Allocation-free; fed on one thread.
 */
public final class EwmaDetector implements AnomalyDetector {

  /**
   * How many times slower the spread is learnt than the mean. With the same weight a slow drift
   * widens the band as fast as it leaves the mean behind (the variance of a ramp's lag is the lag
   * squared), so it would never stand out; learnt ten times slower, the band still holds the normal
   * spread while the drift builds up.
   */
  static final double SPREAD_SLOWER = 10;

  private final double alpha;
  private final double z;
  private final int warmUp;
  private long seen;
  private double mean;
  private double variance;
  private double score = Double.NaN;
  private Verdict verdict = Verdict.LEARNING;

  public EwmaDetector(AnomalySpec.Ewma spec) {
    this.alpha = spec.alpha();
    this.z = spec.z();
    this.warmUp = spec.warmUp();
  }

  @Override
  public int inputs() {
    return 1;
  }

  @Override
  public Verdict observe(int input, long timeMillis, double value) {
    if (!Double.isFinite(value)) {
      return verdict;
    }
    if (seen < warmUp) {
      double equal = 1.0 / (seen + 1);
      learn(value, Math.max(alpha, equal), Math.max(alpha / SPREAD_SLOWER, equal));
      seen++;
      score = Double.NaN;
      verdict = Verdict.LEARNING;
      return verdict;
    }
    double sigma = Spread.sigma(variance, mean);
    score = (value - mean) / sigma;
    if (Math.abs(score) > z) {
      // An outlier only nudges the mean, towards the edge of the band: a fault stays flagged, a
      // lasting new level becomes the baseline at alpha·z·sigma per sample.
      double nudged = mean + alpha * (Spread.clamp(value, mean, z * sigma) - mean);
      mean = Double.isFinite(nudged) ? nudged : mean;
      verdict = Verdict.ANOMALOUS;
    } else {
      learn(value, alpha, alpha / SPREAD_SLOWER);
      verdict = Verdict.NORMAL;
    }
    seen++;
    return verdict;
  }

  /** The deviation of the latest value from the mean, in standard deviations (signed). */
  @Override
  public double score() {
    return score;
  }

  /** The mean learnt so far, for messages and tests. */
  public double mean() {
    return mean;
  }

  /** The standard deviation judged with now (never below the floor of {@link Spread}). */
  public double sigma() {
    return Spread.sigma(variance, mean);
  }

  /**
   * One weighted step of the incremental mean and variance (West's update; with both weights {@code
   * 1/n} it is the exact running mean and variance). A value so far out that the arithmetic
   * overflows (1e200 from a garbled register) is not learnt: it would leave the baseline infinite
   * for good.
   */
  private void learn(double value, double meanWeight, double spreadWeight) {
    double diff = value - mean;
    double newMean = mean + meanWeight * diff;
    double newVariance = (1 - spreadWeight) * (variance + spreadWeight * diff * diff);
    if (Double.isFinite(newMean) && Double.isFinite(newVariance)) {
      mean = newMean;
      variance = newVariance;
    }
  }
}
