package io.millwright.uns.sparkplug.host;

import io.millwright.uns.sparkplug.SparkplugTopic;
import io.millwright.uns.sparkplug.codec.PayloadCodec;
import java.time.Duration;
import java.util.Optional;

/**
 * How a host application session runs.
 *
 * @param hostId the Sparkplug host id, the last level of its STATE topic; edge nodes configured
 *     with this id as their primary host wait for it
 * @param group the one group (site) to follow, or empty for all
 * @param maxPayloadBytes payloads larger than this are refused before decoding
 * @param rebirthInterval at most one rebirth request per edge node within this time (RELIABILITY
 *     T7: 30 s)
 * @param logInterval each kind of problem is logged at most once within this time
 */
public record HostConfig(
    String hostId,
    Optional<String> group,
    int maxPayloadBytes,
    Duration rebirthInterval,
    Duration logInterval) {

  public HostConfig {
    SparkplugTopic.state(hostId);
    group = group == null ? Optional.empty() : group;
    group.ifPresent(g -> SparkplugTopic.node(g, io.millwright.uns.sparkplug.MessageType.NCMD, "x"));
    if (rebirthInterval == null || rebirthInterval.isNegative()) {
      throw new IllegalArgumentException("the rebirth interval must be 0 or more");
    }
    if (logInterval == null || logInterval.isNegative()) {
      throw new IllegalArgumentException("the log interval must be 0 or more");
    }
    new PayloadCodec(maxPayloadBytes);
  }

  /** All groups, 1 MiB payloads, one rebirth request per node per 30 s, one log line a minute. */
  public static HostConfig of(String hostId) {
    return new HostConfig(
        hostId,
        Optional.empty(),
        PayloadCodec.DEFAULT_MAX_PAYLOAD_BYTES,
        Duration.ofSeconds(30),
        Duration.ofMinutes(1));
  }

  public HostConfig withGroup(String onlyGroup) {
    return new HostConfig(
        hostId, Optional.of(onlyGroup), maxPayloadBytes, rebirthInterval, logInterval);
  }
}
