package io.millwright.connect;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind {@link ConnectorStats}, updated from connector threads without locks (the
 * read path runs thousands of times a second; a snapshot is taken a few times a minute).
 */
public final class ConnectorCounters {

  private volatile LinkStatus status = LinkStatus.CONNECTING;
  private volatile String lastError = "";
  private final LongAdder samples = new LongAdder();
  private final LongAdder readErrors = new LongAdder();
  private final LongAdder writeErrors = new LongAdder();
  private final LongAdder reconnects = new LongAdder();
  private final AtomicLong lastGoodReadMillis = new AtomicLong(-1);
  private final AtomicLong roundTripNanos = new AtomicLong(-1);

  public void status(LinkStatus status) {
    this.status = status;
  }

  public LinkStatus status() {
    return status;
  }

  public void error(String message) {
    this.lastError = message == null ? "" : message;
  }

  public void samples(int count) {
    samples.add(count);
  }

  public void goodRead(long epochMillis) {
    lastGoodReadMillis.accumulateAndGet(epochMillis, Math::max);
  }

  public void readError() {
    readErrors.increment();
  }

  public void writeError() {
    writeErrors.increment();
  }

  public void reconnect() {
    reconnects.increment();
  }

  public void roundTrip(long nanos) {
    roundTripNanos.set(nanos);
  }

  public ConnectorStats snapshot() {
    long good = lastGoodReadMillis.get();
    long rtt = roundTripNanos.get();
    return new ConnectorStats(
        status,
        lastError,
        samples.sum(),
        readErrors.sum(),
        writeErrors.sum(),
        reconnects.sum(),
        good < 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(good)),
        rtt < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(rtt)));
  }
}
