package io.millwright.uns.mqtt;

import java.time.Duration;

/**
 * Capped exponential back-off between reconnect attempts: 0.5 s, 1 s, 2 s, ... up to 30 s, back to
 * the start once a connection succeeds. Not thread-safe: each session uses it from its own
 * scheduler thread.
 */
public final class Backoff {

  static final Duration MIN = Duration.ofMillis(500);
  static final Duration MAX = Duration.ofSeconds(30);

  private Duration next = MIN;

  /** The wait before the next attempt; the one after will be twice as long, up to the cap. */
  public Duration next() {
    Duration wait = next;
    Duration doubled = next.multipliedBy(2);
    next = doubled.compareTo(MAX) > 0 ? MAX : doubled;
    return wait;
  }

  /** A connection succeeded: the next failure waits the shortest time again. */
  public void reset() {
    next = MIN;
  }
}
