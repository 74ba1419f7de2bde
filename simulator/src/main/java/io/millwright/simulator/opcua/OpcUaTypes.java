package io.millwright.simulator.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;

import io.millwright.core.machine.DataType;
import io.millwright.core.sample.Value;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;

/** Core data types and values to OPC UA built-in types and variants, and back. */
final class OpcUaTypes {

  private OpcUaTypes() {}

  /** The OPC UA DataType node of a core type. */
  static NodeId dataTypeId(DataType type) {
    return switch (type) {
      case BOOL -> NodeIds.Boolean;
      case INT16 -> NodeIds.Int16;
      case UINT16 -> NodeIds.UInt16;
      case INT32 -> NodeIds.Int32;
      case UINT32 -> NodeIds.UInt32;
      case INT64 -> NodeIds.Int64;
      case FLOAT32 -> NodeIds.Float;
      case FLOAT64 -> NodeIds.Double;
      case STRING -> NodeIds.String;
    };
  }

  /**
   * The variant of a value, in the tag's own OPC UA type.
   *
   * @throws IllegalArgumentException when the value does not fit the type
   */
  static Variant toVariant(DataType type, Value value) {
    return switch (type) {
      case BOOL -> Variant.ofBoolean(bool(value));
      case INT16 -> Variant.ofInt16((short) integer(type, value, Short.MIN_VALUE, Short.MAX_VALUE));
      case UINT16 -> Variant.ofUInt16(ushort((int) integer(type, value, 0, 0xFFFF)));
      case INT32 ->
          Variant.ofInt32((int) integer(type, value, Integer.MIN_VALUE, Integer.MAX_VALUE));
      case UINT32 -> Variant.ofUInt32(uint(integer(type, value, 0, 0xFFFF_FFFFL)));
      case INT64 -> Variant.ofInt64(integer(type, value, Long.MIN_VALUE, Long.MAX_VALUE));
      case FLOAT32 -> Variant.ofFloat((float) floating(type, value));
      case FLOAT64 -> Variant.ofDouble(floating(type, value));
      case STRING -> Variant.ofString(text(value));
    };
  }

  /**
   * The core value of a written variant.
   *
   * @throws IllegalArgumentException when the variant does not hold the tag's type
   */
  static Value fromVariant(DataType type, Variant variant) {
    Object o = variant.getValue();
    Value value =
        switch (type) {
          case BOOL -> o instanceof Boolean b ? Value.of(b) : null;
          case INT16 -> o instanceof Short s ? Value.of((long) s) : null;
          case UINT16 -> o instanceof UShort s ? Value.of((long) s.intValue()) : null;
          case INT32 -> o instanceof Integer i ? Value.of((long) i) : null;
          case UINT32 -> o instanceof UInteger i ? Value.of(i.longValue()) : null;
          case INT64 -> o instanceof Long l ? Value.of((long) l) : null;
          case FLOAT32 -> o instanceof Float f ? Value.of((double) f) : null;
          case FLOAT64 -> o instanceof Double d ? Value.of((double) d) : null;
          case STRING -> o instanceof String s ? Value.of(s) : null;
        };
    if (value == null) {
      throw new IllegalArgumentException(
          "a "
              + type.configName()
              + " tag cannot take "
              + (o == null ? "null" : o.getClass().getSimpleName()));
    }
    return value;
  }

  private static boolean bool(Value value) {
    if (value instanceof Value.Bool(boolean b)) {
      return b;
    }
    throw kind("bool", value);
  }

  private static long integer(DataType type, Value value, long min, long max) {
    if (!(value instanceof Value.Int64(long v))) {
      throw kind(type.configName(), value);
    }
    if (v < min || v > max) {
      throw new IllegalArgumentException(
          v + " is out of the " + type.configName() + " range " + min + ".." + max);
    }
    return v;
  }

  private static double floating(DataType type, Value value) {
    if (value instanceof Value.Float64(double v)) {
      return v;
    }
    throw kind(type.configName(), value);
  }

  private static String text(Value value) {
    if (value instanceof Value.Text(String s)) {
      return s;
    }
    throw kind("string", value);
  }

  private static IllegalArgumentException kind(String type, Value value) {
    return new IllegalArgumentException("a " + type + " tag cannot hold a " + value.kind());
  }
}
