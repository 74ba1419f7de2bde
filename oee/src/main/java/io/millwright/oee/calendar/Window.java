package io.millwright.oee.calendar;

/** A span of time {@code [startMillis, endMillis)} in epoch milliseconds, never empty. */
public record Window(long startMillis, long endMillis) {

  public Window {
    if (startMillis >= endMillis) {
      throw new IllegalArgumentException(
          "a window must end after it starts: [" + startMillis + ", " + endMillis + ")");
    }
  }

  public long length() {
    return endMillis - startMillis;
  }

  public boolean contains(long millis) {
    return startMillis <= millis && millis < endMillis;
  }

  /** How much of {@code [fromMillis, toMillis)} this window covers. */
  public long overlap(long fromMillis, long toMillis) {
    return Math.max(0, Math.min(endMillis, toMillis) - Math.max(startMillis, fromMillis));
  }
}
