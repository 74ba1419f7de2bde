package io.millwright.cloud.fleet;

import io.millwright.core.namespace.Names;
import io.millwright.publisher.transport.SiteStatus;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the cloud remembers of a site across its restarts: the totals since the site was first heard
 * from, when it last was, and its last status.
 *
 * @param site the site id
 * @param lastContact when the cloud last heard from it, by the cloud's clock
 * @param status the newest status by the site's own {@code sentAt}
 * @param batches batches stored
 * @param readings readings in them
 * @param duplicates batches received again and dropped
 * @param refused batches and statuses refused (naming another site, malformed)
 * @param newestReading the latest reading timestamp stored, by the site's clock
 */
public record SiteHistory(
    String site,
    Optional<Instant> lastContact,
    Optional<SiteStatus> status,
    long batches,
    long readings,
    long duplicates,
    long refused,
    Optional<Instant> newestReading) {

  public SiteHistory {
    Names.requireName("site id", site);
    Objects.requireNonNull(lastContact, "lastContact");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(newestReading, "newestReading");
    if (batches < 0 || readings < 0 || duplicates < 0 || refused < 0) {
      throw new IllegalArgumentException("site " + site + ": totals are never negative");
    }
  }

  /** A site never heard from. */
  public static SiteHistory none(String site) {
    return new SiteHistory(site, Optional.empty(), Optional.empty(), 0, 0, 0, 0, Optional.empty());
  }

  SiteHistory contactAt(Instant at) {
    return new SiteHistory(
        site,
        later(lastContact, at),
        status,
        batches,
        readings,
        duplicates,
        refused,
        newestReading);
  }

  SiteHistory withBatch(Instant at, long batchReadings, Optional<Instant> newest) {
    return new SiteHistory(
        site,
        later(lastContact, at),
        status,
        batches + 1,
        readings + batchReadings,
        duplicates,
        refused,
        newest.isPresent() ? later(newestReading, newest.get()) : newestReading);
  }

  SiteHistory withDuplicate(Instant at) {
    return new SiteHistory(
        site,
        later(lastContact, at),
        status,
        batches,
        readings,
        duplicates + 1,
        refused,
        newestReading);
  }

  SiteHistory withRefused(Instant at) {
    return new SiteHistory(
        site,
        later(lastContact, at),
        status,
        batches,
        readings,
        duplicates,
        refused + 1,
        newestReading);
  }

  SiteHistory withStatus(Instant at, SiteStatus newer) {
    return new SiteHistory(
        site,
        later(lastContact, at),
        Optional.of(newer),
        batches,
        readings,
        duplicates,
        refused,
        newestReading);
  }

  /** Whether the status is newer, by the site's clock, than the one held. */
  boolean supersededBy(SiteStatus candidate) {
    return status.isEmpty()
        || candidate.sentAt() > status.get().sentAt()
        || candidate.sentAt() < status.get().sentAt() - CLOCK_JUMP_MILLIS;
  }

  /**
   * Statuses overtake each other by seconds at most (two transports); one sent more than this
   * before the held one means the site's clock was set back (NTP after a drift, a replaced
   * battery): it is the newest, and taken, or the fleet would show a frozen status for as long.
   */
  public static final long CLOCK_JUMP_MILLIS = 60_000;

  // Updates of one site may be applied out of their arrival order (two transports at once): the
  // later time wins, so a slower thread cannot move a time back.
  private static Optional<Instant> later(Optional<Instant> held, Instant at) {
    return Optional.of(held.isPresent() && held.get().isAfter(at) ? held.get() : at);
  }
}
