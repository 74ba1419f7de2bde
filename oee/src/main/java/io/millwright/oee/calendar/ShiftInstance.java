package io.millwright.oee.calendar;

import java.time.LocalDate;
import java.util.List;

/**
 * One shift as it happens, e.g. the early shift of 2025-03-03.
 *
 * @param day the local date the shift starts on
 * @param breaks the shift's breaks in epoch milliseconds, in order, inside the shift
 */
public record ShiftInstance(
    String name, LocalDate day, long startMillis, long endMillis, List<Window> breaks) {

  public ShiftInstance {
    if (name == null || day == null) {
      throw new IllegalArgumentException("a shift instance needs a name and a day");
    }
    if (startMillis >= endMillis) {
      throw new IllegalArgumentException("shift " + day + "/" + name + " must end after it starts");
    }
    breaks = List.copyOf(breaks);
  }

  /** {@code 2025-03-03/early}: unique per site, stable, and sorts by day. */
  public String id() {
    return day + "/" + name;
  }

  public Window window() {
    return new Window(startMillis, endMillis);
  }

  public boolean contains(long millis) {
    return startMillis <= millis && millis < endMillis;
  }
}
