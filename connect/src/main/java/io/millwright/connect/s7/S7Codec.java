package io.millwright.connect.s7;

import io.millwright.core.machine.DataType;
import io.millwright.core.sample.Value;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDateTime;

/**
 * Values out of the bytes of a range read, as the PLC holds them: big-endian, bits numbered from
 * the least significant, STRING as maximum length, current length and Latin-1 characters,
 * DATE_AND_TIME in BCD.
 */
final class S7Codec {

  /** The bytes do not hold a valid value of the variable's type; the reason says why. */
  static final class Unreadable extends Exception {
    Unreadable(String reason) {
      super(reason, null, false, false);
    }
  }

  private S7Codec() {}

  /**
   * The variable's value, in the tag's kind, before the tag's scale.
   *
   * @param at where the variable's first byte is in {@code data}
   */
  static Value decode(S7Variable v, byte[] data, int at) throws Unreadable {
    DataType type = v.dataType();
    return switch (v.type()) {
      case BOOL -> Value.of(((data[at] >> v.bit()) & 1) != 0);
      case BYTE, USINT, CHAR ->
          v.type() == S7Type.CHAR
              ? Value.of(String.valueOf((char) (data[at] & 0xff)))
              : S7Type.number(type, data[at] & 0xff);
      case SINT -> S7Type.number(type, data[at]);
      case WORD, UINT, DATE -> S7Type.number(type, unsigned(data, at, 2));
      case INT -> S7Type.number(type, (short) unsigned(data, at, 2));
      case DWORD, UDINT, TIME_OF_DAY -> S7Type.number(type, unsigned(data, at, 4));
      case DINT, TIME -> S7Type.number(type, (int) unsigned(data, at, 4));
      case LWORD, ULINT -> unsigned64(type, unsigned(data, at, 8));
      case LINT -> S7Type.number(type, unsigned(data, at, 8));
      case REAL -> Value.of((double) Float.intBitsToFloat((int) unsigned(data, at, 4)));
      case LREAL -> Value.of(Double.longBitsToDouble(unsigned(data, at, 8)));
      case STRING -> Value.of(string(v, data, at));
      case DATE_AND_TIME -> Value.of(dateAndTime(data, at).toString());
    };
  }

  private static long unsigned(byte[] data, int at, int bytes) {
    long value = 0;
    for (int i = 0; i < bytes; i++) {
      value = (value << 8) | (data[at + i] & 0xff);
    }
    return value;
  }

  private static Value unsigned64(DataType type, long raw) throws Unreadable {
    if (type.kind() == Value.Kind.DOUBLE) {
      // Above 2^63 the long is negative; as a double it is the unsigned value.
      return Value.of(raw >= 0 ? (double) raw : (double) (raw >>> 1) * 2.0 + (raw & 1));
    }
    if (raw < 0) {
      throw new Unreadable("Bad_OutOfRange: " + Long.toUnsignedString(raw) + " exceeds int64");
    }
    return Value.of(raw);
  }

  private static String string(S7Variable v, byte[] data, int at) throws Unreadable {
    int max = data[at] & 0xff;
    int length = data[at + 1] & 0xff;
    int room = v.size() - 2;
    if (length > max || length > room) {
      throw new Unreadable(
          "Bad_DataEncodingInvalid: STRING at "
              + v.where()
              + " says "
              + length
              + " characters, more than its "
              + Math.min(max, room));
    }
    return new String(data, at + 2, length, StandardCharsets.ISO_8859_1);
  }

  private static LocalDateTime dateAndTime(byte[] data, int at) throws Unreadable {
    int yy = bcd(data[at]);
    int year = yy >= 90 ? 1900 + yy : 2000 + yy;
    int month = bcd(data[at + 1]);
    int day = bcd(data[at + 2]);
    int hour = bcd(data[at + 3]);
    int minute = bcd(data[at + 4]);
    int second = bcd(data[at + 5]);
    int high = bcd(data[at + 6]);
    int low = (data[at + 7] >> 4) & 0x0f;
    if (low > 9) {
      throw new Unreadable("Bad_DataEncodingInvalid: DATE_AND_TIME milliseconds are not BCD");
    }
    try {
      return LocalDateTime.of(
          year, month, day, hour, minute, second, (high * 10 + low) * 1_000_000);
    } catch (DateTimeException e) {
      throw new Unreadable("Bad_DataEncodingInvalid: DATE_AND_TIME " + e.getMessage());
    }
  }

  private static int bcd(byte b) throws Unreadable {
    int high = (b >> 4) & 0x0f;
    int low = b & 0x0f;
    if (high > 9 || low > 9) {
      throw new Unreadable(
          "Bad_DataEncodingInvalid: DATE_AND_TIME byte "
              + String.format("%02x", b)
              + " is not BCD");
    }
    return high * 10 + low;
  }
}
