package io.millwright.oee.calendar;

import java.time.Instant;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * Time taken out of the plan ahead, e.g. planned maintenance: it counts neither as production time
 * nor as a loss.
 *
 * @param from start, inclusive
 * @param to end, exclusive; at least a millisecond after {@code from}
 * @param reason a label for people, e.g. "planned maintenance"
 * @param machines the machine ids it applies to, kept in sorted order; empty or {@code null} means
 *     the whole site
 */
public record PlannedDowntime(Instant from, Instant to, String reason, Set<String> machines) {

  public PlannedDowntime {
    if (from == null) {
      throw new CalendarException("from", "is missing");
    }
    if (to == null) {
      throw new CalendarException("to", "is missing");
    }
    // Queries work in epoch milliseconds, so a shorter downtime would vanish there.
    if (to.toEpochMilli() <= from.toEpochMilli()) {
      throw new CalendarException("to", to + " must be after from " + from);
    }
    if (reason == null || reason.isBlank()) {
      throw new CalendarException("reason", "is missing, e.g. planned maintenance");
    }
    machines =
        Collections.unmodifiableSortedSet(
            machines == null ? new TreeSet<>() : new TreeSet<>(machines));
  }

  /** Downtime for the whole site. */
  public PlannedDowntime(Instant from, Instant to, String reason) {
    this(from, to, reason, null);
  }

  public boolean appliesTo(String machineId) {
    return machines.isEmpty() || machines.contains(machineId);
  }
}
