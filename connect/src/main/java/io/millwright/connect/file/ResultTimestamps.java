package io.millwright.connect.file;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads the time of a result from the field named by option {@code timestampField}: epoch
 * milliseconds, or ISO-8601 with a zone ({@code 2026-11-23T08:15:00Z}, {@code
 * 2026-11-23T09:15:00+01:00}; a space instead of the {@code T} is accepted). A local time without
 * an offset is refused: which zone it meant is a guess, and a guessed hour shifts every result.
 */
final class ResultTimestamps {

  private ResultTimestamps() {}

  /**
   * @return epoch milliseconds
   * @throws IllegalArgumentException saying which forms are accepted
   */
  static long parse(String text) {
    String s = text.strip();
    if (!s.isEmpty() && s.length() <= 19 && s.chars().allMatch(Character::isDigit)) {
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        throw invalid(s);
      }
    }
    String iso = s.length() > 10 && s.charAt(10) == ' ' ? s.replaceFirst(" ", "T") : s;
    try {
      return OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .toInstant()
          .toEpochMilli();
    } catch (DateTimeParseException | ArithmeticException e) {
      try {
        return Instant.parse(iso).toEpochMilli();
      } catch (DateTimeParseException | ArithmeticException e2) {
        throw invalid(s);
      }
    }
  }

  private static IllegalArgumentException invalid(String s) {
    String shown = s.length() > 40 ? s.substring(0, 40) + "..." : s;
    return new IllegalArgumentException(
        "\""
            + shown
            + "\" is not a time: write epoch milliseconds or ISO-8601 with a zone,"
            + " e.g. 2026-11-23T08:15:00Z");
  }
}
