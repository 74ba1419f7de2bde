package io.millwright.connect.sql;

import io.millwright.connect.WriteException;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Scale;
import io.millwright.core.sample.Value;
import java.util.Locale;

/**
 * The text that goes into the command table's {@code value} column: the tag's scale undone,
 * integers rounded and range-checked, booleans as {@code true}/{@code false}, numbers in plain
 * decimal notation any SQL database casts back. Every refusal is a {@link WriteException} that says
 * why in operator words.
 */
final class CommandValue {

  private CommandValue() {}

  static String encode(SqlTag tag, Value value) {
    DataType type = tag.tag().type();
    if (value == null) {
      throw refuse(tag, "no value given");
    }
    return switch (type) {
      case BOOL -> {
        if (!(value instanceof Value.Bool b)) {
          throw kind(tag, value);
        }
        yield Boolean.toString(b.value());
      }
      case STRING -> {
        if (!(value instanceof Value.Text t)) {
          throw kind(tag, value);
        }
        yield t.value();
      }
      case FLOAT32, FLOAT64 -> {
        requireNumber(tag, value);
        double raw = tag.tag().scale().inverse(value.asDouble());
        if (!Double.isFinite(raw)
            || (type == DataType.FLOAT32 && Math.abs(raw) > Float.MAX_VALUE)) {
          throw refuse(tag, value + " is out of range for " + type.configName());
        }
        yield Double.toString(raw);
      }
      default -> Long.toString(integer(tag, value));
    };
  }

  private static long integer(SqlTag tag, Value value) {
    requireNumber(tag, value);
    Scale scale = tag.tag().scale();
    long raw;
    if (scale.isIdentity() && value instanceof Value.Int64 i) {
      // Exact: a 64-bit integer would lose precision on a trip through double.
      raw = i.value();
    } else {
      double d = scale.inverse(value.asDouble());
      // 2^63 is exactly representable; anything at or beyond it does not fit a long.
      if (!Double.isFinite(d) || d >= 0x1p63 || d < -0x1p63) {
        throw refuse(tag, value + " is out of range for " + tag.tag().type().configName());
      }
      raw = Math.round(d);
    }
    IntegerRange range = IntegerRange.of(tag.tag().type());
    if (!range.contains(raw)) {
      throw refuse(
          tag,
          value
              + (scale.isIdentity() ? "" : " (raw " + raw + ")")
              + " is out of range for "
              + tag.tag().type().configName()
              + " ("
              + range
              + ")");
    }
    return raw;
  }

  private static void requireNumber(SqlTag tag, Value value) {
    if (value.kind() != Value.Kind.LONG && value.kind() != Value.Kind.DOUBLE) {
      throw kind(tag, value);
    }
  }

  private static WriteException kind(SqlTag tag, Value value) {
    return refuse(
        tag,
        "a "
            + value.kind().name().toLowerCase(Locale.ROOT)
            + " value does not fit a "
            + tag.tag().type().configName()
            + " tag");
  }

  static WriteException refuse(SqlTag tag, String reason) {
    return new WriteException("cannot write " + tag.name() + ": " + reason);
  }
}
