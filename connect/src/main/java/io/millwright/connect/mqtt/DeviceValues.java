package io.millwright.connect.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import io.millwright.core.machine.DataType;
import io.millwright.core.sample.Value;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns what a device sent for one tag into a value of the tag's data type, or says why it cannot:
 * a plain payload as UTF-8 text, or one field of a JSON payload. Strict where a guess would hide a
 * fault: a fraction is not an integer, a JSON string is not a number.
 *
 * <p>Plain text forms: bool accepts {@code true}/{@code false}, {@code 1}/{@code 0} and {@code
 * on}/{@code off} in any case; integers accept whole decimal numbers ({@code 42}, {@code 42.0},
 * {@code 4.2e1}); floats accept JSON numbers and {@code NaN}, {@code Infinity}, {@code -Infinity};
 * numbers and bools may have surrounding white space; a string is the whole payload unchanged.
 *
 * <p>JSON forms: bool accepts {@code true}/{@code false} and the numbers 0 and 1; numeric tags
 * accept JSON numbers; a string tag accepts a string, or a number or bool as its JSON text; {@code
 * null} or a missing field is no data.
 */
final class DeviceValues {

  /** JSON's number grammar (RFC 8259 section 6): no leading +, no leading zeros, no hex. */
  private static final Pattern NUMBER =
      Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

  /**
   * Digits before the decimal point beyond which no 64-bit integer fits; checked before exact
   * conversion, as {@code 1e999999999} would otherwise be expanded digit by digit.
   */
  private static final int MAX_INTEGER_DIGITS = 19;

  private DeviceValues() {}

  static Reading fromText(String text, DataType type) {
    if (type == DataType.STRING) {
      return Reading.good(Value.of(text));
    }
    String t = text.strip();
    return switch (type.kind()) {
      case BOOLEAN -> bool(t);
      case LONG -> integer(t, type);
      case DOUBLE -> floating(t);
      case STRING -> throw new AssertionError("strings are returned above");
    };
  }

  static Reading fromJson(JsonNode node, DataType type) {
    if (node == null || node.isMissingNode()) {
      return Reading.noData("the field is missing");
    }
    if (node.isNull()) {
      return Reading.noData("the field is null");
    }
    return switch (type.kind()) {
      case BOOLEAN -> {
        if (node.isBoolean()) {
          yield Reading.good(Value.of(node.booleanValue()));
        }
        if (node.isIntegralNumber()
            && node.canConvertToLong()
            && (node.asLong() == 0 || node.asLong() == 1)) {
          yield Reading.good(Value.of(node.asLong() == 1));
        }
        yield Reading.typeMismatch(shown(node) + " is not a bool (true, false, 0 or 1)");
      }
      case LONG -> {
        if (!node.isNumber()) {
          yield Reading.typeMismatch(shown(node) + " is not a number");
        }
        // Jackson reads 1e400 as an infinite double, which has no decimal form.
        if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
          yield Reading.outOfRange(shown(node) + " is out of range for " + type.configName());
        }
        yield integer(node.decimalValue(), shown(node), type);
      }
      case DOUBLE ->
          node.isNumber()
              ? Reading.good(Value.of(node.doubleValue()))
              : Reading.typeMismatch(shown(node) + " is not a number");
      case STRING ->
          node.isValueNode()
              ? Reading.good(Value.of(node.asText()))
              : Reading.typeMismatch(
                  "an " + (node.isArray() ? "array" : "object") + " is not a string");
    };
  }

  private static Reading bool(String t) {
    return switch (t.toLowerCase(Locale.ROOT)) {
      case "true", "1", "on" -> Reading.good(Value.of(true));
      case "false", "0", "off" -> Reading.good(Value.of(false));
      default -> Reading.typeMismatch(quoted(t) + " is not a bool (true/false, 1/0 or on/off)");
    };
  }

  private static Reading integer(String t, DataType type) {
    if (!NUMBER.matcher(t).matches()) {
      return Reading.typeMismatch(quoted(t) + " is not a number");
    }
    return integer(new BigDecimal(t), quoted(t), type);
  }

  private static Reading integer(BigDecimal number, String shown, DataType type) {
    if (number.signum() != 0 && number.precision() - number.scale() > MAX_INTEGER_DIGITS) {
      return Reading.outOfRange(shown + " is out of range for " + type.configName());
    }
    BigDecimal whole = number.stripTrailingZeros();
    if (whole.scale() > 0) {
      return Reading.typeMismatch(
          shown + " has a fraction, and " + type.configName() + " holds whole numbers");
    }
    long min = min(type);
    long max = max(type);
    if (whole.compareTo(BigDecimal.valueOf(min)) < 0
        || whole.compareTo(BigDecimal.valueOf(max)) > 0) {
      return Reading.outOfRange(
          shown + " is out of range for " + type.configName() + " (" + min + " to " + max + ")");
    }
    return Reading.good(Value.of(whole.longValueExact()));
  }

  private static Reading floating(String t) {
    return switch (t) {
      case "NaN" -> Reading.good(Value.of(Double.NaN));
      case "Infinity" -> Reading.good(Value.of(Double.POSITIVE_INFINITY));
      case "-Infinity" -> Reading.good(Value.of(Double.NEGATIVE_INFINITY));
      default ->
          NUMBER.matcher(t).matches()
              ? Reading.good(Value.of(Double.parseDouble(t)))
              : Reading.typeMismatch(quoted(t) + " is not a number");
    };
  }

  static long min(DataType type) {
    return switch (type) {
      case INT16 -> Short.MIN_VALUE;
      case INT32 -> Integer.MIN_VALUE;
      case UINT16, UINT32 -> 0;
      default -> Long.MIN_VALUE;
    };
  }

  static long max(DataType type) {
    return switch (type) {
      case INT16 -> Short.MAX_VALUE;
      case UINT16 -> 0xFFFF;
      case INT32 -> Integer.MAX_VALUE;
      case UINT32 -> 0xFFFF_FFFFL;
      default -> Long.MAX_VALUE;
    };
  }

  /** Enough of a value to recognise it in an error message, never a whole payload. */
  static String quoted(String text) {
    String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
    return "\"" + shown + "\"";
  }

  private static String shown(JsonNode node) {
    String json =
        node.isContainerNode() ? (node.isArray() ? "an array" : "an object") : node.toString();
    return json.length() > 40 ? json.substring(0, 40) + "..." : json;
  }
}
