package io.millwright.oee.calendar;

import io.millwright.core.time.Durations;
import java.time.Duration;
import java.time.LocalTime;

/**
 * A planned pause inside a shift, e.g. the 30 min meal break at 10:00. Its shift checks that it
 * lies inside the shift.
 *
 * @param start local wall time in the site's zone
 * @param length elapsed time, so a break over a daylight-saving change still lasts {@code length}
 */
public record ShiftBreak(LocalTime start, Duration length) {

  public ShiftBreak {
    if (start == null) {
      throw new CalendarException("start", "is missing");
    }
    if (length == null || length.isNegative() || length.isZero()) {
      throw new CalendarException(
          "length",
          "must be longer than zero, e.g. 30m, not " + (length == null ? "missing" : length));
    }
    if (length.compareTo(Duration.ofDays(1)) >= 0) {
      throw new CalendarException(
          "length", "must be shorter than a day, not " + Durations.format(length));
    }
  }
}
