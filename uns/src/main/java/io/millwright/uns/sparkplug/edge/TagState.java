package io.millwright.uns.sparkplug.edge;

import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.uns.sparkplug.codec.MetricTypes;

/**
 * One tag of a registered device: its alias, its Sparkplug type, and the last sample accepted,
 * against which report-by-exception decides (tag deadband for numbers, any change otherwise, any
 * change of quality always).
 */
final class TagState {
  final Tag tag;
  final long alias;
  final int datatype;
  Sample last;
  long lastSequence;

  /** The sequence of the sample the last DBIRTH carried, so the buffer does not send it again. */
  long birthSequence;

  TagState(Tag tag, long alias) {
    this.tag = tag;
    this.alias = alias;
    this.datatype = MetricTypes.of(tag.type());
  }

  /** Whether {@code next} differs enough from the last accepted sample to be reported. */
  boolean isException(Sample next) {
    if (last == null || !last.quality().equals(next.quality())) {
      return true;
    }
    Value before = last.value();
    Value now = next.value();
    boolean numeric =
        (before instanceof Value.Int64 || before instanceof Value.Float64)
            && (now instanceof Value.Int64 || now instanceof Value.Float64);
    if (!numeric) {
      return !before.equals(now);
    }
    double a = before.asDouble();
    double b = now.asDouble();
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Double.isNaN(a) != Double.isNaN(b);
    }
    if (tag.deadband() == 0) {
      return before instanceof Value.Int64 && now instanceof Value.Int64
          ? ((Value.Int64) before).value() != ((Value.Int64) now).value()
          : a != b;
    }
    return Math.abs(b - a) > tag.deadband();
  }
}
