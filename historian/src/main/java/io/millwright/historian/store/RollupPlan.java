package io.millwright.historian.store;

/**
 * Which part of an aggregate's range a store reads from its rollups and which from raw samples.
 *
 * <p>Where a tag's raw samples have expired, only the rollups know the range. Where both are kept,
 * the rollups answer too when the query's buckets are whole multiples of theirs, up to how far they
 * are complete: each rollup bucket then lies inside one query bucket, so their sums are what the
 * raw samples would give, and a day of a 1 Hz tag is 1,440 rows to read instead of 86,400. The ends
 * of the range, which cut a rollup bucket, and the minutes after the watermark come from raw
 * samples. A sample stored late below the watermark shows in these aggregates once the next rollup
 * run has taken it in (the maintenance runs every minute).
 *
 * @param rollupsFrom the first timestamp read from rollups
 * @param rollupsTo the end of the span read from rollups (exclusive); equal to {@code rollupsFrom}
 *     when none is read
 */
public record RollupPlan(long from, long rollupsFrom, long rollupsTo, long to) {

  /**
   * @param keptFrom the tag's raw expiry time, {@link Long#MIN_VALUE} when none expired
   * @param rollupWidth the width of the store's rollups, 0 when it has none
   * @param completeTo the rollups' watermark
   */
  public static RollupPlan of(
      long from, long to, long width, long keptFrom, long rollupWidth, long completeTo) {
    boolean expired = from < keptFrom;
    long rollupsTo = expired ? Math.min(to, keptFrom) : from;
    if (rollupWidth > 0 && width % rollupWidth == 0) {
      long start = expired ? from : Math.ceilDiv(from, rollupWidth) * rollupWidth;
      long end = Math.min(to, Math.floorDiv(completeTo, rollupWidth) * rollupWidth);
      if (end > Math.max(start, rollupsTo)) {
        return new RollupPlan(from, start, end, to);
      }
    }
    return new RollupPlan(from, from, rollupsTo, to);
  }

  /** Whether raw samples before the rollups' span are read: {@code [from, rollupsFrom)}. */
  public boolean rawHead() {
    return rollupsFrom > from;
  }

  /** Whether rollups are read at all. */
  public boolean rollups() {
    return rollupsTo > rollupsFrom;
  }

  /** Whether raw samples after the rollups' span are read: {@code [max(from, rollupsTo), to)}. */
  public boolean rawTail() {
    return to > Math.max(from, rollupsTo);
  }

  /** Where the raw tail starts. */
  public long tailFrom() {
    return Math.max(from, rollupsTo);
  }
}
