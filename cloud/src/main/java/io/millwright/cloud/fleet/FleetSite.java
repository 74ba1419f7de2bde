package io.millwright.cloud.fleet;

import io.millwright.publisher.transport.SiteStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * One row of the fleet view: a registered site, heard from or not.
 *
 * @param id the site id
 * @param name the site's name from the registry
 * @param lastContact when the cloud last heard from it (a batch, a replay, a status), by the
 *     cloud's clock: the site's own may be off
 * @param online heard from within {@link FleetView#ONLINE_WITHIN}
 * @param status its newest status (version, backlog, machines online of total, OEE, active alarms,
 *     buffer fill)
 * @param batchesReceived batches stored
 * @param readingsReceived readings in them
 * @param duplicates batches received again and dropped
 * @param refused batches and statuses refused (naming another site, malformed)
 * @param newestReading the latest reading timestamp stored, by the site's clock
 */
public record FleetSite(
    String id,
    String name,
    Optional<Instant> lastContact,
    boolean online,
    Optional<SiteStatus> status,
    long batchesReceived,
    long readingsReceived,
    long duplicates,
    long refused,
    Optional<Instant> newestReading) {}
