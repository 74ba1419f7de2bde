package io.millwright.simulator.modbus;

import io.millwright.core.machine.DataType;
import io.millwright.core.sample.Value;
import java.nio.charset.StandardCharsets;

/**
 * Values to and from 16-bit registers: big-endian bytes in each register and the most significant
 * register first ("big" word order, the Modbus convention that most PLCs follow). Strings are
 * ASCII, NUL-padded to the tag's register count.
 */
public final class RegisterCodec {

  private RegisterCodec() {}

  /**
   * The registers for a value, each 0..65535.
   *
   * @throws IllegalArgumentException when the value is of the wrong kind or out of the type's range
   */
  public static int[] encode(DataType type, Value value) {
    return switch (type) {
      case BOOL -> throw new IllegalArgumentException("booleans are bits, not registers");
      case INT16 -> split(checkedLong(type, value, Short.MIN_VALUE, Short.MAX_VALUE), 1);
      case UINT16 -> split(checkedLong(type, value, 0, 0xFFFF), 1);
      case INT32 -> split(checkedLong(type, value, Integer.MIN_VALUE, Integer.MAX_VALUE), 2);
      case UINT32 -> split(checkedLong(type, value, 0, 0xFFFF_FFFFL), 2);
      case INT64 -> split(checkedLong(type, value, Long.MIN_VALUE, Long.MAX_VALUE), 4);
      case FLOAT32 -> split(Float.floatToIntBits((float) checkedDouble(type, value)), 2);
      case FLOAT64 -> split(Double.doubleToLongBits(checkedDouble(type, value)), 4);
      case STRING -> encodeString(value, RegisterLayout.STRING_REGISTERS);
    };
  }

  /**
   * The value held in registers.
   *
   * @throws IllegalArgumentException for a string that is not ASCII
   */
  public static Value decode(DataType type, int[] words) {
    if (words.length != RegisterLayout.width(type)) {
      throw new IllegalArgumentException(
          type.configName() + " needs " + RegisterLayout.width(type) + " registers");
    }
    long raw = join(words);
    return switch (type) {
      case BOOL -> throw new IllegalArgumentException("booleans are bits, not registers");
      case INT16 -> Value.of((long) (short) raw);
      case UINT16, UINT32, INT64 -> Value.of(raw);
      case INT32 -> Value.of((long) (int) raw);
      case FLOAT32 -> Value.of((double) Float.intBitsToFloat((int) raw));
      case FLOAT64 -> Value.of(Double.longBitsToDouble(raw));
      case STRING -> decodeString(words);
    };
  }

  private static long checkedLong(DataType type, Value value, long min, long max) {
    if (!(value instanceof Value.Int64(long v))) {
      throw new IllegalArgumentException(
          "a " + type.configName() + " register needs an integer, not " + value.kind());
    }
    if (v < min || v > max) {
      throw new IllegalArgumentException(
          v + " is out of the " + type.configName() + " range " + min + ".." + max);
    }
    return v;
  }

  private static double checkedDouble(DataType type, Value value) {
    if (!(value instanceof Value.Float64(double v))) {
      throw new IllegalArgumentException(
          "a " + type.configName() + " register needs a floating point value, not " + value.kind());
    }
    return v;
  }

  /** The low {@code count * 16} bits of {@code raw}, most significant register first. */
  private static int[] split(long raw, int count) {
    int[] words = new int[count];
    for (int i = 0; i < count; i++) {
      words[count - 1 - i] = (int) ((raw >>> (16 * i)) & 0xFFFF);
    }
    return words;
  }

  private static long join(int[] words) {
    long raw = 0;
    for (int word : words) {
      raw = (raw << 16) | (word & 0xFFFF);
    }
    return raw;
  }

  /**
   * Text longer than the registers hold is cut, and characters outside ASCII become {@code ?}: a
   * read must always answer, and the machine definition documents the fixed length.
   */
  private static int[] encodeString(Value value, int registers) {
    if (!(value instanceof Value.Text(String text))) {
      throw new IllegalArgumentException("a string register needs text, not " + value.kind());
    }
    byte[] bytes = new byte[registers * 2];
    for (int i = 0; i < Math.min(text.length(), bytes.length); i++) {
      char c = text.charAt(i);
      bytes[i] = (byte) (c < 0x80 ? c : '?');
    }
    int[] words = new int[registers];
    for (int i = 0; i < registers; i++) {
      words[i] = ((bytes[2 * i] & 0xFF) << 8) | (bytes[2 * i + 1] & 0xFF);
    }
    return words;
  }

  private static Value decodeString(int[] words) {
    byte[] bytes = new byte[words.length * 2];
    int length = 0;
    for (int word : words) {
      bytes[length++] = (byte) (word >>> 8);
      bytes[length++] = (byte) word;
    }
    int end = 0;
    while (end < bytes.length && bytes[end] != 0) {
      if (bytes[end] < 0) {
        throw new IllegalArgumentException("string registers hold a byte outside ASCII");
      }
      end++;
    }
    return Value.of(new String(bytes, 0, end, StandardCharsets.US_ASCII));
  }
}
