package io.millwright.connect.s7;

import io.millwright.connect.WriteException;
import io.millwright.core.machine.Scale;
import io.millwright.core.sample.Value;
import java.nio.charset.StandardCharsets;

/** A tag's value in engineering units as the Java value PLC4X encodes for the variable's type. */
final class S7Writes {

  private S7Writes() {}

  static Object plcValue(S7Variable v, Value value) {
    S7Type type = v.type();
    switch (type.family()) {
      case BIT -> {
        if (!(value instanceof Value.Bool b)) {
          throw refuse(v, "needs a boolean, not " + value.kind().name().toLowerCase());
        }
        return b.value();
      }
      case TEXT -> {
        if (!(value instanceof Value.Text t)) {
          throw refuse(v, "needs text, not " + value.kind().name().toLowerCase());
        }
        String text = t.value();
        int room = type == S7Type.CHAR ? 1 : v.size() - 2;
        if (text.length() > room || (type == S7Type.CHAR && text.length() != 1)) {
          throw refuse(
              v, "holds " + room + " characters, and \"" + text + "\" has " + text.length());
        }
        if (!StandardCharsets.ISO_8859_1.newEncoder().canEncode(text)) {
          throw refuse(v, "holds Latin-1 characters only");
        }
        return text;
      }
      default -> {
        if (value.kind() != Value.Kind.LONG && value.kind() != Value.Kind.DOUBLE) {
          throw refuse(v, "needs a number, not " + value.kind().name().toLowerCase());
        }
        double raw = inverse(v.tag().scale(), value.asDouble());
        if (!Double.isFinite(raw)) {
          throw refuse(v, "needs a finite number");
        }
        if (type == S7Type.REAL) {
          if (Math.abs(raw) > Float.MAX_VALUE) {
            throw refuse(v, raw + " is out of range for a REAL");
          }
          return (float) raw;
        }
        if (type == S7Type.LREAL) {
          return raw;
        }
        long whole = Math.round(raw);
        if (whole < type.min() || whole > type.max() || Math.abs(raw) >= 9.2e18) {
          throw refuse(
              v, raw + " is out of range " + type.min() + ".." + type.max() + " of a " + type);
        }
        return switch (type) {
          case BYTE, USINT, SINT, INT -> (short) whole;
          case WORD, UINT, DINT -> (int) whole;
          default -> whole;
        };
      }
    }
  }

  private static double inverse(Scale scale, double engineering) {
    return scale.isIdentity() ? engineering : scale.inverse(engineering);
  }

  private static WriteException refuse(S7Variable v, String problem) {
    return new WriteException("cannot write " + v.name() + ": " + v.where() + " " + problem);
  }
}
