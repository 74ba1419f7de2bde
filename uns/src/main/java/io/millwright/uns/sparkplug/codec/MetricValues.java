package io.millwright.uns.sparkplug.codec;

import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import org.eclipse.tahu.protobuf.SparkplugBProto.DataType;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload.Metric;

/**
 * Converts between core values and Sparkplug metric values (Sparkplug 3.0, 6.4.16 "Data Types" and
 * tck-id-payloads-metric-datatype-value: 8-32 bit integers in {@code int_value}, 64-bit ones and
 * DateTime in {@code long_value}).
 *
 * <p>Integers of every width become {@link Value.Int64}, floats {@link Value.Float64}, String, Text
 * and UUID {@link Value.Text}, DateTime its epoch milliseconds as Int64, and a DataSet its JSON
 * text (see {@link DataSetText}). Bytes, File, Template, PropertySet and the array types have no
 * core value: they become a Bad {@code Bad_NotSupported} sample rather than an error, so one odd
 * metric never costs the rest of its message.
 */
public final class MetricValues {

  public static final Quality NOT_SUPPORTED = Quality.bad("Bad_NotSupported");
  public static final Quality OUT_OF_RANGE = Quality.bad("Bad_OutOfRange");
  public static final Quality NO_DATA = Quality.bad("Bad_NoData");

  private static final Value ZERO = Value.of(0L);
  private static final Value NAN = Value.of(Double.NaN);
  private static final Value EMPTY = Value.of("");

  private MetricValues() {}

  /**
   * The metric as a sample of the given datatype (from the metric itself in births, from the birth
   * in data messages, which may omit it). Never throws: what cannot be read becomes a Bad sample
   * saying why.
   *
   * @param defaultTimestamp the payload's timestamp, for metrics without their own
   */
  public static Sample toSample(Metric metric, int datatype, long defaultTimestamp) {
    long timestamp = metric.hasTimestamp() ? metric.getTimestamp() : defaultTimestamp;
    Quality stated = MetricQuality.read(metric);
    if (metric.getIsNull() || metric.getValueCase() == Metric.ValueCase.VALUE_NOT_SET) {
      return new Sample(timestamp, placeholder(datatype), stated.isGood() ? NO_DATA : stated);
    }
    return read(metric, datatype, timestamp, stated);
  }

  private static Sample read(Metric m, int datatype, long timestamp, Quality stated) {
    Metric.ValueCase present = m.getValueCase();
    switch (datatype) {
      case DataType.Int8_VALUE, DataType.Int16_VALUE, DataType.Int32_VALUE -> {
        if (present != Metric.ValueCase.INT_VALUE && present != Metric.ValueCase.LONG_VALUE) {
          return mismatch(timestamp, datatype);
        }
        long raw = present == Metric.ValueCase.INT_VALUE ? m.getIntValue() : m.getLongValue();
        long value =
            switch (datatype) {
              case DataType.Int8_VALUE -> (byte) raw;
              case DataType.Int16_VALUE -> (short) raw;
              default -> (int) raw;
            };
        return new Sample(timestamp, Value.of(value), stated);
      }
      case DataType.UInt8_VALUE, DataType.UInt16_VALUE, DataType.UInt32_VALUE -> {
        if (present != Metric.ValueCase.INT_VALUE && present != Metric.ValueCase.LONG_VALUE) {
          return mismatch(timestamp, datatype);
        }
        long raw =
            present == Metric.ValueCase.INT_VALUE
                ? Integer.toUnsignedLong(m.getIntValue())
                : m.getLongValue();
        long max =
            datatype == DataType.UInt8_VALUE
                ? 0xFFL
                : datatype == DataType.UInt16_VALUE ? 0xFFFFL : 0xFFFF_FFFFL;
        if (raw < 0 || raw > max) {
          return new Sample(timestamp, ZERO, OUT_OF_RANGE);
        }
        return new Sample(timestamp, Value.of(raw), stated);
      }
      case DataType.Int64_VALUE, DataType.DateTime_VALUE -> {
        if (present == Metric.ValueCase.LONG_VALUE) {
          return new Sample(timestamp, Value.of(m.getLongValue()), stated);
        }
        if (present == Metric.ValueCase.INT_VALUE && datatype == DataType.Int64_VALUE) {
          return new Sample(timestamp, Value.of((long) m.getIntValue()), stated);
        }
        return mismatch(timestamp, datatype);
      }
      case DataType.UInt64_VALUE -> {
        if (present != Metric.ValueCase.LONG_VALUE) {
          return mismatch(timestamp, datatype);
        }
        long raw = m.getLongValue();
        // Above 2^63 - 1 a UInt64 does not fit the signed Int64 value; say so rather than wrap.
        return raw < 0
            ? new Sample(timestamp, Value.of(Long.MAX_VALUE), OUT_OF_RANGE)
            : new Sample(timestamp, Value.of(raw), stated);
      }
      case DataType.Float_VALUE, DataType.Double_VALUE -> {
        if (present == Metric.ValueCase.FLOAT_VALUE) {
          return new Sample(timestamp, Value.of((double) m.getFloatValue()), stated);
        }
        if (present == Metric.ValueCase.DOUBLE_VALUE) {
          return new Sample(timestamp, Value.of(m.getDoubleValue()), stated);
        }
        return mismatch(timestamp, datatype);
      }
      case DataType.Boolean_VALUE -> {
        return present == Metric.ValueCase.BOOLEAN_VALUE
            ? new Sample(timestamp, Value.of(m.getBooleanValue()), stated)
            : mismatch(timestamp, datatype);
      }
      case DataType.String_VALUE, DataType.Text_VALUE, DataType.UUID_VALUE -> {
        return present == Metric.ValueCase.STRING_VALUE
            ? new Sample(timestamp, Value.of(m.getStringValue()), stated)
            : mismatch(timestamp, datatype);
      }
      case DataType.DataSet_VALUE -> {
        return present == Metric.ValueCase.DATASET_VALUE
            ? new Sample(timestamp, Value.of(DataSetText.toJson(m.getDatasetValue())), stated)
            : mismatch(timestamp, datatype);
      }
      default -> {
        return new Sample(timestamp, placeholder(datatype), NOT_SUPPORTED);
      }
    }
  }

  /**
   * Sets the metric's value as {@code datatype} requires.
   *
   * @return null when set, otherwise the Bad quality saying why not ({@code Bad_TypeMismatch},
   *     {@code Bad_OutOfRange} or {@code Bad_NotSupported}); the builder's value is then unset
   */
  public static Quality write(Metric.Builder metric, int datatype, Value value) {
    switch (datatype) {
      case DataType.Int8_VALUE -> {
        return writeInt(metric, value, Byte.MIN_VALUE, Byte.MAX_VALUE);
      }
      case DataType.Int16_VALUE -> {
        return writeInt(metric, value, Short.MIN_VALUE, Short.MAX_VALUE);
      }
      case DataType.Int32_VALUE -> {
        return writeInt(metric, value, Integer.MIN_VALUE, Integer.MAX_VALUE);
      }
      case DataType.UInt8_VALUE -> {
        return writeInt(metric, value, 0, 0xFF);
      }
      case DataType.UInt16_VALUE -> {
        return writeInt(metric, value, 0, 0xFFFF);
      }
      case DataType.UInt32_VALUE -> {
        return writeInt(metric, value, 0, 0xFFFF_FFFFL);
      }
      case DataType.Int64_VALUE, DataType.DateTime_VALUE, DataType.UInt64_VALUE -> {
        if (!isWhole(value)) {
          return Quality.TYPE_MISMATCH;
        }
        long v = whole(value);
        if (datatype == DataType.UInt64_VALUE && v < 0) {
          return OUT_OF_RANGE;
        }
        metric.setLongValue(v);
        return null;
      }
      case DataType.Float_VALUE -> {
        if (!isNumber(value)) {
          return Quality.TYPE_MISMATCH;
        }
        double v = value.asDouble();
        if (Double.isFinite(v) && Math.abs(v) > Float.MAX_VALUE) {
          return OUT_OF_RANGE;
        }
        metric.setFloatValue((float) v);
        return null;
      }
      case DataType.Double_VALUE -> {
        if (!isNumber(value)) {
          return Quality.TYPE_MISMATCH;
        }
        metric.setDoubleValue(value.asDouble());
        return null;
      }
      case DataType.Boolean_VALUE -> {
        if (!(value instanceof Value.Bool b)) {
          return Quality.TYPE_MISMATCH;
        }
        metric.setBooleanValue(b.value());
        return null;
      }
      case DataType.String_VALUE, DataType.Text_VALUE, DataType.UUID_VALUE -> {
        if (!(value instanceof Value.Text t)) {
          return Quality.TYPE_MISMATCH;
        }
        metric.setStringValue(t.value());
        return null;
      }
      default -> {
        return NOT_SUPPORTED;
      }
    }
  }

  private static Quality writeInt(Metric.Builder metric, Value value, long min, long max) {
    if (!isWhole(value)) {
      return Quality.TYPE_MISMATCH;
    }
    long v = whole(value);
    if (v < min || v > max) {
      return OUT_OF_RANGE;
    }
    metric.setIntValue((int) v);
    return null;
  }

  private static boolean isNumber(Value value) {
    return value instanceof Value.Int64 || value instanceof Value.Float64;
  }

  /** Integers, and doubles holding a whole number, e.g. a write of 5.0 to an Int16 tag. */
  private static boolean isWhole(Value value) {
    if (value instanceof Value.Int64) {
      return true;
    }
    if (value instanceof Value.Float64(double d)) {
      return d == Math.rint(d) && Math.abs(d) < 0x1p63;
    }
    return false;
  }

  private static long whole(Value value) {
    return value instanceof Value.Int64(long v) ? v : (long) value.asDouble();
  }

  private static Sample mismatch(long timestamp, int datatype) {
    return new Sample(timestamp, placeholder(datatype), Quality.TYPE_MISMATCH);
  }

  /** A value of the datatype's kind for samples that have none; their quality says it is Bad. */
  public static Value placeholder(int datatype) {
    return switch (datatype) {
      case DataType.Boolean_VALUE -> Value.of(false);
      case DataType.Float_VALUE, DataType.Double_VALUE -> NAN;
      case DataType.Int8_VALUE,
          DataType.Int16_VALUE,
          DataType.Int32_VALUE,
          DataType.Int64_VALUE,
          DataType.UInt8_VALUE,
          DataType.UInt16_VALUE,
          DataType.UInt32_VALUE,
          DataType.UInt64_VALUE,
          DataType.DateTime_VALUE ->
          ZERO;
      default -> EMPTY;
    };
  }
}
