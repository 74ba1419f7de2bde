package io.millwright.historian.retention;

import io.millwright.historian.store.SampleStore;
import io.millwright.historian.store.StoreException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The historian's maintenance on one thread: at start and then {@link #EVERY} after each run ends,
 * rollups are brought up to date; at start and then every {@link #RETENTION_EVERY}, what the policy
 * no longer keeps is expired (ages count in whole days, so more often would find nothing new). A
 * run that fails (the store is down) is counted and logged, and the next one tries again.
 */
public final class Maintenance implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Maintenance.class.getName());

  public static final Duration EVERY = Duration.ofMinutes(1);
  public static final Duration RETENTION_EVERY = Duration.ofHours(1);

  private final Clock clock;
  private final RollupJob rollups;
  private final RetentionJob retention;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("historian-maintenance").daemon().factory());
  private final AtomicLong samplesExpired = new AtomicLong();
  private final AtomicLong rollupBucketsWritten = new AtomicLong();
  private final AtomicLong rollupBucketsExpired = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong lastRunMillis = new AtomicLong();
  private long lastRetention = Long.MIN_VALUE;

  /**
   * @param oldestCommitted the oldest sample timestamp the ingest committed since it was last
   *     asked, {@link Long#MAX_VALUE} when none
   */
  public Maintenance(
      SampleStore store, RetentionPolicy policy, LongSupplier oldestCommitted, Clock clock) {
    this.clock = clock;
    this.rollups =
        policy
            .rollup()
            .map(r -> new RollupJob(store, r, policy.raw().longest(), oldestCommitted))
            .orElse(null);
    this.retention = new RetentionJob(store, policy);
  }

  public void start() {
    thread.scheduleWithFixedDelay(this::runLogged, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * One run: rollups, then retention when it is due.
   *
   * @throws StoreException when the store fails; what was committed before stays
   */
  public void run() {
    long started = System.nanoTime();
    long now = clock.millis();
    if (rollups != null) {
      rollupBucketsWritten.addAndGet(rollups.run(now));
    }
    if (lastRetention == Long.MIN_VALUE || now - lastRetention >= RETENTION_EVERY.toMillis()) {
      samplesExpired.addAndGet(retention.expireRaw(now));
      rollupBucketsExpired.addAndGet(retention.expireRollups(now));
      lastRetention = now;
    }
    lastRunMillis.set(Duration.ofNanos(System.nanoTime() - started).toMillis());
  }

  private void runLogged() {
    try {
      run();
    } catch (StoreException e) {
      failures.incrementAndGet();
      LOG.log(Level.WARNING, "historian maintenance failed, retrying in " + EVERY, e);
    } catch (RuntimeException e) {
      // The schedule stops for good if an exception escapes; count it and carry on.
      failures.incrementAndGet();
      LOG.log(Level.ERROR, "historian maintenance failed unexpectedly", e);
    }
  }

  public long samplesExpired() {
    return samplesExpired.get();
  }

  public long rollupBucketsWritten() {
    return rollupBucketsWritten.get();
  }

  public long rollupBucketsExpired() {
    return rollupBucketsExpired.get();
  }

  public long failures() {
    return failures.get();
  }

  /** How long the last completed run took. */
  public long lastRunMillis() {
    return lastRunMillis.get();
  }

  /** Stops the thread; a run under way stops at its next step. */
  @Override
  public void close() {
    thread.shutdownNow();
    try {
      if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.log(Level.WARNING, "historian maintenance did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
