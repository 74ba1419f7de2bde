package io.millwright.alarms.notify;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long a channel waits after failures in a row: {@code first}, doubling to {@code max}, each
 * shortened by up to {@code jitter} of itself at random so that channels failing together (a
 * network outage) do not all retry in the same instant.
 *
 * @param jitter the largest fraction taken off, 0 to 1
 */
public record Backoff(Duration first, Duration max, double jitter) {

  /** 1 s doubling to 5 min, up to 20 % shorter. */
  public static final Backoff DEFAULT =
      new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), 0.2);

  /**
   * @throws IllegalArgumentException when a duration is not positive, {@code max} is shorter than
   *     {@code first} or {@code jitter} is outside 0 to 1
   */
  public Backoff {
    if (first == null || first.isNegative() || first.isZero()) {
      throw new IllegalArgumentException("backoff.first: must be positive, not " + first);
    }
    if (max == null || max.compareTo(first) < 0) {
      throw new IllegalArgumentException("backoff.max: must be at least first, not " + max);
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("backoff.jitter: must be from 0 to 1, not " + jitter);
    }
  }

  /**
   * The wait after {@code failures} failures in a row.
   *
   * @param failures from 1
   */
  public Duration delay(int failures, RandomGenerator random) {
    long maxNanos = max.toNanos();
    long nanos = first.toNanos();
    for (int i = 1; i < failures && nanos < maxNanos; i++) {
      nanos = nanos > maxNanos / 2 ? maxNanos : nanos * 2;
    }
    nanos = Math.min(nanos, maxNanos);
    return Duration.ofNanos(nanos - (long) (nanos * jitter * random.nextDouble()));
  }
}
