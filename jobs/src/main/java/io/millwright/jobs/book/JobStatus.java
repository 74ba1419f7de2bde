package io.millwright.jobs.book;

import java.util.Locale;

/**
 * Where a job is in its life. {@code IMPORTED → RELEASED → DISPATCHED → RUNNING → COMPLETED}, with
 * {@code PAUSED} between running and running again and {@code ABORTED} from anywhere before the
 * end. See JOBS.md beside this class for every transition and who may take it.
 */
public enum JobStatus {
  /** Known to the site, not yet planned onto a machine. */
  IMPORTED,
  /** In a machine's queue (and, while the flag {@code dispatching} is up, being written to it). */
  RELEASED,
  /** The machine has it: its job fields read back as written. No part counted yet. */
  DISPATCHED,
  /** The machine makes parts for it. */
  RUNNING,
  /** Stopped before its end: by an operator, or by the site when the machine went offline. */
  PAUSED,
  /** Target reached, or closed by an operator. Final. */
  COMPLETED,
  /** Cancelled. Final. */
  ABORTED;

  /** Whether the job can change no more. */
  public boolean finished() {
    return this == COMPLETED || this == ABORTED;
  }

  /** The name on the wire and in the API: {@code released}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @throws IllegalArgumentException for a name that is not a status, listing the ones that are
   */
  public static JobStatus parse(String name) {
    for (JobStatus s : values()) {
      if (s.wireName().equalsIgnoreCase(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown job status \""
            + name
            + "\"; one of imported, released, dispatched, running, paused, completed, aborted");
  }
}
