package io.millwright.uns.sparkplug.codec;

import org.eclipse.tahu.protobuf.SparkplugBProto;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload.PropertySet;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload.PropertyValue;

/**
 * The 64-bit per-device sample sequence, carried in the metric property {@value #PROPERTY}
 * (UInt64). Sparkplug's own {@code seq} counts messages per edge node from 0 to 255 and wraps, so
 * it cannot tell a consumer whether a sample after a reconnect, or in a replayed historical batch,
 * is one it already has. This one never wraps and survives restarts of the edge node.
 *
 * <p>Sequences start at 1; {@link #NONE} (0) marks a sample without one, e.g. from another vendor's
 * edge node or the Bad samples a host makes up when a node dies.
 */
public final class MetricSequence {

  public static final String PROPERTY = "mwseq";
  public static final long NONE = 0;

  private MetricSequence() {}

  public static void write(PropertySet.Builder properties, long sequence) {
    properties
        .addKeys(PROPERTY)
        .addValues(
            PropertyValue.newBuilder()
                .setType(SparkplugBProto.DataType.UInt64_VALUE)
                .setLongValue(sequence));
  }

  /** The metric's sequence, or {@link #NONE}. */
  public static long read(SparkplugBProto.Payload.Metric metric) {
    if (!metric.hasProperties()) {
      return NONE;
    }
    PropertySet properties = metric.getProperties();
    int count = Math.min(properties.getKeysCount(), properties.getValuesCount());
    for (int i = 0; i < count; i++) {
      if (properties.getKeys(i).equals(PROPERTY)) {
        PropertyValue value = properties.getValues(i);
        return value.hasLongValue() ? value.getLongValue() : NONE;
      }
    }
    return NONE;
  }
}
