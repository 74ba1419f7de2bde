package io.millwright.oee.calendar;

import static io.millwright.oee.calendar.DemoPlant.ROME;
import static io.millwright.oee.calendar.DemoPlant.shift;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ShiftCalendarValidationTest {

  @Test
  void overlappingShiftsAreRefusedNamingBothShiftsAndTheWeekday() {
    List<Shift> shifts =
        List.of(
            shift("early", "05:00", "13:00", "09:00"),
            shift("late", "13:00", "21:00", "17:00"),
            shift("night", "22:00", "06:00", "02:00"));

    CalendarException e = refused(() -> calendar(shifts));

    assertThat(e.field()).isEqualTo("shifts[2]");
    assertThat(e.getMessage())
        .isEqualTo(
            "shifts[2]: \"night\" (22:00–06:00) overlaps \"early\" (05:00–13:00) on Tuesday");
  }

  @Test
  void shiftsThatOnlyTouchAreAccepted() {
    assertThatCode(() -> calendar(DemoPlant.shifts())).doesNotThrowAnyException();
  }

  @Test
  void aSundayNightShiftOverlapsMondaysEarlyShiftAcrossTheEndOfTheWeek() {
    Shift mondayEarly =
        new Shift(
            "early", LocalTime.of(5, 0), LocalTime.of(13, 0), EnumSet.of(DayOfWeek.MONDAY), null);
    Shift sundayNight =
        new Shift(
            "night", LocalTime.of(22, 0), LocalTime.of(6, 0), EnumSet.of(DayOfWeek.SUNDAY), null);

    CalendarException e = refused(() -> calendar(List.of(mondayEarly, sundayNight)));

    assertThat(e.problem())
        .isEqualTo("\"night\" (22:00–06:00) overlaps \"early\" (05:00–13:00) on Monday");
  }

  @Test
  void weekdayShiftsDoNotClashWithASaturdayShiftAtTheSameHours() {
    Shift weekdays =
        new Shift(
            "early",
            LocalTime.of(6, 0),
            LocalTime.of(14, 0),
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
            null);
    Shift saturday =
        new Shift(
            "saturday",
            LocalTime.of(6, 0),
            LocalTime.of(14, 0),
            EnumSet.of(DayOfWeek.SATURDAY),
            null);

    assertThatCode(() -> calendar(List.of(weekdays, saturday))).doesNotThrowAnyException();
  }

  @Test
  void shiftNamesMustBeUniqueAndPresent() {
    CalendarException twice =
        refused(
            () ->
                calendar(
                    List.of(
                        shift("early", "06:00", "14:00", "10:00"),
                        shift("early", "14:00", "22:00", "18:00"))));
    assertThat(twice.getMessage())
        .isEqualTo("shifts[1].name: \"early\" is already the name of shifts[0]");

    CalendarException blank = refused(() -> new Shift(" ", LocalTime.of(6, 0), LocalTime.NOON));
    assertThat(blank.field()).isEqualTo("name");
  }

  @Test
  void aCalendarNeedsAtLeastOneShift() {
    assertThat(refused(() -> calendar(List.of())).field()).isEqualTo("shifts");
  }

  @Test
  void aShiftThatEndsWhenItStartsIsRefusedAsAmbiguous() {
    CalendarException e =
        refused(() -> new Shift("all-day", LocalTime.of(6, 0), LocalTime.of(6, 0)));

    assertThat(e.getMessage())
        .isEqualTo("end: equals start 06:00: a shift of 24 h or 0 h is ambiguous");
  }

  @Test
  void aBreakOutsideItsShiftIsRefused() {
    assertThat(refused(() -> shift("early", "06:00", "14:00", "15:00")).getMessage())
        .isEqualTo("breaks[0].start: 15:00 is not inside the shift 06:00–14:00");
    // Inside the night shift's hours only when read across midnight.
    assertThatCode(() -> shift("night", "22:00", "06:00", "05:30")).doesNotThrowAnyException();
    assertThat(refused(() -> shift("night", "22:00", "06:00", "12:00")).field())
        .isEqualTo("breaks[0].start");
    assertThat(refused(() -> shift("night", "22:00", "06:00", "05:45")).getMessage())
        .isEqualTo("breaks[0].length: 30m from 05:45 runs past the shift's end 06:00");
  }

  @Test
  void overlappingBreaksOfOneShiftAreRefused() {
    List<ShiftBreak> breaks =
        List.of(
            new ShiftBreak(LocalTime.of(23, 45), Duration.ofMinutes(30)),
            new ShiftBreak(LocalTime.of(2, 0), Duration.ofMinutes(30)),
            new ShiftBreak(LocalTime.of(0, 0), Duration.ofMinutes(10)));

    CalendarException e =
        refused(() -> new Shift("night", LocalTime.of(22, 0), LocalTime.of(6, 0), breaks));

    assertThat(e.getMessage())
        .isEqualTo("breaks[2].start: the break at 00:00 overlaps breaks[0] at 23:45 for 30m");
  }

  @Test
  void aBreakMustLastSomeTime() {
    assertThat(refused(() -> new ShiftBreak(LocalTime.NOON, Duration.ZERO)).field())
        .isEqualTo("length");
  }

  @Test
  void downtimeThatDoesNotEndAfterItStartsIsRefused() {
    Instant at = Instant.parse("2025-03-04T08:00:00Z");

    CalendarException e = refused(() -> new PlannedDowntime(at, at, "planned maintenance"));

    assertThat(e.field()).isEqualTo("to");
    assertThat(e.within("downtime[2]").getMessage())
        .isEqualTo("downtime[2].to: 2025-03-04T08:00:00Z must be after from 2025-03-04T08:00:00Z");
    assertThat(
            refused(
                    () ->
                        new PlannedDowntime(
                            at, at.minusSeconds(60), "planned maintenance", Set.of("press-1")))
                .field())
        .isEqualTo("to");
  }

  private static ShiftCalendar calendar(List<Shift> shifts) {
    return new ShiftCalendar(ROME, shifts, List.of(), Set.of());
  }

  private static CalendarException refused(ThrowingCallable creation) {
    CalendarException e = catchThrowableOfType(CalendarException.class, creation);
    assertThat(e).as("refused with a CalendarException").isNotNull();
    return e;
  }
}
