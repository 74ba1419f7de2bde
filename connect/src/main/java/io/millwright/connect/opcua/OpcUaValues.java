package io.millwright.connect.opcua;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UNumber;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;

/** Conversions between OPC UA values and Millwright samples, in both directions. */
final class OpcUaValues {

  /** The OPC UA built-in types a tag can be read from or written to, by DataType NodeId. */
  private static final Map<NodeId, String> BUILT_IN_NAMES =
      Map.ofEntries(
          Map.entry(NodeIds.Boolean, "Boolean"),
          Map.entry(NodeIds.SByte, "SByte"),
          Map.entry(NodeIds.Byte, "Byte"),
          Map.entry(NodeIds.Int16, "Int16"),
          Map.entry(NodeIds.UInt16, "UInt16"),
          Map.entry(NodeIds.Int32, "Int32"),
          Map.entry(NodeIds.UInt32, "UInt32"),
          Map.entry(NodeIds.Int64, "Int64"),
          Map.entry(NodeIds.UInt64, "UInt64"),
          Map.entry(NodeIds.Float, "Float"),
          Map.entry(NodeIds.Double, "Double"),
          Map.entry(NodeIds.String, "String"));

  /** Our data type for an OPC UA built-in type, where one fits without loss. */
  private static final Map<NodeId, DataType> OUR_TYPES =
      Map.ofEntries(
          Map.entry(NodeIds.Boolean, DataType.BOOL),
          Map.entry(NodeIds.SByte, DataType.INT16),
          Map.entry(NodeIds.Byte, DataType.UINT16),
          Map.entry(NodeIds.Int16, DataType.INT16),
          Map.entry(NodeIds.UInt16, DataType.UINT16),
          Map.entry(NodeIds.Int32, DataType.INT32),
          Map.entry(NodeIds.UInt32, DataType.UINT32),
          Map.entry(NodeIds.Int64, DataType.INT64),
          Map.entry(NodeIds.UInt64, DataType.INT64),
          Map.entry(NodeIds.Float, DataType.FLOAT32),
          Map.entry(NodeIds.Double, DataType.FLOAT64),
          Map.entry(NodeIds.String, DataType.STRING));

  private OpcUaValues() {}

  /** {@code Bad_NodeIdUnknown}: the symbolic name operators look up, else the hex code. */
  static String statusName(StatusCode status) {
    long code = status.getValue() & 0xFFFF_0000L;
    return StatusCodes.lookup(code)
        .map(names -> names[0])
        .orElseGet(() -> String.format("Bad_0x%08X", status.getValue()));
  }

  /** Our data type name for an OPC UA DataType NodeId, for the browser. */
  static Optional<DataType> ourType(NodeId dataType) {
    return Optional.ofNullable(OUR_TYPES.get(dataType));
  }

  /** The OPC UA name of a built-in DataType NodeId, empty for structures and enumerations. */
  static Optional<String> builtInName(NodeId dataType) {
    return Optional.ofNullable(BUILT_IN_NAMES.get(dataType));
  }

  /** A placeholder for Bad samples of a tag that has not been read yet: Sample needs a value. */
  static Value placeholder(DataType type) {
    return switch (type.kind()) {
      case BOOLEAN -> Value.of(false);
      case LONG -> Value.of(0L);
      case DOUBLE -> Value.of(Double.NaN);
      case STRING -> Value.of("");
    };
  }

  /**
   * The sample of a tag from a notification or a read. Timestamps: the source's when it gave one,
   * else the server's, else when we received it.
   *
   * @param last the tag's last value, carried by Bad samples
   */
  static Sample toSample(Tag tag, DataValue data, Value last, long receivedMillis) {
    long timestamp = timestamp(data, receivedMillis);
    StatusCode status = data.getStatusCode() == null ? StatusCode.GOOD : data.getStatusCode();
    if (status.isBad()) {
      return new Sample(timestamp, last, Quality.bad(statusName(status)));
    }
    Optional<Value> value = toValue(tag, data.getValue());
    if (value.isEmpty()) {
      return new Sample(timestamp, last, Quality.TYPE_MISMATCH);
    }
    Quality quality = status.isUncertain() ? Quality.uncertain(statusName(status)) : Quality.GOOD;
    return new Sample(timestamp, value.get(), quality);
  }

  private static long timestamp(DataValue data, long receivedMillis) {
    for (DateTime time : new DateTime[] {data.getSourceTime(), data.getServerTime()}) {
      if (time != null && time.isValid() && time.getUtcTime() > 0) {
        return time.getJavaTime();
      }
    }
    return receivedMillis;
  }

  /**
   * The value in engineering units, empty when the OPC UA value does not fit the tag's type. An
   * integer tag with a scale other than 1/0 becomes a Float64: scaling counts by 0.1 and rounding
   * the result would throw away what the scale is for.
   */
  static Optional<Value> toValue(Tag tag, Variant variant) {
    Object raw = variant == null ? null : variant.getValue();
    return switch (tag.type().kind()) {
      case BOOLEAN -> raw instanceof Boolean b ? Optional.of(Value.of(b)) : Optional.empty();
      case STRING -> raw instanceof String s ? Optional.of(Value.of(s)) : Optional.empty();
      case LONG -> {
        if (!isInteger(raw)) {
          yield Optional.empty();
        }
        long integer = ((Number) raw).longValue();
        if (raw instanceof ULong u && u.toBigInteger().bitLength() > 63) {
          yield Optional.empty();
        }
        yield Optional.of(
            tag.scale().isIdentity() ? Value.of(integer) : Value.of(tag.scale().apply(integer)));
      }
      case DOUBLE ->
          raw instanceof Number n && !(raw instanceof BigInteger)
              ? Optional.of(Value.of(tag.scale().apply(n.doubleValue())))
              : Optional.empty();
    };
  }

  private static boolean isInteger(Object raw) {
    return raw instanceof Byte
        || raw instanceof Short
        || raw instanceof Integer
        || raw instanceof Long
        || raw instanceof UNumber;
  }

  /**
   * The OPC UA value to write for an engineering value: the tag's scale undone and the result
   * converted to the node's built-in type (or, when the node's type is not a built-in we know, the
   * type the tag declares).
   *
   * @throws IllegalArgumentException saying why the value cannot be written
   */
  static Variant toVariant(Tag tag, Value value, Optional<NodeId> nodeDataType) {
    NodeId target = nodeDataType.filter(BUILT_IN_NAMES::containsKey).orElse(declared(tag.type()));
    String typeName = BUILT_IN_NAMES.get(target);
    if (target.equals(NodeIds.Boolean)) {
      if (value instanceof Value.Bool b) {
        return Variant.ofBoolean(b.value());
      }
      throw new IllegalArgumentException(
          "the node holds a Boolean and " + describe(value) + " is not true or false");
    }
    if (target.equals(NodeIds.String)) {
      if (value instanceof Value.Text t) {
        return Variant.ofString(t.value());
      }
      throw new IllegalArgumentException(
          "the node holds a String and " + describe(value) + " is not text");
    }
    if (!(value instanceof Value.Int64) && !(value instanceof Value.Float64)) {
      throw new IllegalArgumentException(
          "the node holds a " + typeName + " and " + describe(value) + " is not a number");
    }
    double raw =
        tag.scale().isIdentity() ? value.asDouble() : tag.scale().inverse(value.asDouble());
    if (target.equals(NodeIds.Double)) {
      return Variant.ofDouble(raw);
    }
    if (target.equals(NodeIds.Float)) {
      if (Double.isFinite(raw) && Math.abs(raw) > Float.MAX_VALUE) {
        throw outOfRange(value, typeName);
      }
      return Variant.ofFloat((float) raw);
    }
    long integer;
    if (value instanceof Value.Int64 i && tag.scale().isIdentity()) {
      integer = i.value();
    } else {
      if (!Double.isFinite(raw) || Math.abs(raw) >= 0x1p63) {
        throw outOfRange(value, typeName);
      }
      integer = Math.round(raw);
    }
    return integerVariant(target, integer, value, typeName);
  }

  private static Variant integerVariant(NodeId target, long v, Value value, String typeName) {
    if (target.equals(NodeIds.SByte)) {
      check(v, Byte.MIN_VALUE, Byte.MAX_VALUE, value, typeName);
      return Variant.ofSByte((byte) v);
    } else if (target.equals(NodeIds.Byte)) {
      check(v, 0, 0xFF, value, typeName);
      return Variant.ofByte(UByte.valueOf(v));
    } else if (target.equals(NodeIds.Int16)) {
      check(v, Short.MIN_VALUE, Short.MAX_VALUE, value, typeName);
      return Variant.ofInt16((short) v);
    } else if (target.equals(NodeIds.UInt16)) {
      check(v, 0, 0xFFFF, value, typeName);
      return Variant.ofUInt16(UShort.valueOf((int) v));
    } else if (target.equals(NodeIds.Int32)) {
      check(v, Integer.MIN_VALUE, Integer.MAX_VALUE, value, typeName);
      return Variant.ofInt32((int) v);
    } else if (target.equals(NodeIds.UInt32)) {
      check(v, 0, 0xFFFF_FFFFL, value, typeName);
      return Variant.ofUInt32(UInteger.valueOf(v));
    } else if (target.equals(NodeIds.UInt64)) {
      check(v, 0, Long.MAX_VALUE, value, typeName);
      return Variant.ofUInt64(ULong.valueOf(v));
    }
    return Variant.ofInt64(v);
  }

  private static void check(long v, long min, long max, Value value, String typeName) {
    if (v < min || v > max) {
      throw outOfRange(value, typeName);
    }
  }

  private static IllegalArgumentException outOfRange(Value value, String typeName) {
    return new IllegalArgumentException(
        value + " is out of range for the node's " + typeName + " (after undoing the tag's scale)");
  }

  private static String describe(Value value) {
    return value.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + value;
  }

  /** The OPC UA built-in type a tag's declared data type is written as. */
  static NodeId declared(DataType type) {
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
}
