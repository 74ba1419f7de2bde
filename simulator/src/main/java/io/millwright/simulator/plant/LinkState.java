package io.millwright.simulator.plant;

import java.util.SplittableRandom;

/**
 * A machine's network link: down while an injected drop lasts, or, for the one machine with a flaky
 * switch, now and then for a few seconds. The flaky drops draw from their own random stream, so
 * switching them off leaves every other value of the plant unchanged.
 */
final class LinkState {

  private static final double MEAN_BETWEEN_MILLIS = 40 * 60_000.0;
  private static final long MIN_DROP_MILLIS = 5_000;
  private static final long MAX_DROP_MILLIS = 45_000;

  private final SplittableRandom rnd;
  private boolean flaky;
  private boolean dropped;
  private long flakyUntil = Long.MIN_VALUE;
  private volatile boolean up = true;

  /**
   * @param rnd the stream flaky drops are drawn from, or null for a machine with a sound link
   */
  LinkState(SplittableRandom rnd) {
    this.rnd = rnd;
    this.flaky = rnd != null;
  }

  /** Read by protocol server threads, hence volatile rather than under the machine's lock. */
  boolean up() {
    return up;
  }

  void step(long now) {
    if (rnd != null) {
      // Drawn whether or not flaky drops are on, so turning them on again resumes the same story.
      boolean strikes = rnd.nextDouble() < Plant.STEP_MILLIS / MEAN_BETWEEN_MILLIS;
      long length =
          MIN_DROP_MILLIS + (long) (rnd.nextDouble() * (MAX_DROP_MILLIS - MIN_DROP_MILLIS));
      if (flaky && strikes && now >= flakyUntil) {
        flakyUntil = now + length;
      }
    }
    refresh(now);
  }

  void drop() {
    dropped = true;
    up = false;
  }

  void restore(long now) {
    dropped = false;
    refresh(now);
  }

  /** Whether this machine's link has the flaky drops at all. */
  boolean canBeFlaky() {
    return rnd != null;
  }

  void flaky(boolean on, long now) {
    flaky = on && rnd != null;
    if (!flaky) {
      flakyUntil = Long.MIN_VALUE;
    }
    refresh(now);
  }

  private void refresh(long now) {
    up = !dropped && now >= flakyUntil;
  }
}
