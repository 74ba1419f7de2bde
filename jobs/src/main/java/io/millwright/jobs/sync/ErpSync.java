package io.millwright.jobs.sync;

import io.millwright.jobs.erp.Confirmation;
import io.millwright.jobs.erp.Delivery;
import io.millwright.jobs.erp.ErpAdapter;
import io.millwright.jobs.erp.ErpException;
import io.millwright.jobs.erp.OrderBatch;
import io.millwright.jobs.journal.JobJournal;
import io.millwright.jobs.live.JobService;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps the site and the ERP in step on one thread: fetches new orders every poll interval and
 * imports them (the cursor is stored only after the batch is journaled, so a crash fetches it again
 * and the idempotent import makes nothing twice); delivers the journal's messages for the ERP in
 * order, each with its stable id, until the ERP has taken it. While the ERP is away both directions
 * back off from 1 s to 5 min, independently: orders still arrive when confirmations cannot leave.
 */
public final class ErpSync implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(ErpSync.class.getName());

  static final long BACKOFF_FIRST = 1_000;
  static final long BACKOFF_MAX = 300_000;
  static final int FETCH_LIMIT = 500;
  static final int DELIVERY_SLICE = 100;
  private static final Duration IMPORT_TIMEOUT = Duration.ofMinutes(1);

  private final ErpAdapter adapter;
  private final JobService jobs;
  private final JobJournal journal;
  private final Duration pollInterval;
  private final Clock clock;
  private final Thread thread;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition woken = lock.newCondition();
  private boolean wake;
  private volatile boolean closing;

  private final LongAdder fetches = new LongAdder();
  private final LongAdder fetchFailures = new LongAdder();
  private final LongAdder delivered = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder deliveryFailures = new LongAdder();
  private final LongAdder undeliverable = new LongAdder();
  private volatile SyncStatus.Direction in = SyncStatus.Direction.NEVER;
  private volatile SyncStatus.Direction out = SyncStatus.Direction.NEVER;

  // The sync thread only.
  private long fetchPause;
  private long nextFetch;
  private long deliveryPause;
  private long nextDelivery;

  public ErpSync(ErpAdapter adapter, JobService jobs, Duration pollInterval, Clock clock) {
    this.adapter = adapter;
    this.jobs = jobs;
    this.journal = jobs.journal();
    this.pollInterval = pollInterval;
    this.clock = clock;
    this.thread = Thread.ofPlatform().name("erp-sync").daemon().unstarted(this::run);
  }

  public void start() {
    thread.start();
  }

  /** New messages for the ERP are journaled: deliver them now rather than at the next poll. */
  public void wake() {
    lock.lock();
    try {
      wake = true;
      woken.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    while (!closing) {
      long now = clock.millis();
      if (now >= nextFetch) {
        fetch();
      }
      now = clock.millis();
      if (now >= nextDelivery) {
        deliver();
      }
      long until = Math.min(nextFetch, nextDelivery);
      lock.lock();
      try {
        while (!wake && !closing) {
          long left = until - clock.millis();
          if (left <= 0) {
            break;
          }
          woken.await(left, TimeUnit.MILLISECONDS);
        }
        // New messages go out at once, unless the ERP is away and its back-off runs.
        if (wake && deliveryPause == 0) {
          nextDelivery = 0;
        }
        wake = false;
      } catch (InterruptedException e) {
        if (closing) {
          return;
        }
      } finally {
        lock.unlock();
      }
    }
  }

  private void fetch() {
    try {
      boolean more = true;
      while (more && !closing) {
        String cursor = journal.cursor();
        OrderBatch batch = adapter.fetch(cursor, FETCH_LIMIT);
        fetches.increment();
        if (!batch.orders().isEmpty()) {
          jobs.importOrders(batch.orders(), "erp")
              .get(IMPORT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (!batch.cursor().equals(cursor)) {
          journal.cursor(batch.cursor());
        }
        // A full batch means more may wait, unless the cursor did not move (an ERP that lists
        // its open orders without a cursor): asking again would only loop.
        more = batch.orders().size() >= FETCH_LIMIT && !batch.cursor().equals(cursor);
      }
      in = SyncStatus.Direction.ok(clock.millis());
      fetchPause = 0;
      nextFetch = clock.millis() + pollInterval.toMillis();
    } catch (ErpException e) {
      fetchFailed(e.getMessage());
    } catch (ExecutionException e) {
      fetchFailed("the job book could not import: " + e.getCause().getMessage());
    } catch (TimeoutException e) {
      fetchFailed("the job book took over a minute to import a batch");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      fetchFailed(e.getMessage());
    }
  }

  private void fetchFailed(String why) {
    fetchFailures.increment();
    if (fetchPause == 0) {
      LOG.log(System.Logger.Level.WARNING, "ERP orders: " + why + "; retrying with back-off");
    }
    fetchPause = Math.min(BACKOFF_MAX, Math.max(BACKOFF_FIRST, fetchPause * 2));
    long now = clock.millis();
    nextFetch = now + fetchPause;
    in = in.failed(now, why, nextFetch);
  }

  private void deliver() {
    try {
      while (!closing) {
        List<Confirmation> due = journal.undelivered(DELIVERY_SLICE);
        if (due.isEmpty()) {
          break;
        }
        for (Confirmation c : due) {
          try {
            Delivery d = adapter.confirm(c);
            journal.delivered(c, d.name(), clock.millis());
            if (d == Delivery.DUPLICATE) {
              duplicates.increment();
            } else {
              delivered.increment();
            }
          } catch (ErpException e) {
            if (e.retryable()) {
              throw e;
            }
            // Refused for good: it would fail again unchanged. A person looks at it; the next one
            // goes on, so one bad confirmation cannot stop all the others.
            undeliverable.increment();
            jobs.undeliverable(c, e.getMessage())
                .get(IMPORT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            journal.delivered(c, "UNDELIVERABLE", clock.millis());
          }
        }
      }
      out = SyncStatus.Direction.ok(clock.millis());
      deliveryPause = 0;
      nextDelivery = clock.millis() + pollInterval.toMillis();
    } catch (ErpException e) {
      deliveryFailed(e.getMessage());
    } catch (ExecutionException e) {
      deliveryFailed("the job journal could not keep a dead letter: " + e.getCause().getMessage());
    } catch (TimeoutException e) {
      deliveryFailed("the job book took over a minute to keep a dead letter");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      deliveryFailed(e.getMessage());
    }
  }

  private void deliveryFailed(String why) {
    deliveryFailures.increment();
    if (deliveryPause == 0) {
      LOG.log(
          System.Logger.Level.WARNING, "ERP confirmations: " + why + "; retrying with back-off");
    }
    deliveryPause = Math.min(BACKOFF_MAX, Math.max(BACKOFF_FIRST, deliveryPause * 2));
    long now = clock.millis();
    nextDelivery = now + deliveryPause;
    out = out.failed(now, why, nextDelivery);
  }

  /** Where the sync stands, for the API, the UI and health. */
  public SyncStatus status() {
    long backlog;
    try {
      backlog = journal.backlog();
    } catch (IllegalStateException e) {
      backlog = -1;
    }
    return new SyncStatus(
        adapter.describe(),
        in,
        out,
        backlog,
        fetches.sum(),
        fetchFailures.sum(),
        delivered.sum(),
        duplicates.sum(),
        deliveryFailures.sum(),
        undeliverable.sum());
  }

  @Override
  public void close() {
    closing = true;
    wake();
    try {
      thread.join(Duration.ofSeconds(15));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    adapter.close();
  }
}
