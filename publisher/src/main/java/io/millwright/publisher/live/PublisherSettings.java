package io.millwright.publisher.live;

import io.millwright.uns.mirror.MachinePlacement;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the publisher runs.
 *
 * @param enterprise the namespace's enterprise
 * @param site the site id, as registered at the cloud
 * @param version this Millwright's version, for the fleet view
 * @param hostId the publisher's Sparkplug host id (edge nodes that name it as a primary host buffer
 *     while it is away)
 * @param machines where each machine sits below the site, to build tag paths
 * @param batchInterval how long readings gather before a batch is sealed
 * @param maxBatchReadings a batch is sealed early once it holds this many readings
 * @param drainRate readings per second the backlog is sent at, beside live data; 0 for no limit
 * @param statusInterval how often the site's status goes to the cloud
 */
public record PublisherSettings(
    String enterprise,
    String site,
    String version,
    String hostId,
    Map<String, MachinePlacement> machines,
    Duration batchInterval,
    int maxBatchReadings,
    long drainRate,
    Duration statusInterval) {

  public static final int DEFAULT_MAX_BATCH_READINGS = 50_000;
  public static final Duration DEFAULT_STATUS_INTERVAL = Duration.ofSeconds(5);

  public PublisherSettings {
    Objects.requireNonNull(enterprise, "enterprise");
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(hostId, "hostId");
    machines = Map.copyOf(machines);
    if (batchInterval.compareTo(Duration.ofMillis(100)) < 0
        || batchInterval.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException("the batch interval must be 100 ms to 1 min");
    }
    if (maxBatchReadings < 100 || maxBatchReadings > 1_000_000) {
      throw new IllegalArgumentException("a batch holds 100 to 1,000,000 readings");
    }
    if (drainRate < 0) {
      throw new IllegalArgumentException("the drain rate cannot be negative");
    }
    if (statusInterval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("the status interval must be at least 1 s");
    }
  }
}
