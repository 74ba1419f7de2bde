package io.millwright.uns.sparkplug.codec;

import io.millwright.core.sample.Quality;
import org.eclipse.tahu.protobuf.SparkplugBProto;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload.PropertySet;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload.PropertyValue;

/**
 * How a sample's quality travels in a metric: the property {@value #QUALITY} (Int32) with the OPC
 * DA quality codes Ignition uses, 192 Good, 64 Uncertain, 0 Bad, and for anything but Good the
 * property {@value #REASON} (String) with the OPC UA symbolic name, e.g. {@code Bad_NotConnected}.
 *
 * <p>Good samples carry neither property (absent means Good, as in Ignition): it keeps the common
 * DDATA small. Readers look only at the top two bits of the code (OPC DA: 11 Good, 01 Uncertain, 00
 * Bad; 10 is undefined and read as Bad), so other senders' finer codes still map.
 */
public final class MetricQuality {

  public static final String QUALITY = "Quality";
  public static final String REASON = "QualityReason";

  public static final int GOOD = 192;
  public static final int UNCERTAIN = 64;
  public static final int BAD = 0;

  private MetricQuality() {}

  public static int code(Quality quality) {
    return switch (quality.severity()) {
      case GOOD -> GOOD;
      case UNCERTAIN -> UNCERTAIN;
      case BAD -> BAD;
    };
  }

  /** Adds the quality properties for a non-good quality; nothing for Good. */
  public static void write(PropertySet.Builder properties, Quality quality) {
    if (quality.isGood()) {
      return;
    }
    properties
        .addKeys(QUALITY)
        .addValues(
            PropertyValue.newBuilder()
                .setType(SparkplugBProto.DataType.Int32_VALUE)
                .setIntValue(code(quality)));
    properties
        .addKeys(REASON)
        .addValues(
            PropertyValue.newBuilder()
                .setType(SparkplugBProto.DataType.String_VALUE)
                .setStringValue(quality.reason()));
  }

  /**
   * The quality a metric's properties state; Good when there is no Quality property or it is not an
   * integer.
   */
  public static Quality read(SparkplugBProto.Payload.Metric metric) {
    if (!metric.hasProperties()) {
      return Quality.GOOD;
    }
    PropertySet properties = metric.getProperties();
    int count = Math.min(properties.getKeysCount(), properties.getValuesCount());
    int code = -1;
    String reason = "";
    for (int i = 0; i < count; i++) {
      String key = properties.getKeys(i);
      PropertyValue value = properties.getValues(i);
      if (key.equals(QUALITY)) {
        if (value.hasIntValue()) {
          code = value.getIntValue();
        } else if (value.hasLongValue()) {
          code = (int) value.getLongValue();
        }
      } else if (key.equals(REASON) && value.hasStringValue()) {
        reason = value.getStringValue();
      }
    }
    if (code < 0) {
      return Quality.GOOD;
    }
    return switch (code & 0xC0) {
      case 0xC0 -> Quality.GOOD;
      case 0x40 -> Quality.uncertain(reason.isBlank() ? "Uncertain" : reason);
      default -> badQuality(reason);
    };
  }

  private static Quality badQuality(String reason) {
    if (reason.isBlank()) {
      return Quality.bad("Bad");
    }
    if (reason.equals(Quality.NOT_CONNECTED.reason())) {
      return Quality.NOT_CONNECTED;
    }
    return Quality.bad(reason);
  }
}
