package io.millwright.connect.modbus;

/**
 * Tells a fixed-rate poll whether it is on time. A fixed-rate executor runs missed ticks back to
 * back after a slow poll; reading the machine again for each of them would only pile load on a
 * device that is already slow, so a tick that starts a whole period or more after its due time is
 * skipped (and counted) instead.
 */
final class PollTimer {

  private final long periodNanos;
  private final long firstDueNanos;
  private long ticks;

  PollTimer(long periodNanos, long firstDueNanos) {
    this.periodNanos = periodNanos;
    this.firstDueNanos = firstDueNanos;
  }

  /** Called once per tick with the monotonic clock; true when this tick should be skipped. */
  boolean overdue(long nowNanos) {
    long due = firstDueNanos + ticks * periodNanos;
    ticks++;
    return nowNanos - due >= periodNanos;
  }
}
