package io.millwright.oee.calendar;

import static io.millwright.oee.calendar.DemoPlant.HOUR;
import static io.millwright.oee.calendar.DemoPlant.MINUTE;
import static io.millwright.oee.calendar.DemoPlant.ROME;
import static io.millwright.oee.calendar.DemoPlant.rome;
import static io.millwright.oee.calendar.DemoPlant.total;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ShiftCalendarTest {

  private final ShiftCalendar demo = DemoPlant.calendar();

  @Test
  void anOrdinaryDayPlansTwentyTwoAndAHalfHours() {
    List<Window> windows =
        demo.scheduled("press-1", rome("2025-03-04T00:00"), rome("2025-03-05T00:00"));

    assertThat(total(windows)).isEqualTo(22 * HOUR + 30 * MINUTE);
    // Shift changes touch, so only the breaks split the day.
    assertThat(windows)
        .containsExactly(
            new Window(rome("2025-03-04T00:00"), rome("2025-03-04T02:00")),
            new Window(rome("2025-03-04T02:30"), rome("2025-03-04T10:00")),
            new Window(rome("2025-03-04T10:30"), rome("2025-03-04T18:00")),
            new Window(rome("2025-03-04T18:30"), rome("2025-03-05T00:00")));
  }

  @Test
  void theSpringForwardNightShiftLastsSevenHoursWithItsBreakAtThree() {
    ShiftInstance night = demo.shiftAt(rome("2025-03-29T23:00")).orElseThrow();

    assertThat(night.id()).isEqualTo("2025-03-29/night");
    assertThat(night.endMillis() - night.startMillis()).isEqualTo(7 * HOUR);
    Window pause = night.breaks().getFirst();
    assertThat(Instant.ofEpochMilli(pause.startMillis()))
        .isEqualTo(Instant.parse("2025-03-30T01:00:00Z"));
    assertThat(Instant.ofEpochMilli(pause.startMillis()).atZone(ROME).toLocalTime())
        .isEqualTo(LocalTime.of(3, 0));
    assertThat(pause.length()).isEqualTo(30 * MINUTE);
    assertThat(total(demo.scheduled("press-1", night.startMillis(), night.endMillis())))
        .isEqualTo(6 * HOUR + 30 * MINUTE);
  }

  @Test
  void theFallBackNightShiftLastsNineHours() {
    ShiftInstance night = demo.shiftAt(rome("2025-10-25T23:00")).orElseThrow();

    assertThat(night.id()).isEqualTo("2025-10-25/night");
    assertThat(night.endMillis() - night.startMillis()).isEqualTo(9 * HOUR);
    assertThat(night.endMillis()).isEqualTo(rome("2025-10-26T06:00"));
  }

  @Test
  void shiftsIncludeTheNightShiftThatStartedBeforeTheRange() {
    List<ShiftInstance> shifts = demo.shifts(rome("2025-03-04T03:00"), rome("2025-03-04T15:00"));

    assertThat(shifts)
        .extracting(ShiftInstance::id)
        .containsExactly("2025-03-03/night", "2025-03-04/early", "2025-03-04/late");
    assertThat(shifts.getFirst().startMillis()).isEqualTo(rome("2025-03-03T22:00"));
  }

  @Test
  void aShiftStartsInclusiveAndEndsExclusive() {
    assertThat(demo.shiftAt(rome("2025-03-04T14:00") - 1).orElseThrow().id())
        .isEqualTo("2025-03-04/early");
    assertThat(demo.shiftAt(rome("2025-03-04T14:00")).orElseThrow().id())
        .isEqualTo("2025-03-04/late");
  }

  @Test
  void holidaysRemoveTheShiftsStartingThatDayButNotTheNightBefore() {
    ShiftCalendar calendar = DemoPlant.calendar(List.of(), Set.of(LocalDate.of(2025, 12, 25)));

    List<ShiftInstance> shifts =
        calendar.shifts(rome("2025-12-24T00:00"), rome("2025-12-26T12:00"));

    assertThat(shifts)
        .extracting(ShiftInstance::id)
        .containsExactly(
            "2025-12-23/night",
            "2025-12-24/early",
            "2025-12-24/late",
            "2025-12-24/night",
            "2025-12-26/early");
    assertThat(
            total(
                calendar.scheduled("press-1", rome("2025-12-25T00:00"), rome("2025-12-26T00:00"))))
        .isEqualTo(5 * HOUR + 30 * MINUTE);
    assertThat(calendar.shiftAt(rome("2025-12-25T12:00"))).isEmpty();
  }

  @Test
  void machineDowntimeRemovesTimeOnlyFromThatMachine() {
    PlannedDowntime maintenance =
        new PlannedDowntime(
            Instant.ofEpochMilli(rome("2025-03-04T08:00")),
            Instant.ofEpochMilli(rome("2025-03-04T09:00")),
            "planned maintenance",
            Set.of("press-1"));
    ShiftCalendar calendar = DemoPlant.calendar(List.of(maintenance), Set.of());
    long from = rome("2025-03-04T06:00");
    long to = rome("2025-03-04T14:00");

    assertThat(calendar.scheduled("press-1", from, to))
        .containsExactly(
            new Window(from, rome("2025-03-04T08:00")),
            new Window(rome("2025-03-04T09:00"), rome("2025-03-04T10:00")),
            new Window(rome("2025-03-04T10:30"), to));
    assertThat(total(calendar.scheduled("press-2", from, to))).isEqualTo(7 * HOUR + 30 * MINUTE);
  }

  @Test
  void siteWideDowntimeRemovesTimeFromEveryMachineAndIsNotCountedTwiceWithABreak() {
    PlannedDowntime inventory =
        new PlannedDowntime(
            Instant.ofEpochMilli(rome("2025-03-04T09:45")),
            Instant.ofEpochMilli(rome("2025-03-04T11:00")),
            "inventory");
    ShiftCalendar calendar = DemoPlant.calendar(List.of(inventory), Set.of());
    long from = rome("2025-03-04T06:00");
    long to = rome("2025-03-04T14:00");

    for (String machine : List.of("press-1", "press-2")) {
      assertThat(calendar.scheduled(machine, from, to))
          .containsExactly(
              new Window(from, rome("2025-03-04T09:45")), new Window(rome("2025-03-04T11:00"), to));
    }
  }

  @Test
  void longDowntimeDeclaredFirstStillReachesLaterDays() {
    List<PlannedDowntime> downtime =
        List.of(
            new PlannedDowntime(
                Instant.ofEpochMilli(rome("2025-03-05T08:00")),
                Instant.ofEpochMilli(rome("2025-03-05T09:00")),
                "safety walk"),
            new PlannedDowntime(
                Instant.ofEpochMilli(rome("2025-03-01T00:00")),
                Instant.ofEpochMilli(rome("2025-03-10T00:00")),
                "retooling",
                Set.of("press-1")),
            new PlannedDowntime(
                Instant.ofEpochMilli(rome("2025-03-02T08:00")),
                Instant.ofEpochMilli(rome("2025-03-02T09:00")),
                "planned maintenance",
                Set.of("press-2")));
    ShiftCalendar calendar = DemoPlant.calendar(downtime, Set.of());
    long march5 = rome("2025-03-05T00:00");
    long march6 = rome("2025-03-06T00:00");

    assertThat(calendar.scheduled("press-1", march5, march6)).isEmpty();
    assertThat(total(calendar.scheduled("press-2", march5, march6)))
        .isEqualTo(21 * HOUR + 30 * MINUTE);
    assertThat(total(calendar.scheduled("press-2", march6, rome("2025-03-07T00:00"))))
        .isEqualTo(22 * HOUR + 30 * MINUTE);
  }

  @Test
  void currentOrLastFallsBackToTheShiftThatEndedLast() {
    Shift weekdays =
        new Shift(
            "early",
            LocalTime.of(6, 0),
            LocalTime.of(14, 0),
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
            List.of());
    ShiftCalendar calendar = new ShiftCalendar(ROME, List.of(weekdays), List.of(), Set.of());

    // 2025-03-08 is a Saturday.
    assertThat(calendar.currentOrLast(rome("2025-03-08T12:00")).orElseThrow().id())
        .isEqualTo("2025-03-07/early");
    assertThat(calendar.currentOrLast(rome("2025-03-07T13:00")).orElseThrow().id())
        .isEqualTo("2025-03-07/early");
    assertThat(calendar.currentOrLast(rome("2025-03-07T05:00")).orElseThrow().id())
        .isEqualTo("2025-03-06/early");
  }

  @Test
  void currentOrLastLooksBackEightDaysAtMost() {
    LocalDate christmas = LocalDate.of(2025, 12, 25);
    Set<LocalDate> closedTwoWeeks = new TreeSet<>();
    for (int i = 0; i < 14; i++) {
      closedTwoWeeks.add(christmas.plusDays(i));
    }
    ShiftCalendar calendar = DemoPlant.calendar(List.of(), closedTwoWeeks);

    assertThat(calendar.currentOrLast(rome("2026-01-01T12:00")).orElseThrow().id())
        .isEqualTo("2025-12-24/night");
    assertThat(calendar.currentOrLast(rome("2026-01-03T12:00"))).isEmpty();
  }

  @Test
  void aShiftSqueezedToNothingBySpringForwardDoesNotHappen() {
    // 02:30 does not exist on 2025-03-30 and becomes 03:30, after the shift's end at 03:00.
    Shift squeezed = new Shift("check", LocalTime.of(2, 30), LocalTime.of(3, 0));
    ShiftCalendar calendar = new ShiftCalendar(ROME, List.of(squeezed), List.of(), Set.of());

    assertThat(calendar.shifts(rome("2025-03-29T00:00"), rome("2025-04-01T00:00")))
        .extracting(ShiftInstance::id)
        .containsExactly("2025-03-29/check", "2025-03-31/check");
  }

  @Test
  void anAlwaysCalendarPlansEveryHourLessDowntime() {
    PlannedDowntime maintenance =
        new PlannedDowntime(
            Instant.ofEpochMilli(rome("2025-03-30T10:00")),
            Instant.ofEpochMilli(rome("2025-03-30T12:00")),
            "planned maintenance",
            Set.of("press-1"));
    ShiftCalendar calendar = ShiftCalendar.always(ROME, List.of(maintenance));
    long from = rome("2025-03-30T00:00");
    long to = rome("2025-03-31T00:00");

    assertThat(calendar.isAlways()).isTrue();
    assertThat(calendar.scheduled("press-2", from, to)).containsExactly(new Window(from, to));
    assertThat(total(calendar.scheduled("press-1", from, to))).isEqualTo(21 * HOUR);
    List<ShiftInstance> days = calendar.shifts(from, to);
    assertThat(days).extracting(ShiftInstance::id).containsExactly("2025-03-30/day");
    assertThat(days.getFirst().endMillis() - days.getFirst().startMillis()).isEqualTo(23 * HOUR);
    assertThat(ShiftCalendar.always(ROME).scheduled("press-1", from + 1, from + 2))
        .containsExactly(new Window(from + 1, from + 2));
  }

  @Test
  void anEmptyRangeHasNoShiftsAndNoScheduledTime() {
    long at = rome("2025-03-04T12:00");

    assertThat(demo.shifts(at, at)).isEmpty();
    assertThat(demo.scheduled("press-1", at, at)).isEmpty();
  }
}
