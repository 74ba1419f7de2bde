package io.millwright.core.sample;

/**
 * One reading of one tag: when (UTC epoch milliseconds, the wire format of Sparkplug), what, and
 * how trustworthy. The tag it belongs to travels beside it (metric name or UNS path), so that a
 * batch of one machine's samples does not repeat it.
 *
 * <p>Timestamps are kept as the source gave them: a clock that jumps is flagged downstream, never
 * silently rewritten.
 */
public record Sample(long timestamp, Value value, Quality quality) {

  public Sample {
    if (value == null) {
      throw new IllegalArgumentException(
          "a sample needs a value; use the last value with quality Bad when there is none");
    }
    if (quality == null) {
      throw new IllegalArgumentException("a sample needs a quality");
    }
  }

  public static Sample good(long timestamp, Value value) {
    return new Sample(timestamp, value, Quality.GOOD);
  }
}
