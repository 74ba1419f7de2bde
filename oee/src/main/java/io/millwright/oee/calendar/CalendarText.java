package io.millwright.oee.calendar;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;

/**
 * How a calendar's weekdays and instants are written, the same in the configuration file and in a
 * Kubernetes Site, so both accept and refuse the same text.
 */
public final class CalendarText {

  private CalendarText() {}

  /**
   * A weekday: {@code mon} or {@code monday}, any case.
   *
   * @throws IllegalArgumentException saying how to write one
   */
  public static DayOfWeek weekday(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    for (DayOfWeek d : DayOfWeek.values()) {
      String name = d.name().toLowerCase(Locale.ROOT);
      if (t.equals(name) || t.equals(name.substring(0, 3))) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "\"" + text + "\" is not a weekday; write mon, tue, ... sun");
  }

  /**
   * An instant with its offset, {@code 2025-08-04T06:00:00+02:00}: a local time would be ambiguous
   * twice a year.
   *
   * @throws IllegalArgumentException saying how to write one
   */
  public static Instant instant(String text) {
    try {
      return OffsetDateTime.parse(text.strip()).toInstant();
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a time with an offset; write e.g. 2025-08-04T06:00:00+02:00");
    }
  }
}
