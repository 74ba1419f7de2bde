package io.millwright.historian.query;

import io.millwright.historian.store.StoredSample;
import java.util.OptionalDouble;

/**
 * The time-weighted average of a numeric tag over a range, with step interpolation: each value
 * weighs as long as it held. Only Good values weigh; the rest of the range is reported by why, so
 * that an average over ten minutes of a shift is not mistaken for the shift's.
 *
 * @param average empty when no Good value held at any time in the range
 * @param goodMillis time a Good, finite value held: the weight of the average
 * @param uncertainMillis time under Uncertain quality
 * @param badMillis time under Bad quality, or a Good sample that is NaN or infinite
 * @param unknownMillis time before the first sample (none found in force at the start)
 */
public record TimeWeightedAverage(
    String tag,
    TimeRange range,
    OptionalDouble average,
    long goodMillis,
    long uncertainMillis,
    long badMillis,
    long unknownMillis) {

  /** Sums value times duration over the periods of a walk. */
  static final class Sum implements Steps.Period {

    private final QualityTime notGood = new QualityTime();
    private double weighted;
    private long goodMillis;

    @Override
    public void accept(StoredSample inForce, long start, long end) {
      long millis = end - start;
      if (!notGood.countUnlessGood(inForce, millis)) {
        return;
      }
      double value = Numeric.of(inForce);
      if (!Double.isFinite(value)) {
        notGood.badMillis += millis;
        return;
      }
      weighted += value * millis;
      goodMillis += millis;
    }

    TimeWeightedAverage result(String tag, TimeRange range) {
      return new TimeWeightedAverage(
          tag,
          range,
          goodMillis == 0 ? OptionalDouble.empty() : OptionalDouble.of(weighted / goodMillis),
          goodMillis,
          notGood.uncertainMillis,
          notGood.badMillis,
          notGood.unknownMillis);
    }
  }
}
