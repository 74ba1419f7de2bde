package io.millwright.alarms.journal;

import io.millwright.alarms.engine.Transition;
import io.millwright.core.alarm.AlarmPriority;
import java.util.Optional;

/**
 * A filter over the journal, newest first.
 *
 * @param beforeSeq only entries older than this one (for paging); 0 for no bound
 * @param limit at most this many entries, 1 to {@link #MAX_LIMIT}
 */
public record HistoryQuery(
    long fromMillis,
    long toMillis,
    Optional<String> machine,
    Optional<String> area,
    Optional<String> alarm,
    Optional<AlarmPriority> minPriority,
    Optional<Transition> transition,
    long beforeSeq,
    int limit) {

  public static final int MAX_LIMIT = 10_000;

  public HistoryQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
    }
  }
}
