package io.millwright.historian.query;

import io.millwright.core.sample.Value;
import io.millwright.historian.store.StoredSample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How long each value of a tag held over a range, for state tags (producing, idle, fault), modes
 * and flags: step interpolation, Good samples only, the rest of the range reported by why.
 *
 * @param values longest first; ties in the order the values first held
 * @param uncertainMillis time under Uncertain quality
 * @param badMillis time under Bad quality
 * @param unknownMillis time before the first sample (none found in force at the start)
 */
public record ValueDurations(
    String tag,
    TimeRange range,
    List<ValueTime> values,
    long uncertainMillis,
    long badMillis,
    long unknownMillis) {

  /**
   * Distinct values one answer may list. A state tag has a handful; thousands mean a measurement,
   * which the average and the downsampled chart describe better.
   */
  public static final int MAX_VALUES = 1_000;

  /**
   * @param millis total time the value held
   * @param occurrences how many times it began to hold: a repeated sample of the same value
   *     continues it, a value after another one or after a period that is not Good begins anew
   */
  public record ValueTime(Value value, long millis, long occurrences) {}

  /** Adds up the periods of a walk per value. */
  static final class Tally implements Steps.Period {

    private final QualityTime notGood = new QualityTime();
    private final Map<Value, long[]> byValue = new LinkedHashMap<>();
    private Value previous;

    @Override
    public void accept(StoredSample inForce, long start, long end) {
      long millis = end - start;
      if (!notGood.countUnlessGood(inForce, millis)) {
        previous = null;
        return;
      }
      Value value = inForce.value();
      long[] time = byValue.get(value);
      if (time == null) {
        if (byValue.size() == MAX_VALUES) {
          throw new IllegalArgumentException(
              "tag \""
                  + inForce.tag()
                  + "\" takes more than "
                  + MAX_VALUES
                  + " distinct values in the range; durations are for states and modes, use the"
                  + " average or the chart for measurements");
        }
        time = new long[2];
        byValue.put(value, time);
      }
      time[0] += millis;
      if (!value.equals(previous)) {
        time[1]++;
      }
      previous = value;
    }

    ValueDurations result(String tag, TimeRange range) {
      List<ValueTime> values = new ArrayList<>();
      byValue.forEach((value, time) -> values.add(new ValueTime(value, time[0], time[1])));
      values.sort(Comparator.comparingLong(ValueTime::millis).reversed());
      return new ValueDurations(
          tag, range, values, notGood.uncertainMillis, notGood.badMillis, notGood.unknownMillis);
    }
  }
}
