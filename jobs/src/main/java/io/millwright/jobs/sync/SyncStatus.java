package io.millwright.jobs.sync;

import java.time.Instant;
import java.util.Optional;

/**
 * Where the ERP synchronisation stands: for each direction when it last worked, the last failure
 * and when it is tried next; the messages waiting for the ERP; counters.
 *
 * @param erp the adapter's description (where it talks to, never a credential)
 * @param orders fetching orders
 * @param confirmations delivering confirmations
 * @param backlog messages waiting for the ERP; -1 when the journal cannot be read
 */
public record SyncStatus(
    String erp,
    Direction orders,
    Direction confirmations,
    long backlog,
    long fetches,
    long fetchFailures,
    long delivered,
    long duplicates,
    long deliveryFailures,
    long undeliverable) {

  /** One direction: in step, or failing since some time and retried at some time. */
  public record Direction(
      Optional<Instant> lastSuccess,
      Optional<String> lastError,
      Optional<Instant> failingSince,
      Optional<Instant> nextAttempt) {

    static final Direction NEVER =
        new Direction(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    static Direction ok(long at) {
      return new Direction(
          Optional.of(Instant.ofEpochMilli(at)),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());
    }

    Direction failed(long at, String why, long next) {
      return new Direction(
          lastSuccess,
          Optional.of(why),
          Optional.of(failingSince.orElse(Instant.ofEpochMilli(at))),
          Optional.of(Instant.ofEpochMilli(next)));
    }

    /** {@code ok}, {@code failing} or {@code never} (not tried yet). */
    public String state() {
      if (lastError.isPresent()) {
        return "failing";
      }
      return lastSuccess.isPresent() ? "ok" : "never";
    }
  }
}
