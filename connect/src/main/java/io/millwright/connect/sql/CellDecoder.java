package io.millwright.connect.sql;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Value;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

/**
 * Turns what JDBC returns for one cell into a tag's value in engineering units. Lenient where the
 * meaning is unambiguous (a whole number in a NUMERIC or text column fits an int32 tag, {@code t}
 * fits a bool) and strict otherwise: a fraction, text that is not a number, NULL or a value outside
 * the tag type's range is a {@link BadCell}, never a guess.
 */
final class CellDecoder {

  private CellDecoder() {}

  static Value decode(Tag tag, Object raw) throws BadCell {
    if (raw == null) {
      throw new BadCell("Bad_NoData", "is NULL");
    }
    DataType type = tag.type();
    return switch (type) {
      case BOOL -> Value.of(bool(raw));
      case STRING -> Value.of(text(raw));
      case FLOAT32, FLOAT64 -> {
        double d = floating(raw);
        if (type == DataType.FLOAT32 && Double.isFinite(d) && Math.abs(d) > Float.MAX_VALUE) {
          throw new BadCell("Bad_OutOfRange", d + " is out of range for float32");
        }
        yield Value.of(tag.scale().apply(d));
      }
      default -> {
        long n = integer(type, raw);
        IntegerRange range = IntegerRange.of(type);
        if (!range.contains(n)) {
          throw new BadCell(
              "Bad_OutOfRange",
              n + " is out of range for " + type.configName() + " (" + range + ")");
        }
        // A scaled integer is a measurement in engineering units, delivered as a double.
        yield tag.scale().isIdentity() ? Value.of(n) : Value.of(tag.scale().apply(n));
      }
    };
  }

  private static boolean bool(Object raw) throws BadCell {
    if (raw instanceof Boolean b) {
      return b;
    }
    if (raw instanceof Number n) {
      BigDecimal d = decimal(n);
      if (d != null && d.compareTo(BigDecimal.ZERO) == 0) {
        return false;
      }
      if (d != null && d.compareTo(BigDecimal.ONE) == 0) {
        return true;
      }
      throw mismatch(raw, "a bool (0 or 1)");
    }
    if (raw instanceof String s) {
      return switch (s.strip().toLowerCase(Locale.ROOT)) {
        case "true", "t", "1" -> true;
        case "false", "f", "0" -> false;
        default -> throw mismatch(raw, "a bool (true or false)");
      };
    }
    throw mismatch(raw, "a bool");
  }

  private static String text(Object raw) throws BadCell {
    return switch (raw) {
      case String s -> s;
      case BigDecimal d -> d.toPlainString();
      case Number n -> n.toString();
      case Boolean b -> b.toString();
      case java.time.temporal.Temporal t -> t.toString();
      case java.util.Date d -> d.toInstant().toString();
      default -> throw mismatch(raw, "text");
    };
  }

  private static double floating(Object raw) throws BadCell {
    if (raw instanceof Number n) {
      return n.doubleValue();
    }
    if (raw instanceof String s) {
      String t = s.strip();
      switch (t) {
        case "NaN" -> {
          return Double.NaN;
        }
        case "Infinity" -> {
          return Double.POSITIVE_INFINITY;
        }
        case "-Infinity" -> {
          return Double.NEGATIVE_INFINITY;
        }
        default -> {
          try {
            // BigDecimal, not Double.parseDouble: that also takes "1.5d" and hexadecimal.
            return new BigDecimal(t).doubleValue();
          } catch (NumberFormatException e) {
            throw mismatch(raw, "a number");
          }
        }
      }
    }
    throw mismatch(raw, "a number");
  }

  private static long integer(DataType type, Object raw) throws BadCell {
    BigDecimal d;
    if (raw instanceof Number n) {
      d = decimal(n);
    } else if (raw instanceof String s) {
      try {
        d = new BigDecimal(s.strip());
      } catch (NumberFormatException e) {
        d = null;
      }
    } else {
      d = null;
    }
    if (d == null) {
      throw mismatch(raw, "a whole number (" + type.configName() + ")");
    }
    try {
      return d.longValueExact();
    } catch (ArithmeticException e) {
      if (d.stripTrailingZeros().scale() > 0) {
        throw mismatch(raw, "a whole number (" + type.configName() + ")");
      }
      throw new BadCell(
          "Bad_OutOfRange",
          // toString, not toPlainString: 1E+999999999 must not become a billion digits.
          abbreviate(d.toString()) + " is out of range for " + type.configName());
    }
  }

  /** The number exactly, or null for NaN and infinities. */
  private static BigDecimal decimal(Number n) {
    return switch (n) {
      case BigDecimal d -> d;
      case BigInteger i -> new BigDecimal(i);
      case Double d -> Double.isFinite(d) ? new BigDecimal(d) : null;
      case Float f -> Float.isFinite(f) ? new BigDecimal(f) : null;
      default -> BigDecimal.valueOf(n.longValue());
    };
  }

  private static BadCell mismatch(Object raw, String expected) {
    String shown =
        raw instanceof String s ? "\"" + abbreviate(s) + "\"" : abbreviate(raw.toString());
    return new BadCell("Bad_TypeMismatch", shown + " is not " + expected);
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
