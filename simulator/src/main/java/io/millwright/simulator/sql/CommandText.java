package io.millwright.simulator.sql;

import io.millwright.core.machine.DataType;
import io.millwright.core.sample.Value;
import java.math.BigDecimal;
import java.util.Locale;

/** The value of a command row, text as the connector writes it, read back as a tag's value. */
final class CommandText {

  private CommandText() {}

  /**
   * @throws IllegalArgumentException saying what the text is not; it becomes the command's error
   */
  static Value parse(DataType type, String text) {
    String t = text.strip();
    try {
      return switch (type) {
        case BOOL ->
            switch (t.toLowerCase(Locale.ROOT)) {
              case "true", "1" -> Value.of(true);
              case "false", "0" -> Value.of(false);
              default -> throw new IllegalArgumentException("\"" + t + "\" is not true or false");
            };
        case STRING -> Value.of(text);
        case FLOAT32, FLOAT64 -> Value.of(Double.parseDouble(t));
        default -> Value.of(new BigDecimal(t).longValueExact());
      };
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "\"" + t + "\" is not a " + type.configName() + " value", e);
    }
  }
}
