package io.millwright.historian.retention;

import io.millwright.historian.store.SampleStore;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Brings the rollups up to date: every closed bucket since the watermark, and every bucket that a
 * late sample (a backfill after an outage) fell into since the last run. The ingest reports the
 * oldest timestamp it committed since it was last asked, so a backfill of any age is rolled up
 * again as long as its tag's raw samples are kept. After a start the last {@link #RESTART_HORIZON}
 * are rolled up again too, because what the ingest reported before a crash is lost with it.
 *
 * <p>The work goes in steps of {@link #STEP} of timestamps (whole buckets, so more when wider),
 * each one transaction that also advances the watermark: a crash loses at most one step, and a
 * rerun writes the same buckets.
 */
final class RollupJob {

  /**
   * Timestamps per transaction. Measured on the embedded store with its edge-box limits (32 MB, one
   * thread): a thousand 1 Hz tags take about 4.5 s an hour, so a step holds appends back about a
   * second.
   */
  static final long STEP = 15 * 60_000L;

  static final long RESTART_HORIZON = Age.DAY;

  private final SampleStore store;
  private final RollupLevel level;
  private final Age longestRaw;
  private final LongSupplier oldestCommitted;
  private long late = Long.MAX_VALUE;
  private boolean restarted = true;

  /**
   * @param longestRaw the longest any tag's raw samples are kept
   * @param oldestCommitted the oldest sample timestamp committed since the last call, {@link
   *     Long#MAX_VALUE} when none
   */
  RollupJob(SampleStore store, RollupLevel level, Age longestRaw, LongSupplier oldestCommitted) {
    this.store = store;
    this.level = level;
    this.longestRaw = longestRaw;
    this.oldestCommitted = oldestCommitted;
  }

  /**
   * @return the rollup buckets written
   */
  long run(long now) {
    // Taken first: a batch committed from here on is reported to the next run. Kept until the
    // run succeeds, so that a failed run does not forget it.
    late = Math.min(late, oldestCommitted.getAsLong());
    long to = level.bucketOf(now);
    OptionalLong watermark = store.rollupWatermark(level.width());
    long from;
    if (watermark.isEmpty()) {
      // The first run over this store: roll up what is there, as far back as rollups are kept.
      from = store.oldestTimestamp().orElse(to);
    } else {
      from = Math.min(watermark.getAsLong(), late);
      if (restarted) {
        from = Math.min(from, now - RESTART_HORIZON);
      }
    }
    // Nothing older is worth the steps: rollups that old expire at once, and a late sample that
    // old is older than every tag's raw retention and goes at the next retention run. This keeps a
    // device whose clock says 1970 from sending the job through fifty years of empty hours.
    from = Math.max(from, level.keep().keptFrom(now));
    if (watermark.isPresent() && !longestRaw.isForever()) {
      from = Math.max(from, longestRaw.keptFrom(now) - Age.DAY);
    }
    // A step ends on a bucket boundary: a roll-up writes each bucket from the samples of its own
    // range, so a step that cut an hour bucket would leave it with only its last quarter.
    long step = Math.ceilDiv(STEP, level.width()) * level.width();
    long written = 0;
    for (long start = level.bucketOf(from); start < to; ) {
      if (Thread.currentThread().isInterrupted()) {
        return written;
      }
      long end = Math.min(to, Math.floorDiv(start, step) * step + step);
      written += store.rollUp(start, end, level.width());
      start = end;
    }
    late = Long.MAX_VALUE;
    restarted = false;
    return written;
  }
}
