package io.millwright.publisher.transport;

import io.millwright.core.namespace.Names;
import java.util.OptionalDouble;

/**
 * What a site tells the cloud about itself every few seconds, beside its batches: the fleet view's
 * row. Sent live only (a stale status is worth nothing), never buffered.
 *
 * @param site the site id
 * @param version the site's Millwright version
 * @param sentAt when the site sent it, UTC epoch milliseconds (its own clock)
 * @param backlogBatches sealed batches not yet acknowledged by the cloud
 * @param backlogReadings the readings in them
 * @param oldestBacklog when the oldest of them was sealed, epoch ms; 0 when there is no backlog
 * @param bufferBytes bytes the buffer holds
 * @param budgetBytes the buffer's disk budget
 * @param readingsDropped readings dropped so far because the buffer was full (the overflow policy)
 * @param machinesOnline machines whose connector is online and reporting
 * @param machinesTotal machines the site knows
 * @param oee the site's current OEE, 0..1, when the site computes one
 * @param activeAlarms alarms active (unacknowledged or not yet cleared) right now
 */
public record SiteStatus(
    String site,
    String version,
    long sentAt,
    long backlogBatches,
    long backlogReadings,
    long oldestBacklog,
    long bufferBytes,
    long budgetBytes,
    long readingsDropped,
    int machinesOnline,
    int machinesTotal,
    OptionalDouble oee,
    int activeAlarms) {

  public SiteStatus {
    Names.requireName("site id", site);
    if (version == null || version.isBlank() || version.length() > 64) {
      throw new IllegalArgumentException("a site's version is 1-64 chars");
    }
    if (backlogBatches < 0
        || backlogReadings < 0
        || bufferBytes < 0
        || budgetBytes < 0
        || readingsDropped < 0
        || machinesOnline < 0
        || machinesTotal < 0
        || activeAlarms < 0) {
      throw new IllegalArgumentException("a site's counts are never negative");
    }
    if (oee == null) {
      oee = OptionalDouble.empty();
    } else if (oee.isPresent() && !(oee.getAsDouble() >= 0 && oee.getAsDouble() <= 1)) {
      throw new IllegalArgumentException("OEE " + oee.getAsDouble() + " is not within 0..1");
    }
  }
}
