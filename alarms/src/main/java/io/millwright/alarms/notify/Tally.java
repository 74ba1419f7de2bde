package io.millwright.alarms.notify;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A channel's running figures: written by its loop, read by metrics from any thread. */
final class Tally {

  final AtomicLong delivered = new AtomicLong();
  final AtomicLong failures = new AtomicLong();
  final AtomicLong skipped = new AtomicLong();
  final AtomicLong filtered = new AtomicLong();
  volatile long cursor = -1; // -1 until read from the journal
  volatile long lastSuccessMillis;
  volatile long backoffNanos;

  ChannelFigures figures(String channel, long latest) {
    long c = cursor;
    return new ChannelFigures(
        channel,
        Math.max(0, c),
        delivered.get(),
        failures.get(),
        skipped.get(),
        filtered.get(),
        c < 0 ? latest : Math.max(0, latest - c),
        lastSuccessMillis,
        Duration.ofNanos(backoffNanos));
  }
}
