package io.millwright.historian.query;

import io.millwright.historian.store.SampleStore;
import io.millwright.historian.store.StoredSample;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The sample in force at an instant: the last one stored before it. The store reads forward only,
 * so the search asks first for the tag's latest sample (it answers at once when that is older than
 * the instant, e.g. a state unchanged for months), then reads windows back from the instant that
 * double in width from one second up to {@link #LOOK_BACK}. A tag sampled every second is found in
 * the first, one-second window; a state tag that changes hourly after a dozen empty reads; only the
 * window holding the answer is read through.
 */
final class ValueInForce {

  /**
   * How far back a value is looked for. Older than this, and not the latest, it is treated as
   * unknown: connectors republish every tag on reconnect (Sparkplug birth), so a month without a
   * sample means the value is not known, not that it still holds.
   */
  static final Duration LOOK_BACK = Duration.ofDays(31);

  static final long FIRST_WINDOW_MILLIS = 1_000;

  private ValueInForce() {}

  /** The last sample of {@code tag} with {@code timestamp < instant}, if one is close enough. */
  static Optional<StoredSample> at(SampleStore store, String tag, long instant, ScanBudget budget) {
    List<StoredSample> latest = store.latest(tag, 1);
    if (latest.isEmpty() || !latest.getFirst().tag().equals(tag)) {
      return Optional.empty();
    }
    if (latest.getFirst().timestamp() < instant) {
      return Optional.of(latest.getFirst());
    }
    long end = instant;
    long width = FIRST_WINDOW_MILLIS;
    while (true) {
      long start = instant - width;
      Optional<StoredSample> last =
          SampleScan.of(store, tag, start, end, budget).reduce((a, b) -> b);
      if (last.isPresent() || width >= LOOK_BACK.toMillis()) {
        return last;
      }
      end = start;
      width = Math.min(width * 2, LOOK_BACK.toMillis());
    }
  }
}
