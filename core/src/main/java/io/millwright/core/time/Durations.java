package io.millwright.core.time;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Durations as plant engineers write them in configuration: {@code 500ms}, {@code 10s}, {@code 5m},
 * {@code 2h}, {@code 1d}, or ISO-8601 ({@code PT0.5S}). A bare number is refused because its unit
 * would be a guess, and guessing seconds against milliseconds is a classic source of wrong polling
 * rates.
 */
public final class Durations {

  private Durations() {}

  /**
   * @throws IllegalArgumentException with a message that shows the accepted forms
   */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("a duration is missing; write e.g. 500ms, 10s, 5m or 2h");
    }
    String s = text.strip();
    if (s.startsWith("P") || s.startsWith("p")) {
      try {
        return Duration.parse(s.toUpperCase());
      } catch (DateTimeParseException e) {
        throw invalid(text);
      }
    }
    int unitStart = 0;
    while (unitStart < s.length()
        && (Character.isDigit(s.charAt(unitStart)) || s.charAt(unitStart) == '.')) {
      unitStart++;
    }
    if (unitStart == 0) {
      throw invalid(text);
    }
    String unit = s.substring(unitStart).strip();
    if (unit.isEmpty()) {
      throw new IllegalArgumentException(
          "duration \"" + text + "\" has no unit; write e.g. " + s + "ms or " + s + "s");
    }
    double amount;
    try {
      amount = Double.parseDouble(s.substring(0, unitStart));
    } catch (NumberFormatException e) {
      throw invalid(text);
    }
    double nanosPerUnit =
        switch (unit) {
          case "ns" -> 1;
          case "us" -> 1e3;
          case "ms" -> 1e6;
          case "s" -> 1e9;
          case "m", "min" -> 60e9;
          case "h" -> 3600e9;
          case "d" -> 86400e9;
          default -> throw invalid(text);
        };
    double nanos = amount * nanosPerUnit;
    if (!(nanos < Long.MAX_VALUE)) {
      throw new IllegalArgumentException("duration \"" + text + "\" is too long");
    }
    return Duration.ofNanos(Math.round(nanos));
  }

  /** The shortest exact form, for messages and round trips: 500ms, 10s, 5m, 2h. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (d.toNanos() % 1_000_000 != 0) {
      return d.toString();
    }
    if (ms % 3_600_000 == 0 && ms != 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0 && ms != 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "duration \"" + text + "\" is not understood; write e.g. 500ms, 10s, 5m, 2h, 1d or PT0.5S");
  }
}
