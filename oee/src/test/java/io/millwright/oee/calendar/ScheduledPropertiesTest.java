package io.millwright.oee.calendar;

import static io.millwright.oee.calendar.DemoPlant.rome;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * For any range within a year, including both daylight-saving changes, the demo plant's scheduled
 * windows are in order, disjoint, inside the range, and add up to the shifts' time in the range
 * less their breaks.
 */
class ScheduledPropertiesTest {

  private static final ShiftCalendar DEMO = DemoPlant.calendar();
  private static final long YEAR_START = rome("2025-01-01T00:00");
  private static final long YEAR = rome("2026-01-01T00:00") - YEAR_START;

  @Property(tries = 500)
  void scheduledWindowsAreOrderedDisjointInsideTheRangeAndAddUp(
      @ForAll @LongRange(min = 0, max = 365L * 24 * 3_600_000) long offset,
      @ForAll @LongRange(min = 1, max = 10L * 24 * 3_600_000) long length) {
    long from = YEAR_START + Math.min(offset, YEAR - 1);
    long to = Math.min(from + length, YEAR_START + YEAR);

    List<Window> windows = DEMO.scheduled("press-1", from, to);

    for (int i = 0; i < windows.size(); i++) {
      Window w = windows.get(i);
      assertThat(w.startMillis()).isGreaterThanOrEqualTo(from);
      assertThat(w.endMillis()).isLessThanOrEqualTo(to);
      if (i > 0) {
        // Strictly after the previous end: touching windows would have been merged.
        assertThat(w.startMillis()).isGreaterThan(windows.get(i - 1).endMillis());
      }
    }
    assertThat(DemoPlant.total(windows)).isEqualTo(expectedTotal(from, to));
  }

  private static long expectedTotal(long from, long to) {
    long total = 0;
    for (ShiftInstance shift : DEMO.shifts(from, to)) {
      total += shift.window().overlap(from, to);
      for (Window pause : shift.breaks()) {
        total -= pause.overlap(from, to);
      }
    }
    return total;
  }
}
