package io.millwright.historian.query;

/**
 * How many stored samples one query may read before it is refused. The computed queries read raw
 * samples (the SPI has no sums over time), so a year of a 1 Hz tag would occupy a request thread
 * for minutes; refusing with the reason is kinder than a request that seems to hang.
 */
final class ScanBudget {

  private final long max;
  private long read;

  ScanBudget(long max) {
    this.max = max;
  }

  /**
   * @throws IllegalArgumentException once more than the budget has been read
   */
  void spend(int samples) {
    read += samples;
    if (read > max) {
      throw new IllegalArgumentException(
          "the range holds more than "
              + max
              + " samples to read for this query; ask for a shorter range");
    }
  }
}
