package io.millwright.connect.file;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Value;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

/**
 * Converts the text of a field to a tag's value in engineering units, and a written value back to
 * the raw value a job file carries. Numbers are written with a decimal point whatever the locale;
 * booleans as {@code true}/{@code false}, {@code 1}/{@code 0} or {@code yes}/{@code no}.
 */
final class FieldValues {

  private FieldValues() {}

  /**
   * @throws IllegalArgumentException saying why the text does not fit the tag's type
   */
  static Value read(Tag tag, String text) {
    String s = text.strip();
    DataType type = tag.type();
    Value raw =
        switch (type) {
          case BOOL -> bool(s);
          case STRING -> Value.of(text);
          case FLOAT32, FLOAT64 -> Value.of(decimal(s, type));
          default -> Value.of(integer(s, type));
        };
    if (!type.isNumeric() || tag.scale().isIdentity()) {
      return raw;
    }
    // Scaled values are no longer whole, so they travel as doubles (as for every connector).
    return Value.of(tag.scale().apply(raw.asDouble()));
  }

  /**
   * The raw value of a write in engineering units, as the machine reads it back.
   *
   * @throws IllegalArgumentException when the value does not fit the tag's type
   */
  static Value raw(Tag tag, Value value) {
    DataType type = tag.type();
    if (type == DataType.STRING || type == DataType.BOOL) {
      if (value.kind() != type.kind()) {
        throw new IllegalArgumentException(
            "takes a " + type.configName() + ", not " + kindName(value));
      }
      return value;
    }
    if (value.kind() != Value.Kind.LONG && value.kind() != Value.Kind.DOUBLE) {
      throw new IllegalArgumentException(
          "takes a number (" + type.configName() + "), not " + kindName(value));
    }
    double raw = tag.scale().inverse(value.asDouble());
    if (type == DataType.FLOAT32 || type == DataType.FLOAT64) {
      return Value.of(raw);
    }
    if (!Double.isFinite(raw) || raw != Math.rint(raw)) {
      throw new IllegalArgumentException(
          "takes a whole number (" + type.configName() + "), not " + raw);
    }
    long whole =
        value.kind() == Value.Kind.LONG && tag.scale().isIdentity()
            ? ((Value.Int64) value).value()
            : (long) raw;
    return Value.of(checkRange(BigInteger.valueOf(whole), type, Long.toString(whole)));
  }

  private static Value bool(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> Value.of(true);
      case "false", "0", "no" -> Value.of(false);
      default ->
          throw new IllegalArgumentException(
              quoted(s) + " is not a bool (true/false, 1/0, yes/no)");
    };
  }

  private static double decimal(String s, DataType type) {
    switch (s) {
      case "NaN" -> {
        return Double.NaN;
      }
      case "Infinity", "+Infinity", "INF" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-Infinity", "-INF" -> {
        return Double.NEGATIVE_INFINITY;
      }
      default -> {
        return number(s, type).doubleValue();
      }
    }
  }

  private static long integer(String s, DataType type) {
    BigDecimal d = number(s, type);
    BigInteger whole;
    try {
      whole = d.toBigIntegerExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          quoted(s) + " is not a whole number (" + type.configName() + ")");
    }
    return checkRange(whole, type, s);
  }

  private static long checkRange(BigInteger whole, DataType type, String shown) {
    BigInteger min;
    BigInteger max;
    switch (type) {
      case INT16 -> {
        min = BigInteger.valueOf(Short.MIN_VALUE);
        max = BigInteger.valueOf(Short.MAX_VALUE);
      }
      case UINT16 -> {
        min = BigInteger.ZERO;
        max = BigInteger.valueOf(65_535);
      }
      case INT32 -> {
        min = BigInteger.valueOf(Integer.MIN_VALUE);
        max = BigInteger.valueOf(Integer.MAX_VALUE);
      }
      case UINT32 -> {
        min = BigInteger.ZERO;
        max = BigInteger.valueOf(4_294_967_295L);
      }
      default -> {
        min = BigInteger.valueOf(Long.MIN_VALUE);
        max = BigInteger.valueOf(Long.MAX_VALUE);
      }
    }
    if (whole.compareTo(min) < 0 || whole.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          quoted(shown)
              + " is out of the range of "
              + type.configName()
              + " ("
              + min
              + " to "
              + max
              + ")");
    }
    return whole.longValue();
  }

  private static BigDecimal number(String s, DataType type) {
    // BigDecimal rather than Double.parseDouble: no hexadecimal, no "1d" or "1f" suffixes; and a
    // limit on the exponent so that "1e999999999" cannot make toBigIntegerExact work for minutes.
    if (s.isEmpty() || s.length() > 100) {
      throw new IllegalArgumentException(
          quoted(s) + " is not a number (" + type.configName() + ")");
    }
    try {
      BigDecimal d = new BigDecimal(s);
      if (Math.abs((long) d.scale()) > 400) {
        throw new NumberFormatException("exponent out of range");
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          quoted(s) + " is not a number (" + type.configName() + ")");
    }
  }

  private static String kindName(Value value) {
    return value.kind().name().toLowerCase(Locale.ROOT) + " " + value;
  }

  private static String quoted(String s) {
    String shown = s.length() > 40 ? s.substring(0, 40) + "..." : s;
    return "\"" + shown + "\"";
  }
}
