package io.millwright.uns.sparkplug.codec;

import io.millwright.core.machine.DataType;
import org.eclipse.tahu.protobuf.SparkplugBProto;

/** Which Sparkplug metric data type carries each tag data type, and the names of those types. */
public final class MetricTypes {

  private MetricTypes() {}

  /** The Sparkplug datatype (Sparkplug 3.0, 6.4.16 "Data Types") a tag of this type is sent as. */
  public static int of(DataType type) {
    return switch (type) {
      case BOOL -> SparkplugBProto.DataType.Boolean_VALUE;
      case INT16 -> SparkplugBProto.DataType.Int16_VALUE;
      case UINT16 -> SparkplugBProto.DataType.UInt16_VALUE;
      case INT32 -> SparkplugBProto.DataType.Int32_VALUE;
      case UINT32 -> SparkplugBProto.DataType.UInt32_VALUE;
      case INT64 -> SparkplugBProto.DataType.Int64_VALUE;
      case FLOAT32 -> SparkplugBProto.DataType.Float_VALUE;
      case FLOAT64 -> SparkplugBProto.DataType.Double_VALUE;
      case STRING -> SparkplugBProto.DataType.String_VALUE;
    };
  }

  /** The datatype's name for messages, e.g. {@code UInt32}, or {@code Unknown(99)}. */
  public static String name(int datatype) {
    SparkplugBProto.DataType type = SparkplugBProto.DataType.forNumber(datatype);
    return type == null ? "Unknown(" + datatype + ")" : type.name();
  }
}
