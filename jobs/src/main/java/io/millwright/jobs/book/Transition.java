package io.millwright.jobs.book;

import java.util.Objects;

/**
 * One entry of a job's journal: a change of status (or, with {@code from == to}, an event within a
 * status: written to the machine, a failed dispatch, an update from the ERP, a new queue place).
 *
 * @param by who: a signed-in user, {@code erp}, {@code machine} (the machine's own read-back or
 *     counters) or {@code site} (the job book by itself: auto release and dispatch, timeouts)
 * @param reason why, in a plain sentence; empty when the action says it all
 */
public record Transition(
    long job,
    long at,
    JobStatus from,
    JobStatus to,
    String by,
    String reason,
    long good,
    long scrap) {

  public Transition {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(reason, "reason");
  }
}
