package io.millwright.connect.modbus;

import io.millwright.connect.WriteException;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Scale;
import io.millwright.core.sample.Value;
import java.nio.charset.StandardCharsets;

/**
 * Turns a value in engineering units into what goes on the wire: the tag's scale undone, integers
 * rounded and range-checked, strings checked for length and ASCII. Every refusal is a {@link
 * WriteException} that says why in operator words.
 */
final class WriteEncoder {

  private final RegisterCodec codec;

  WriteEncoder(RegisterCodec codec) {
    this.codec = codec;
  }

  TagWrite encode(ModbusTag tag, Value value) {
    DataType type = tag.type();
    if (value == null) {
      throw refuse(tag, "no value given");
    }
    if (type == DataType.BOOL) {
      if (!(value instanceof Value.Bool b)) {
        throw kind(tag, value);
      }
      return new TagWrite.Coil(tag.start(), b.value());
    }
    if (type == DataType.STRING) {
      if (!(value instanceof Value.Text t)) {
        throw kind(tag, value);
      }
      return new TagWrite.Registers(tag.start(), string(tag, t.value()));
    }
    if (value.kind() != Value.Kind.LONG && value.kind() != Value.Kind.DOUBLE) {
      throw kind(tag, value);
    }
    Scale scale = tag.tag().scale();
    int[] registers =
        switch (type) {
          case FLOAT32, FLOAT64 -> codec.encodeFloat(type, floating(tag, scale, value));
          default -> codec.encodeInteger(type, integer(tag, scale, value));
        };
    return new TagWrite.Registers(tag.start(), registers);
  }

  private static double floating(ModbusTag tag, Scale scale, Value value) {
    double raw = scale.inverse(value.asDouble());
    if (tag.type() == DataType.FLOAT32 && Double.isFinite(raw) && Math.abs(raw) > Float.MAX_VALUE) {
      throw refuse(tag, value + " is out of range for float32");
    }
    return raw;
  }

  private static long integer(ModbusTag tag, Scale scale, Value value) {
    long raw;
    if (scale.isIdentity() && value instanceof Value.Int64 i) {
      // Exact: a 64-bit integer would lose precision on a trip through double.
      raw = i.value();
    } else {
      double d = scale.inverse(value.asDouble());
      // 2^63 is exactly representable; anything at or beyond it does not fit a long.
      if (!Double.isFinite(d) || d >= 0x1p63 || d < -0x1p63) {
        throw refuse(tag, value + " is out of range for " + tag.type().configName());
      }
      raw = Math.round(d);
    }
    long min;
    long max;
    switch (tag.type()) {
      case INT16 -> {
        min = Short.MIN_VALUE;
        max = Short.MAX_VALUE;
      }
      case UINT16 -> {
        min = 0;
        max = 0xFFFF;
      }
      case INT32 -> {
        min = Integer.MIN_VALUE;
        max = Integer.MAX_VALUE;
      }
      case UINT32 -> {
        min = 0;
        max = 0xFFFF_FFFFL;
      }
      default -> {
        min = Long.MIN_VALUE;
        max = Long.MAX_VALUE;
      }
    }
    if (raw < min || raw > max) {
      throw refuse(
          tag,
          value
              + (scale.isIdentity() ? "" : " (raw " + raw + ")")
              + " is out of range for "
              + tag.type().configName()
              + " ("
              + min
              + " to "
              + max
              + ")");
    }
    return raw;
  }

  private int[] string(ModbusTag tag, String text) {
    if (!StandardCharsets.US_ASCII.newEncoder().canEncode(text) || text.indexOf('\0') >= 0) {
      throw refuse(tag, "only ASCII characters without NUL fit a Modbus string");
    }
    if (text.length() > tag.count() * 2) {
      throw refuse(
          tag,
          "\""
              + text
              + "\" has "
              + text.length()
              + " characters; the tag holds at most "
              + tag.count() * 2);
    }
    return codec.encodeString(text, tag.count());
  }

  private static WriteException kind(ModbusTag tag, Value value) {
    return refuse(
        tag,
        "a "
            + value.kind().name().toLowerCase(java.util.Locale.ROOT)
            + " value does not fit a "
            + tag.type().configName()
            + " tag");
  }

  static WriteException refuse(ModbusTag tag, String reason) {
    return new WriteException("cannot write " + tag.name() + ": " + reason);
  }
}
