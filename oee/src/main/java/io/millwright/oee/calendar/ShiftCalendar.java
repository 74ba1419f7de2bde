package io.millwright.oee.calendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * When the site plans to produce: weekly shift patterns in the site's zone, less holidays, breaks
 * and planned downtime. Immutable and safe to share between threads. Queries take and return epoch
 * milliseconds, ranges being {@code [from, to)}; they compute from the patterns each time, which
 * costs a few {@link java.time.ZonedDateTime} resolutions per day of the range.
 */
public final class ShiftCalendar {

  /** The name of the one shift per day of a calendar that plans every hour. */
  public static final String ALWAYS_SHIFT = "day";

  /** How far {@link #currentOrLast} looks back: further than any weekly pattern leaves idle. */
  public static final Duration LOOK_BACK = Duration.ofDays(8);

  private static final Comparator<ShiftInstance> BY_START =
      Comparator.comparingLong(ShiftInstance::startMillis);

  private final ZoneId zone;
  private final List<Shift> shiftPatterns;
  private final List<PlannedDowntime> plannedDowntime;
  private final Set<LocalDate> holidays;
  private final boolean always;
  private final DowntimeIndex downtimeIndex;

  /**
   * @param shifts at least one, names unique, not overlapping anywhere in the week
   * @param downtime {@code null} for none
   * @param holidays local dates on which no shift starts; {@code null} for none
   * @throws CalendarException naming the offending field, e.g. {@code shifts[2]}
   */
  public ShiftCalendar(
      ZoneId zone, List<Shift> shifts, List<PlannedDowntime> downtime, Set<LocalDate> holidays) {
    this(zone, checkShifts(shifts), downtime, holidays, false);
  }

  private ShiftCalendar(
      ZoneId zone,
      List<Shift> shifts,
      List<PlannedDowntime> downtime,
      Set<LocalDate> holidays,
      boolean always) {
    if (zone == null) {
      throw new CalendarException("zone", "is missing, e.g. Europe/Rome");
    }
    this.zone = zone;
    this.shiftPatterns = shifts;
    this.plannedDowntime = checkDowntime(downtime);
    this.holidays =
        Collections.unmodifiableSet(holidays == null ? new TreeSet<>() : new TreeSet<>(holidays));
    this.always = always;
    this.downtimeIndex = new DowntimeIndex(plannedDowntime);
  }

  /** Every hour planned, for sites that configure no shifts. */
  public static ShiftCalendar always(ZoneId zone) {
    return always(zone, List.of());
  }

  /** Every hour planned except the planned downtime. */
  public static ShiftCalendar always(ZoneId zone, List<PlannedDowntime> downtime) {
    return new ShiftCalendar(zone, List.of(), downtime, Set.of(), true);
  }

  private static List<Shift> checkShifts(List<Shift> shifts) {
    if (shifts == null || shifts.isEmpty()) {
      throw new CalendarException(
          "shifts", "at least one shift is needed; a site without shifts plans every hour");
    }
    Map<String, Integer> names = new HashMap<>();
    for (int i = 0; i < shifts.size(); i++) {
      Shift shift = shifts.get(i);
      if (shift == null) {
        throw new CalendarException("shifts[" + i + "]", "is missing");
      }
      Integer first = names.putIfAbsent(shift.name(), i);
      if (first != null) {
        throw new CalendarException(
            "shifts[" + i + "].name",
            "\"" + shift.name() + "\" is already the name of shifts[" + first + "]");
      }
    }
    List<Shift> copy = List.copyOf(shifts);
    WeeklyOverlaps.check(copy);
    return copy;
  }

  private static List<PlannedDowntime> checkDowntime(List<PlannedDowntime> downtime) {
    if (downtime == null) {
      return List.of();
    }
    for (int i = 0; i < downtime.size(); i++) {
      if (downtime.get(i) == null) {
        throw new CalendarException("downtime[" + i + "]", "is missing");
      }
    }
    return List.copyOf(downtime);
  }

  public ZoneId zone() {
    return zone;
  }

  /** The weekly patterns as configured; empty for a calendar that plans every hour. */
  public List<Shift> shiftPatterns() {
    return shiftPatterns;
  }

  public List<PlannedDowntime> plannedDowntime() {
    return plannedDowntime;
  }

  public Set<LocalDate> holidays() {
    return holidays;
  }

  /** True for {@link #always}: one shift per local day, named {@value #ALWAYS_SHIFT}. */
  public boolean isAlways() {
    return always;
  }

  /**
   * Every shift instance overlapping {@code [fromMillis, toMillis)}, in order of start, including
   * one that started before {@code fromMillis}. Shifts starting on a holiday are not planned and
   * not listed.
   */
  public List<ShiftInstance> shifts(long fromMillis, long toMillis) {
    checkRange(fromMillis, toMillis);
    if (fromMillis == toMillis) {
      return List.of();
    }
    List<ShiftInstance> found = new ArrayList<>();
    // A shift is under 24 h nominal and a daylight-saving change adds at most a few hours, so one
    // that reaches fromMillis started at most two local days earlier.
    LocalDate last = localDate(toMillis);
    for (LocalDate day = localDate(fromMillis).minusDays(2);
        !day.isAfter(last);
        day = day.plusDays(1)) {
      for (ShiftInstance instance : startingOn(day)) {
        if (instance.startMillis() < toMillis && instance.endMillis() > fromMillis) {
          found.add(instance);
        }
      }
    }
    found.sort(BY_START);
    return Collections.unmodifiableList(found);
  }

  /** The shift running at {@code millis}: start inclusive, end exclusive. */
  public Optional<ShiftInstance> shiftAt(long millis) {
    return shifts(millis, millis + 1).stream().findFirst();
  }

  /**
   * The shift running at {@code millis}, or else the last one that ended before it within {@link
   * #LOOK_BACK}, so live figures between shifts still show the shift just finished.
   */
  public Optional<ShiftInstance> currentOrLast(long millis) {
    Optional<ShiftInstance> current = shiftAt(millis);
    if (current.isPresent()) {
      return current;
    }
    return shifts(millis - LOOK_BACK.toMillis(), millis).stream()
        .max(Comparator.comparingLong(ShiftInstance::endMillis));
  }

  /**
   * The planned production windows of {@code machineId} inside {@code [fromMillis, toMillis)}:
   * shifts less their breaks, less the planned downtime for that machine or the whole site. In
   * order, disjoint, never touching, never empty.
   */
  public List<Window> scheduled(String machineId, long fromMillis, long toMillis) {
    Objects.requireNonNull(machineId, "machineId");
    List<Window> working = new ArrayList<>();
    for (ShiftInstance shift : shifts(fromMillis, toMillis)) {
      Window inRange =
          new Window(
              Math.max(shift.startMillis(), fromMillis), Math.min(shift.endMillis(), toMillis));
      working.addAll(Windows.subtract(List.of(inRange), shift.breaks()));
    }
    working.sort(Comparator.comparingLong(Window::startMillis));
    return Collections.unmodifiableList(
        Windows.subtract(
            Windows.merge(working), downtimeIndex.applying(machineId, fromMillis, toMillis)));
  }

  private List<ShiftInstance> startingOn(LocalDate day) {
    if (holidays.contains(day)) {
      return List.of();
    }
    if (always) {
      long start = day.atStartOfDay(zone).toInstant().toEpochMilli();
      long end = day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
      return List.of(new ShiftInstance(ALWAYS_SHIFT, day, start, end, List.of()));
    }
    List<ShiftInstance> starting = new ArrayList<>(shiftPatterns.size());
    for (Shift shift : shiftPatterns) {
      if (shift.days().contains(day.getDayOfWeek())) {
        shift.on(day, zone).ifPresent(starting::add);
      }
    }
    return starting;
  }

  private LocalDate localDate(long millis) {
    return LocalDate.ofInstant(Instant.ofEpochMilli(millis), zone);
  }

  private static void checkRange(long fromMillis, long toMillis) {
    if (fromMillis > toMillis) {
      throw new IllegalArgumentException(
          "a range must not end before it starts: [" + fromMillis + ", " + toMillis + ")");
    }
  }
}
