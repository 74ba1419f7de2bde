package io.millwright.alarms.anomaly;

import io.millwright.core.alarm.AnomalySpec;
import java.util.Arrays;

/**
 * A baseline per slot of a repeating period: a compressor's current at 03:00 is compared with other
 * nights at 03:00, not with the day shift. Each slot keeps its own running mean and variance; a
 * value more than {@code z} deviations from its slot's mean is anomalous.
 *
 * <p>Slots are fixed in UTC: slot = ((t mod period) / slot length), with {@code t} the sample's
 * epoch milliseconds. A one-day period therefore starts at 00:00 UTC, not local midnight; a
 * one-week period at a Thursday 00:00 UTC (the epoch's weekday). Only the slot boundaries depend on
 * this, so a site in another time zone gets the same baselines, with slots named by UTC time.
 * Daylight saving time moves local habits by an hour against UTC twice a year; choose slots long
 * enough (an hour or more) or a {@code z} wide enough to carry that.
 *
 * <p>A slot is LEARNING until it has had values in {@code warmUp} different periods and those
 * periods are over (and has two values at least); slots learn independently, so in the first
 * periods the verdict may be LEARNING in one slot and NORMAL in the next. During warm-up every
 * value has the same weight. Afterwards a slot remembers about as many values as its warm-up gave
 * it (weight {@code 1/n} with {@code n} capped at the warm-up's count, ten times that for the
 * spread), so a plant that changes its habits is followed over about {@code warmUp} periods rather
 * than never.
 *
 * <p>As in {@link EwmaDetector}, a value is judged before it is learnt, an anomalous value only
 * nudges its slot's mean towards the edge of the band and leaves the spread alone, the deviation
 * has the floor of {@link Spread}, and NaN and infinite values are ignored.
 *
 * <p>Arrays only: no allocation per sample.
 */
public final class SeasonalDetector implements AnomalyDetector {

  private final long periodMillis;
  private final long slotMillis;
  private final int slots;
  private final double z;
  private final int warmUp;
  private final long[] count;
  private final long[] memory;
  private final double[] mean;
  private final double[] variance;
  private final long[] periodsSeen;
  private final long[] lastPeriod;
  private double score = Double.NaN;
  private Verdict verdict = Verdict.LEARNING;

  public SeasonalDetector(AnomalySpec.Seasonal spec) {
    this.periodMillis = spec.period().toMillis();
    this.slots = spec.slots();
    this.slotMillis = periodMillis / slots;
    this.z = spec.z();
    this.warmUp = spec.warmUp();
    this.count = new long[slots];
    this.memory = new long[slots];
    this.mean = new double[slots];
    this.variance = new double[slots];
    this.periodsSeen = new long[slots];
    this.lastPeriod = new long[slots];
    Arrays.fill(lastPeriod, Long.MIN_VALUE);
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
    int slot = slot(timeMillis);
    long period = Math.floorDiv(timeMillis, periodMillis);
    // Only a later period counts: a late sample of the previous one must not count it twice.
    if (period > lastPeriod[slot]) {
      lastPeriod[slot] = period;
      periodsSeen[slot]++;
    }
    if (periodsSeen[slot] <= warmUp || count[slot] < 2) {
      // The period in progress counts once it is over: warmUp whole periods' worth of data.
      learn(slot, value);
      score = Double.NaN;
      verdict = Verdict.LEARNING;
      return verdict;
    }
    if (memory[slot] == 0) {
      memory[slot] = count[slot];
    }
    double m = mean[slot];
    double sigma = Spread.sigma(variance[slot], m);
    score = (value - m) / sigma;
    if (Math.abs(score) > z) {
      double nudged = m + (Spread.clamp(value, m, z * sigma) - m) / memory[slot];
      mean[slot] = Double.isFinite(nudged) ? nudged : m;
      verdict = Verdict.ANOMALOUS;
    } else {
      learn(slot, value);
      verdict = Verdict.NORMAL;
    }
    return verdict;
  }

  /** The deviation of the latest value from its slot's mean, in standard deviations (signed). */
  @Override
  public double score() {
    return score;
  }

  /**
   * The slot a time falls in, counted from the start of the period in UTC; a remainder of the
   * period that does not divide evenly (a few milliseconds) belongs to the last slot.
   */
  public int slot(long timeMillis) {
    return (int) Math.min(slots - 1, Math.floorMod(timeMillis, periodMillis) / slotMillis);
  }

  /**
   * One weighted step of the slot's mean and variance (West's update): weight {@code 1/n}, which is
   * Welford's exact running mean and variance, until {@code n} reaches the slot's memory. A value
   * that overflows the arithmetic is not learnt, as in {@link EwmaDetector}.
   */
  private void learn(int slot, double value) {
    long n = count[slot] + 1;
    long cap = memory[slot] == 0 ? n : memory[slot];
    double meanWeight = 1.0 / Math.min(n, cap);
    double spreadWeight = 1.0 / Math.min(n, cap * (long) EwmaDetector.SPREAD_SLOWER);
    double diff = value - mean[slot];
    double newMean = mean[slot] + meanWeight * diff;
    double newVariance = (1 - spreadWeight) * (variance[slot] + spreadWeight * diff * diff);
    if (Double.isFinite(newMean) && Double.isFinite(newVariance)) {
      count[slot] = n;
      mean[slot] = newMean;
      variance[slot] = newVariance;
    }
  }
}
