package io.millwright.alarms.engine;

import io.millwright.alarms.anomaly.AnomalyDetector;
import io.millwright.alarms.anomaly.Verdict;
import io.millwright.core.alarm.AlarmCondition;
import io.millwright.core.sample.Value;

/**
 * Decides from one alarm's input samples whether its condition is present right now (before the
 * on/off delays, which {@link AlarmPoint} applies). Runs for every sample: no allocation.
 */
abstract sealed class Watch {

  /** The sample leaves the condition as it was (a text value on a limit alarm, a late sample). */
  static final int SAME = -1;

  static final int CLEAR = 0;
  static final int PRESENT = 1;

  /**
   * @param t the sample's own time (rates and windows are measured in it)
   * @param now when it arrived, on this server's clock (what staleness is measured in)
   * @param present whether the condition is present now (after the delays), for hysteresis
   * @return {@link #PRESENT}, {@link #CLEAR} or {@link #SAME}
   */
  abstract int update(int input, long t, long now, Value value, boolean present);

  /** What the alarm compares with its limit, for the message's {@code value}; NaN when none. */
  double compared() {
    return Double.NaN;
  }

  /**
   * Whether the message's {@code value} is {@link #compared()} (a rate, a score) rather than the
   * tag's value.
   */
  boolean showsCompared() {
    return false;
  }

  /** The limit, for the message's {@code limit}; NaN when none. */
  double limit() {
    return Double.NaN;
  }

  /** Above or below one limit, with the deadband on the way back (ISA-18.2 clause 10.4.2). */
  static final class Limit extends Watch {
    private final double limit;
    private final boolean above;
    private final double deadband;
    private double last = Double.NaN;

    Limit(AlarmCondition.Level level, double deadband) {
      this.limit = level.limit();
      this.above = level.above();
      this.deadband = deadband;
    }

    @Override
    int update(int input, long t, long now, Value value, boolean present) {
      double v = value.asDouble();
      if (Double.isNaN(v)) {
        return SAME;
      }
      last = v;
      if (above) {
        return (present ? v > limit - deadband : v > limit) ? PRESENT : CLEAR;
      }
      return (present ? v < limit + deadband : v < limit) ? PRESENT : CLEAR;
    }

    @Override
    double compared() {
      return last;
    }

    @Override
    double limit() {
      return limit;
    }
  }

  /** One of a set of values: a fault code, a door open. */
  static final class Digital extends Watch {
    private final AlarmCondition.Digital condition;

    Digital(AlarmCondition.Digital condition) {
      this.condition = condition;
    }

    @Override
    int update(int input, long t, long now, Value value, boolean present) {
      return condition.matches(value) ? PRESENT : CLEAR;
    }
  }

  /**
   * Change per minute over a sliding window: the newest value against the oldest one still inside
   * the window, so one noisy sample does not make a rate. The window keeps at most {@link
   * #CAPACITY} points, spaced evenly, however fast the tag reports.
   */
  static final class Rate extends Watch {
    static final int CAPACITY = 256;
    private final double perMinute;
    private final double deadband;
    private final long window;
    private final long spacing;
    private final long[] times = new long[CAPACITY];
    private final double[] values = new double[CAPACITY];
    private int head;
    private int size;
    private long last = Long.MIN_VALUE;
    private double rate = Double.NaN;

    Rate(AlarmCondition.RateOfChange condition, double deadband) {
      this.perMinute = condition.perMinute();
      this.window = condition.window().toMillis();
      this.spacing = Math.max(1, window / (CAPACITY - 2));
      this.deadband = deadband;
    }

    @Override
    int update(int input, long t, long now, Value value, boolean present) {
      double v = value.asDouble();
      if (!Double.isFinite(v) || t <= last) {
        return SAME; // a late or repeated sample says nothing about the rate
      }
      last = t;
      // Keep one point at or before the window's start, so the span covers the whole window.
      while (size > 1 && times[(head + 1) % CAPACITY] <= t - window) {
        head = (head + 1) % CAPACITY;
        size--;
      }
      if (size == 0 || t - times[(head + size - 1) % CAPACITY] >= spacing) {
        if (size == CAPACITY) {
          head = (head + 1) % CAPACITY;
          size--;
        }
        times[(head + size) % CAPACITY] = t;
        values[(head + size) % CAPACITY] = v;
        size++;
      }
      long span = t - times[head];
      if (span <= 0 || span < window / 4) {
        return present ? SAME : CLEAR; // too short a history to call it a rate yet
      }
      rate = Math.abs(v - values[head]) * 60_000.0 / span;
      return (present ? rate > perMinute - deadband : rate > perMinute) ? PRESENT : CLEAR;
    }

    @Override
    double compared() {
      return rate;
    }

    @Override
    boolean showsCompared() {
      return true;
    }

    @Override
    double limit() {
      return perMinute;
    }
  }

  /** A streaming detector's verdict. */
  static final class Anomaly extends Watch {
    private final AnomalyDetector detector;
    private final double threshold;
    private double lastScore = Double.NaN;

    Anomaly(AnomalyDetector detector, double threshold) {
      this.detector = detector;
      this.threshold = threshold;
    }

    AnomalyDetector detector() {
      return detector;
    }

    @Override
    int update(int input, long t, long now, Value value, boolean present) {
      double v = value.asDouble();
      if (!Double.isFinite(v)) {
        return SAME;
      }
      Verdict verdict = detector.observe(input, t, v);
      lastScore = detector.score();
      return switch (verdict) {
        case ANOMALOUS -> PRESENT;
        case NORMAL -> CLEAR;
        // Learning (after a restart, or a gap in the data) knows nothing yet: an alarm raised
        // before stays until the detector can say the values are normal again.
        case LEARNING -> SAME;
      };
    }

    @Override
    double compared() {
      return lastScore;
    }

    @Override
    boolean showsCompared() {
      return true;
    }

    @Override
    double limit() {
      return threshold;
    }
  }

  /** No sample for a while: a frozen value, a sensor that stopped reporting. */
  static final class Stale extends Watch {
    private final long after;
    private long lastSeen;

    /**
     * @param since when the role started: a tag never heard of is stale {@code after} from then
     */
    Stale(AlarmCondition.Stale condition, long since) {
      this.after = condition.after().toMillis();
      this.lastSeen = since;
    }

    @Override
    int update(int input, long t, long now, Value value, boolean present) {
      // Measured on this server's clock: a device clock that runs behind must not make every
      // sample look stale.
      lastSeen = Math.max(lastSeen, now);
      return CLEAR;
    }

    /** When the tag turns stale if nothing comes before. */
    long staleAt() {
      return lastSeen + after;
    }
  }

  /**
   * Conditions decided outside the samples of a tag (lost communication, the machine's state): the
   * engine sets them.
   */
  static final class External extends Watch {
    @Override
    int update(int input, long t, long now, Value value, boolean present) {
      return SAME;
    }
  }
}
