package io.millwright.historian.ingest;

import io.millwright.core.namespace.InvalidNameException;
import io.millwright.core.namespace.UnsPath;
import io.millwright.historian.store.SampleStore;
import io.millwright.historian.store.StoreException;
import io.millwright.historian.store.StoredSample;
import io.millwright.uns.mirror.MachinePlacement;
import io.millwright.uns.sparkplug.host.DeviceKey;
import io.millwright.uns.sparkplug.host.MetricSample;
import io.millwright.uns.sparkplug.host.SparkplugListener;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * From the namespace into the store: decoded samples are queued, and one writer thread commits them
 * in batches (group commit: one durable commit per batch, not per sample). When the store cannot
 * write (a full disk, a database away), the writer keeps its batch, tells the owner to stop
 * accepting ({@code onStoreDown}: the historian takes its Sparkplug STATE offline, so the edge
 * nodes buffer), retries, and once a commit succeeds again tells it to accept again ({@code
 * onStoreUp}): the edge nodes then backfill. Nothing the namespace delivered is dropped on the way.
 */
public final class HistorianIngest implements SparkplugListener, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(HistorianIngest.class.getName());

  /** Largest batch per commit: big enough to amortise the commit, small enough to bound latency. */
  static final int BATCH = 10_000;

  /** How long the writer waits for a batch to fill before it commits what it has. */
  static final Duration LINGER = Duration.ofMillis(50);

  static final Duration RETRY = Duration.ofSeconds(2);

  private final SampleStore store;
  private final String enterprise;
  private final String site;
  private final Map<String, MachinePlacement> machines;
  private final BlockingQueue<StoredSample> queue;
  private final Runnable onStoreDown;
  private final Runnable onStoreUp;
  private final Thread writer;
  private final LongAdder stored = new LongAdder();
  private final LongAdder commits = new LongAdder();
  private final LongAdder storeFailures = new LongAdder();
  private final LongAdder skipped = new LongAdder();
  private final AtomicLong oldestCommitted = new AtomicLong(Long.MAX_VALUE);
  private volatile boolean storeDown;
  private volatile boolean closing;

  /**
   * @param machines where each machine (Sparkplug device) sits below the site, to build tag paths
   * @param capacity samples the queue holds before delivery blocks (back-pressure on the MQTT
   *     client rather than loss)
   */
  public HistorianIngest(
      SampleStore store,
      String enterprise,
      String site,
      Map<String, MachinePlacement> machines,
      int capacity,
      Runnable onStoreDown,
      Runnable onStoreUp) {
    this.store = store;
    this.enterprise = enterprise;
    this.site = site;
    this.machines = Map.copyOf(machines);
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.onStoreDown = onStoreDown;
    this.onStoreUp = onStoreUp;
    this.writer = Thread.ofPlatform().name("historian-writer").daemon().unstarted(this::write);
  }

  public void start() {
    writer.start();
  }

  @Override
  public void onSamples(DeviceKey device, List<MetricSample> samples) {
    if (device.isNode()) {
      return; // node metrics (bdSeq, Node Control/...) belong to no machine
    }
    MachinePlacement placement = machines.get(device.device());
    if (placement == null) {
      skipped.add(samples.size());
      return;
    }
    for (MetricSample m : samples) {
      String tag;
      try {
        tag =
            new UnsPath(
                    enterprise,
                    site,
                    placement.area(),
                    placement.line(),
                    device.device(),
                    m.metric())
                .toString();
      } catch (InvalidNameException e) {
        skipped.increment();
        continue;
      }
      try {
        queue.put(
            new StoredSample(
                tag, m.sample().timestamp(), m.sample().value(), m.sample().quality()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void write() {
    List<StoredSample> batch = new ArrayList<>(BATCH);
    while (!closing || !queue.isEmpty() || !batch.isEmpty()) {
      try {
        if (batch.isEmpty()) {
          StoredSample first = queue.poll(LINGER.toMillis(), TimeUnit.MILLISECONDS);
          if (first == null) {
            continue;
          }
          batch.add(first);
          // Let a burst gather into one commit.
          long deadline = System.nanoTime() + LINGER.toNanos();
          while (batch.size() < BATCH) {
            long left = deadline - System.nanoTime();
            StoredSample next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
            if (next == null) {
              break;
            }
            batch.add(next);
            queue.drainTo(batch, BATCH - batch.size());
          }
        }
        commit(batch);
      } catch (InterruptedException e) {
        if (closing) {
          // close() interrupts only a writer stuck waiting on a store that does not come back.
          return;
        }
      }
    }
  }

  private void commit(List<StoredSample> batch) throws InterruptedException {
    try {
      store.append(batch);
    } catch (StoreException e) {
      storeFailures.increment();
      if (!storeDown) {
        storeDown = true;
        LOG.log(
            Level.ERROR,
            "historian: the store cannot write ("
                + e.getMessage()
                + "); going offline so that the edge nodes keep their data, retrying every "
                + RETRY.toSeconds()
                + " s");
        onStoreDown.run();
      }
      Thread.sleep(RETRY.toMillis());
      return; // the batch is kept and tried again
    }
    stored.add(batch.size());
    commits.increment();
    long oldest = Long.MAX_VALUE;
    for (StoredSample s : batch) {
      oldest = Math.min(oldest, s.timestamp());
    }
    oldestCommitted.accumulateAndGet(oldest, Math::min);
    batch.clear();
    if (storeDown) {
      storeDown = false;
      LOG.log(Level.INFO, "historian: the store writes again; back online");
      onStoreUp.run();
    }
  }

  /** Whether the last commit failed: the historian is offline until one succeeds. */
  public boolean storeDown() {
    return storeDown;
  }

  public long stored() {
    return stored.sum();
  }

  public long commits() {
    return commits.sum();
  }

  public long storeFailures() {
    return storeFailures.sum();
  }

  /** Samples of machines with no placement (not configured here) or invalid names. */
  public long skipped() {
    return skipped.sum();
  }

  /**
   * The oldest sample timestamp committed since the last call, {@link Long#MAX_VALUE} when none:
   * the rollups computed since may miss it, a late sample backfilled after an outage.
   */
  public long takeOldestCommitted() {
    return oldestCommitted.getAndSet(Long.MAX_VALUE);
  }

  public int queued() {
    return queue.size();
  }

  /**
   * Commits what is queued, then stops the writer, waiting at most {@code within}. Call it after
   * the host session is closed, so nothing new arrives. If the store is down the whole time, the
   * samples still queued are lost: they came live (QoS 0, as Sparkplug sends data), and the edge
   * nodes only buffer what they send while the historian's STATE is offline.
   */
  public void close(Duration within) {
    closing = true;
    try {
      writer.join(within.toMillis());
      if (writer.isAlive()) {
        writer.interrupt();
        writer.join(1_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
