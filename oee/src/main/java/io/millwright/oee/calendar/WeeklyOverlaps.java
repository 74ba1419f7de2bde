package io.millwright.oee.calendar;

import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Refuses shift patterns that overlap somewhere in the week. Each shift's starts are laid on a
 * weekly circle with their nominal length, so the Sunday night shift is checked against Monday's
 * early shift. Daylight-saving changes are left out: they move every shift alike.
 */
final class WeeklyOverlaps {

  private static final long WEEK_NANOS = 7 * Shift.DAY_NANOS;

  /** One start of shift {@code index}, in nanoseconds since Monday 00:00. */
  private record Occurrence(int index, long start, long end) {}

  private WeeklyOverlaps() {}

  static void check(List<Shift> shifts) {
    List<Occurrence> occurrences = new ArrayList<>();
    for (int i = 0; i < shifts.size(); i++) {
      Shift shift = shifts.get(i);
      for (DayOfWeek day : shift.days()) {
        long start = (day.getValue() - 1) * Shift.DAY_NANOS + shift.start().toNanoOfDay();
        long end = start + shift.lengthNanos();
        occurrences.add(new Occurrence(i, start, end));
        // A second lap of the circle, so a shift running past Sunday midnight meets Monday's.
        occurrences.add(new Occurrence(i, start + WEEK_NANOS, end + WEEK_NANOS));
      }
    }
    occurrences.sort(
        Comparator.comparingLong(Occurrence::start).thenComparingInt(Occurrence::index));
    Occurrence furthest = null;
    for (Occurrence o : occurrences) {
      if (furthest != null && o.start() < furthest.end()) {
        throw overlap(shifts, furthest, o);
      }
      if (furthest == null || o.end() > furthest.end()) {
        furthest = o;
      }
    }
  }

  /** Names the later-declared shift, as the one a planner most likely just added. */
  private static CalendarException overlap(List<Shift> shifts, Occurrence a, Occurrence b) {
    int reported = Math.max(a.index(), b.index());
    int other = Math.min(a.index(), b.index());
    DayOfWeek day = DayOfWeek.of((int) (b.start() % WEEK_NANOS / Shift.DAY_NANOS) + 1);
    return new CalendarException(
        "shifts[" + reported + "]",
        describe(shifts.get(reported))
            + " overlaps "
            + describe(shifts.get(other))
            + " on "
            + day.getDisplayName(TextStyle.FULL, Locale.ENGLISH));
  }

  private static String describe(Shift shift) {
    return "\"" + shift.name() + "\" (" + shift.span() + ")";
  }
}
