package io.millwright.jobs.book;

import io.millwright.jobs.erp.ErpOrder;
import java.util.Objects;
import java.util.Optional;

/**
 * One job as the book and its journal hold it: the order it came from and where it stands. Times
 * are epoch milliseconds, 0 for never.
 *
 * @param id the site's number for the job, never reused
 * @param order what the ERP asked for (updated while the job is only imported or queued)
 * @param source where it came from: {@code erp}, {@code webhook} or {@code api}
 * @param machine the machine it is planned on, once released
 * @param queueKey orders the machine's queue, lowest first (sparse, so a new job rarely moves the
 *     others); meaningful only while released
 * @param good good parts made for it so far, over all its runs
 * @param scrap scrap made for it so far
 * @param goodCounter the machine's good-parts counter as last credited to this job; -1 before the
 *     machine first reported it for the job
 * @param scrapCounter the same for scrap
 * @param dispatching written to the machine, its read-back awaited
 * @param attempts writes of the current dispatch so far
 * @param deadline when the read-back of the current attempt is due
 * @param retryAt when the site may dispatch it again by itself after a failed dispatch
 * @param pausedByMachine paused because the machine went offline or lost the job (the site resumes
 *     it), not by an operator
 * @param note the last reason given: a pause, a failed dispatch, an abort
 */
public record Job(
    long id,
    ErpOrder order,
    String source,
    JobStatus status,
    Optional<String> machine,
    long queueKey,
    long good,
    long scrap,
    long goodCounter,
    long scrapCounter,
    boolean dispatching,
    int attempts,
    long deadline,
    long retryAt,
    boolean pausedByMachine,
    Optional<String> note,
    long importedAt,
    long updatedAt,
    long startedAt,
    long endedAt) {

  public Job {
    Objects.requireNonNull(order, "order");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(machine, "machine");
    Objects.requireNonNull(note, "note");
  }

  /** A job just imported. */
  static Job imported(long id, ErpOrder order, String source, long now) {
    return new Job(
        id,
        order,
        source,
        JobStatus.IMPORTED,
        Optional.empty(),
        0,
        0,
        0,
        -1,
        -1,
        false,
        0,
        0,
        0,
        false,
        Optional.empty(),
        now,
        now,
        0,
        0);
  }

  public String key() {
    return order.key();
  }

  /** Good parts still to make. */
  public long remaining() {
    return Math.max(0, order.quantity() - good);
  }

  /**
   * Whether the job occupies its machine: being written to it, on it, or paused by the machine
   * (which still holds it). A job an operator paused leaves its machine free for another.
   */
  public boolean occupiesMachine() {
    return dispatching
        || status == JobStatus.DISPATCHED
        || status == JobStatus.RUNNING
        || (status == JobStatus.PAUSED && pausedByMachine);
  }

  /** Whether the machine's counters count for it. */
  boolean counting() {
    return !dispatching && (status == JobStatus.DISPATCHED || status == JobStatus.RUNNING);
  }

  Builder edit() {
    return new Builder(this);
  }

  /** Changes to a job, made by the book only. */
  static final class Builder {
    private final Job j;
    ErpOrder order;
    JobStatus status;
    Optional<String> machine;
    long queueKey;
    long good;
    long scrap;
    long goodCounter;
    long scrapCounter;
    boolean dispatching;
    int attempts;
    long deadline;
    long retryAt;
    boolean pausedByMachine;
    Optional<String> note;
    long startedAt;
    long endedAt;

    private Builder(Job j) {
      this.j = j;
      order = j.order;
      status = j.status;
      machine = j.machine;
      queueKey = j.queueKey;
      good = j.good;
      scrap = j.scrap;
      goodCounter = j.goodCounter;
      scrapCounter = j.scrapCounter;
      dispatching = j.dispatching;
      attempts = j.attempts;
      deadline = j.deadline;
      retryAt = j.retryAt;
      pausedByMachine = j.pausedByMachine;
      note = j.note;
      startedAt = j.startedAt;
      endedAt = j.endedAt;
    }

    Job build(long now) {
      return new Job(
          j.id,
          order,
          j.source,
          status,
          machine,
          queueKey,
          good,
          scrap,
          goodCounter,
          scrapCounter,
          dispatching,
          attempts,
          deadline,
          retryAt,
          pausedByMachine,
          note,
          j.importedAt,
          now,
          startedAt,
          endedAt);
    }
  }
}
