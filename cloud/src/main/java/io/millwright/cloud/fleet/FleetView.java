package io.millwright.cloud.fleet;

import io.millwright.publisher.transport.SiteStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Every registered site's row, the ones never heard from included: what the cloud's operators look
 * at to see which plants report, how far behind they are and how they run. The receiver tells it of
 * every batch and status after it made them durable; it starts from what the journal remembers, so
 * the totals and the last status survive a cloud restart. Thread-safe: each site's row is replaced
 * atomically.
 */
public final class FleetView {

  /** A site heard from within this is online: statuses come every few seconds. */
  public static final Duration ONLINE_WITHIN = Duration.ofSeconds(30);

  private final SiteRegistry registry;
  private final Clock clock;
  private final ConcurrentHashMap<String, SiteHistory> rows = new ConcurrentHashMap<>();

  /**
   * @param remembered what the journal kept of the sites (of sites no longer registered: ignored)
   * @param clock the cloud's clock, for {@code online}
   */
  public FleetView(SiteRegistry registry, List<SiteHistory> remembered, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    for (RegisteredSite site : registry.sites()) {
      rows.put(site.id(), SiteHistory.none(site.id()));
    }
    for (SiteHistory history : remembered) {
      rows.replace(history.site(), history);
    }
  }

  /** A batch of the site was stored. */
  public void batchStored(String site, Instant at, long readings, Optional<Instant> newest) {
    update(site, h -> h.withBatch(at, readings, newest));
  }

  /** A batch of the site came again and was dropped. */
  public void duplicate(String site, Instant at) {
    update(site, h -> h.withDuplicate(at));
  }

  /** Something the site sent was refused (naming another site, malformed). */
  public void refused(String site, Instant at) {
    update(site, h -> h.withRefused(at));
  }

  /**
   * Takes the site's status unless the one held was sent later by the site's clock (statuses can
   * overtake each other on two transports); either way the site was heard from.
   *
   * @return whether the status was taken
   */
  public boolean status(String site, SiteStatus status, Instant at) {
    boolean[] taken = {false};
    update(
        site,
        h -> {
          taken[0] = h.supersededBy(status);
          return taken[0] ? h.withStatus(at, status) : h.contactAt(at);
        });
    return taken[0];
  }

  /** One row per registered site, in the registry's order. */
  public List<FleetSite> sites() {
    Instant now = clock.instant();
    List<FleetSite> out = new ArrayList<>();
    for (RegisteredSite site : registry.sites()) {
      out.add(row(site, rows.get(site.id()), now));
    }
    return out;
  }

  public Optional<FleetSite> site(String id) {
    return registry.find(id).map(site -> row(site, rows.get(id), clock.instant()));
  }

  private void update(String site, UnaryOperator<SiteHistory> change) {
    if (rows.computeIfPresent(site, (id, h) -> change.apply(h)) == null) {
      throw new IllegalArgumentException("site " + site + " is not registered");
    }
  }

  private static FleetSite row(RegisteredSite site, SiteHistory h, Instant now) {
    boolean online =
        h.lastContact().isPresent() && !h.lastContact().get().isBefore(now.minus(ONLINE_WITHIN));
    return new FleetSite(
        site.id(),
        site.name(),
        h.lastContact(),
        online,
        h.status(),
        h.batches(),
        h.readings(),
        h.duplicates(),
        h.refused(),
        h.newestReading());
  }
}
