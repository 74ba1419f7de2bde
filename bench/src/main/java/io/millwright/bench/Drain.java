package io.millwright.bench;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;

/**
 * What happens after the link returns: when live data (a sample newer than the restore) reaches the
 * cloud, and how fast the publisher drains its backlog behind it, from its own counters.
 *
 * @param liveSeconds restore to the first newer sample in the cloud
 * @param seconds restore to an empty backlog (reconnecting included)
 * @param backlogSent backlog readings sent meanwhile
 * @param gaugePeak the highest value of the publisher's drain-rate gauge meanwhile
 * @param drained false when the timeout came first
 */
record Drain(
    double liveSeconds, double seconds, double backlogSent, double gaugePeak, boolean drained) {

  private static final String P = "millwright_publisher_";

  double rate() {
    return backlogSent / seconds;
  }

  static Drain measure(
      MillwrightProcess publisher, MillwrightProcess cloud, LinkProxy link, int timeoutSeconds)
      throws IOException, InterruptedException {
    Map<String, Double> start = publisher.metrics(P);
    Instant restoredAt = Instant.now();
    link.restore();
    Instant live = null;
    Instant drainedAt = null;
    double peak = 0;
    Map<String, Double> m = start;
    Instant deadline = restoredAt.plusSeconds(timeoutSeconds);
    while (Instant.now().isBefore(deadline) && (live == null || drainedAt == null)) {
      Thread.sleep(250);
      if (live == null && SiteHistory.newest(cloud).isAfter(restoredAt)) {
        live = Instant.now();
      }
      if (drainedAt == null) {
        m = publisher.metrics(P);
        peak = Math.max(peak, m.getOrDefault(P + "drain_rate_readings_per_second", 0.0));
        if (m.get(P + "backlog_readings") == 0 && m.get(P + "backlog_batches") == 0) {
          drainedAt = Instant.now();
        }
      }
    }
    Instant end = drainedAt == null ? Instant.now() : drainedAt;
    return new Drain(
        live == null ? Double.NaN : EdgeToCloudBenchmark.seconds(restoredAt, live),
        EdgeToCloudBenchmark.seconds(restoredAt, end),
        m.get(P + "backlog_readings_sent_total") - start.get(P + "backlog_readings_sent_total"),
        peak,
        drainedAt != null);
  }
}
