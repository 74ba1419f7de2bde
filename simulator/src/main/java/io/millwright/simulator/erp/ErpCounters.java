package io.millwright.simulator.erp;

import java.util.concurrent.atomic.AtomicLong;

/** What the simulated ERP answered, for tests and the demo's status. Thread-safe. */
public final class ErpCounters {

  /** A snapshot. */
  public record Counts(
      long requests,
      long rejected,
      long unauthorized,
      long unavailable,
      long failed,
      long confirmationsDropped) {}

  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong unauthorized = new AtomicLong();
  private final AtomicLong unavailable = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  void answered(int status) {
    requests.incrementAndGet();
    if (status == 401) {
      unauthorized.incrementAndGet();
    } else if (status == 503) {
      unavailable.incrementAndGet();
    } else if (status >= 500) {
      failed.incrementAndGet();
    } else if (status >= 400) {
      rejected.incrementAndGet();
    }
  }

  Counts snapshot(long confirmationsDropped) {
    return new Counts(
        requests.get(),
        rejected.get(),
        unauthorized.get(),
        unavailable.get(),
        failed.get(),
        confirmationsDropped);
  }
}
