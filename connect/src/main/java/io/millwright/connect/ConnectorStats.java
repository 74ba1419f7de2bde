package io.millwright.connect;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A snapshot of one connector: what the machines API shows and the metrics export.
 *
 * @param status the link status now
 * @param lastError the last connection or read error, one line, empty when there was none
 * @param samples samples delivered since start
 * @param readErrors failed reads (a whole request or one tag) since start
 * @param writeErrors failed writes since start
 * @param reconnects connection attempts after the first
 * @param lastGoodRead when the last sample with quality Good was read, empty before the first
 * @param roundTrip the last request's round-trip time (poll) or the last keep-alive (subscriptions)
 */
public record ConnectorStats(
    LinkStatus status,
    String lastError,
    long samples,
    long readErrors,
    long writeErrors,
    long reconnects,
    Optional<Instant> lastGoodRead,
    Optional<Duration> roundTrip) {}
