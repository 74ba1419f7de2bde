package io.millwright.oee.calendar;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/** The demo plant's three-shift calendar in Rome, and Rome wall times for tests. */
final class DemoPlant {

  static final ZoneId ROME = ZoneId.of("Europe/Rome");
  static final long HOUR = Duration.ofHours(1).toMillis();
  static final long MINUTE = Duration.ofMinutes(1).toMillis();

  private DemoPlant() {}

  static List<Shift> shifts() {
    return List.of(
        shift("early", "06:00", "14:00", "10:00"),
        shift("late", "14:00", "22:00", "18:00"),
        shift("night", "22:00", "06:00", "02:00"));
  }

  static ShiftCalendar calendar() {
    return new ShiftCalendar(ROME, shifts(), List.of(), Set.of());
  }

  static ShiftCalendar calendar(List<PlannedDowntime> downtime, Set<LocalDate> holidays) {
    return new ShiftCalendar(ROME, shifts(), downtime, holidays);
  }

  static Shift shift(String name, String start, String end, String breakAt) {
    return new Shift(
        name,
        LocalTime.parse(start),
        LocalTime.parse(end),
        List.of(new ShiftBreak(LocalTime.parse(breakAt), Duration.ofMinutes(30))));
  }

  /** Epoch milliseconds of a Rome wall time; in the fall-back hour, the earlier one. */
  static long rome(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(ROME).toInstant().toEpochMilli();
  }

  static long total(List<Window> windows) {
    return windows.stream().mapToLong(Window::length).sum();
  }
}
