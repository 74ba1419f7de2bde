package io.millwright.oee.calendar;

import io.millwright.core.time.Durations;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A weekly shift pattern, e.g. "early" 06:00–14:00 with a 30 min break at 10:00.
 *
 * @param start local wall time the shift starts
 * @param end local wall time the shift ends; at or before {@code start} means the shift crosses
 *     midnight (22:00–06:00). Equal to {@code start} is refused, since it could mean 24 h or 0 h.
 * @param days the weekdays on which the shift starts; {@code null} means every day
 * @param breaks planned pauses inside the shift, not overlapping each other; {@code null} means
 *     none
 */
public record Shift(
    String name, LocalTime start, LocalTime end, Set<DayOfWeek> days, List<ShiftBreak> breaks) {

  static final long DAY_NANOS = Duration.ofDays(1).toNanos();

  public Shift {
    if (name == null || name.isBlank()) {
      throw new CalendarException("name", "is missing; name the shift, e.g. early");
    }
    name = name.strip();
    if (start == null) {
      throw new CalendarException("start", "is missing");
    }
    if (end == null) {
      throw new CalendarException("end", "is missing");
    }
    if (end.equals(start)) {
      throw new CalendarException(
          "end", "equals start " + start + ": a shift of 24 h or 0 h is ambiguous");
    }
    if (days != null && days.isEmpty()) {
      throw new CalendarException(
          "days", "is empty, so the shift would never start; leave it out for every day");
    }
    days =
        Collections.unmodifiableSet(
            days == null ? EnumSet.allOf(DayOfWeek.class) : EnumSet.copyOf(days));
    breaks = breaks == null ? List.of() : List.copyOf(breaks);
    checkBreaks(start, end, breaks);
  }

  /** A shift on every day of the week without breaks. */
  public Shift(String name, LocalTime start, LocalTime end) {
    this(name, start, end, null, null);
  }

  /** A shift on every day of the week. */
  public Shift(String name, LocalTime start, LocalTime end, List<ShiftBreak> breaks) {
    this(name, start, end, null, breaks);
  }

  public boolean crossesMidnight() {
    return !end.isAfter(start);
  }

  /** The length on a day without a daylight-saving change. */
  public Duration nominalLength() {
    return Duration.ofNanos(lengthNanos());
  }

  long lengthNanos() {
    // end == start is refused, so the offset is never a whole day.
    return offsetNanos(start, end);
  }

  /** {@code 22:00–06:00}, as messages show a shift. */
  String span() {
    return start + "–" + end;
  }

  /**
   * The shift as it happens when it starts on {@code day}: local times resolved like {@link
   * ZonedDateTime#of}, so a time in a spring-forward gap moves forward by the gap and a time in a
   * fall-back overlap takes the earlier offset. Empty when that squeezes the shift to nothing (e.g.
   * 02:30–03:00 on the spring-forward night, whose 02:30 becomes 03:30).
   */
  Optional<ShiftInstance> on(LocalDate day, ZoneId zone) {
    long startMillis = epochMillis(day, start, zone);
    long endMillis = epochMillis(crossesMidnight() ? day.plusDays(1) : day, end, zone);
    if (endMillis <= startMillis) {
      return Optional.empty();
    }
    List<Window> resolved = new ArrayList<>(breaks.size());
    for (ShiftBreak b : breaks) {
      boolean afterMidnight = start.toNanoOfDay() + offsetNanos(start, b.start()) >= DAY_NANOS;
      long breakStart = epochMillis(afterMidnight ? day.plusDays(1) : day, b.start(), zone);
      // Gap and overlap rules can push a break near the shift's edge out of it; only the part
      // inside the shift is a pause of this shift.
      long from = Math.max(startMillis, breakStart);
      long to = Math.min(endMillis, breakStart + b.length().toMillis());
      if (from < to) {
        resolved.add(new Window(from, to));
      }
    }
    resolved.sort(Comparator.comparingLong(Window::startMillis));
    return Optional.of(new ShiftInstance(name, day, startMillis, endMillis, resolved));
  }

  private static long epochMillis(LocalDate day, LocalTime time, ZoneId zone) {
    return ZonedDateTime.of(day, time, zone).toInstant().toEpochMilli();
  }

  /** How far after {@code start} the wall time {@code time} comes, going forward past midnight. */
  static long offsetNanos(LocalTime start, LocalTime time) {
    return Math.floorMod(time.toNanoOfDay() - start.toNanoOfDay(), DAY_NANOS);
  }

  private static void checkBreaks(LocalTime start, LocalTime end, List<ShiftBreak> breaks) {
    long shiftLength = offsetNanos(start, end);
    long[] offset = new long[breaks.size()];
    for (int i = 0; i < breaks.size(); i++) {
      ShiftBreak b = breaks.get(i);
      offset[i] = offsetNanos(start, b.start());
      if (offset[i] >= shiftLength) {
        throw new CalendarException(
            "breaks[" + i + "].start", b.start() + " is not inside the shift " + start + "–" + end);
      }
      if (offset[i] + b.length().toNanos() > shiftLength) {
        throw new CalendarException(
            "breaks[" + i + "].length",
            Durations.format(b.length())
                + " from "
                + b.start()
                + " runs past the shift's end "
                + end);
      }
    }
    List<Integer> byStart = new ArrayList<>();
    for (int i = 0; i < breaks.size(); i++) {
      byStart.add(i);
    }
    byStart.sort(Comparator.comparingLong(i -> offset[i]));
    for (int k = 1; k < byStart.size(); k++) {
      int earlier = byStart.get(k - 1);
      int later = byStart.get(k);
      if (offset[later] < offset[earlier] + breaks.get(earlier).length().toNanos()) {
        int reported = Math.max(earlier, later);
        int other = Math.min(earlier, later);
        throw new CalendarException(
            "breaks[" + reported + "].start",
            "the break at "
                + breaks.get(reported).start()
                + " overlaps breaks["
                + other
                + "] at "
                + breaks.get(other).start()
                + " for "
                + Durations.format(breaks.get(other).length()));
      }
    }
  }
}
