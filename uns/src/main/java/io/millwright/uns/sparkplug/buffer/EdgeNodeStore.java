package io.millwright.uns.sparkplug.buffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * What an edge node keeps on disk, in one MVStore file: the store-and-forward buffer, the 64-bit
 * per-device sample sequences and the Sparkplug bdSeq. Not thread-safe, except {@link
 * #awaitDurable} and {@link #changes}: the edge node session calls the rest under its lock.
 *
 * <p>Durability (RELIABILITY T1, T2), by group commit: one writer thread owns every commit. A
 * caller that needs a change on disk takes {@link #changes()} after making it and calls {@link
 * #awaitDurable} (without holding its own lock); the writer commits everything changed so far,
 * forces it to disk ({@code fsync}) and wakes every caller whose change that covered, so callers
 * that arrive while a sync runs share the next one. The session does this for every buffered sample
 * before {@code publish} returns, so a sample the buffer accepted survives {@code kill -9} and
 * power loss. Removals (samples replayed to the host) and put-backs of failed live publishes are
 * only committed by the writer's periodic pass, every {@value #COMMIT_DELAY_MS} ms: a crash before
 * it replays them again, which consumers drop by sequence. Sequence numbers are handed out from
 * blocks of {@value #SEQUENCE_BLOCK} whose end is synced before the first number is used, so a
 * restart, even after {@code kill -9}, never reuses a number (it skips the rest of the block
 * instead).
 */
public final class EdgeNodeStore implements AutoCloseable {

  static final String FILE_NAME = "sparkplug-edge.mv.db";
  static final int COMMIT_DELAY_MS = 200;
  static final long SEQUENCE_BLOCK = 10_000;

  private static final Logger LOG = Logger.getLogger(EdgeNodeStore.class.getName());
  private static final String BD_SEQ = "\u0000bdSeq";

  private final MVStore store;
  private final MVMap<Long, byte[]> buffer;
  private final MVMap<String, Long> counters;
  private final BufferLimits limits;
  private final Map<String, long[]> sequences = new HashMap<>();
  private long nextKey;
  private long bytes;
  private long dropped;

  /** Changes that callers may wait for; see {@link #changes()}. */
  private final AtomicLong changes = new AtomicLong();

  private final ReentrantLock durability = new ReentrantLock();
  private final Condition work = durability.newCondition();
  private final Condition synced = durability.newCondition();
  // Guarded by durability.
  private long requested;
  private long durable;
  private boolean stopping;
  private RuntimeException writeFailure;

  private final Thread writer;

  /** One buffered sample with its place in the buffer. */
  public record Entry(long key, BufferedSample sample) {}

  public EdgeNodeStore(Path directory, BufferLimits limits) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the edge node data directory " + directory, e);
    }
    this.limits = limits;
    // No MVStore background writer: its commits write asynchronously, so a sync after them could
    // miss data. The writer thread below does every commit.
    this.store =
        new MVStore.Builder()
            .fileName(directory.resolve(FILE_NAME).toString())
            .autoCommitDisabled()
            .open();
    this.buffer = store.openMap("buffer");
    this.counters = store.openMap("counters");
    Long last = buffer.lastKey();
    nextKey = last == null ? 0 : last + 1;
    for (Cursor<Long, byte[]> c = buffer.cursor(null); c.hasNext(); ) {
      c.next();
      bytes += c.getValue().length;
    }
    enforceLimits();
    this.writer =
        Thread.ofPlatform()
            .daemon()
            .name("sparkplug-buffer-writer-" + directory.getFileName())
            .start(this::writeLoop);
  }

  /** The next 64-bit sequence of a device; starts at 1, never repeats, even across restarts. */
  public long nextSequence(String device) {
    long[] block = sequences.get(device);
    if (block == null) {
      Long reserved = counters.get(device);
      long start = reserved == null ? 1 : reserved + 1;
      block = new long[] {start, start - 1};
      sequences.put(device, block);
    }
    if (block[0] > block[1]) {
      block[1] = block[0] + SEQUENCE_BLOCK - 1;
      counters.put(device, block[1]);
      awaitDurable(changes.incrementAndGet());
    }
    return block[0]++;
  }

  /**
   * The bdSeq for the next MQTT session, 0 to 255 (Sparkplug 3.0, tck-id-payloads-nbirth-bdseq).
   */
  public long nextBdSeq() {
    Long last = counters.get(BD_SEQ);
    long next = last == null ? 0 : (last + 1) & 0xFF;
    counters.put(BD_SEQ, next);
    awaitDurable(changes.incrementAndGet());
    return next;
  }

  /**
   * Appends a sample; drops the oldest while a limit is exceeded. It is on disk once {@link
   * #awaitDurable} returns for a {@link #changes()} taken after this.
   */
  public void add(BufferedSample sample) {
    put(nextKey++, sample);
  }

  /**
   * A key for a sample sent live instead of buffered: where it goes with {@link #put} if its
   * publish fails, so the buffer keeps the order in which samples were accepted.
   */
  public long reserveKey() {
    return nextKey++;
  }

  /**
   * Puts a sample (back) at a key from {@link #reserveKey} or {@link Entry#key}, e.g. one whose
   * publish failed; drops the oldest while a limit is exceeded.
   *
   * @return false when the key held a sample already (put back twice)
   */
  public boolean put(long key, BufferedSample sample) {
    byte[] encoded = sample.toBytes();
    byte[] replaced = buffer.put(key, encoded);
    bytes += encoded.length - (replaced == null ? 0 : replaced.length);
    enforceLimits();
    changes.incrementAndGet();
    return replaced == null;
  }

  /** A mark for the changes made so far, for {@link #awaitDurable}. Thread-safe. */
  public long changes() {
    return changes.get();
  }

  /**
   * Returns once the changes up to {@code mark} are committed and synced to disk, sharing the
   * commit with every other caller waiting meanwhile (group commit). Thread-safe; call it without
   * holding a lock the writer of other changes needs, as the wait lasts a commit and an {@code
   * fsync}. Waits uninterruptibly: an interrupt is kept for the caller, not lost with the sample.
   *
   * @throws IllegalStateException when the store cannot write to disk (e.g. disk full, I/O error):
   *     the change is not durable
   */
  public void awaitDurable(long mark) {
    durability.lock();
    try {
      if (mark > requested) {
        requested = mark;
        work.signal();
      }
      while (durable < mark) {
        if (writeFailure != null) {
          throw new IllegalStateException(
              "the store-and-forward buffer cannot write to disk", writeFailure);
        }
        synced.awaitUninterruptibly();
      }
    } finally {
      durability.unlock();
    }
  }

  /**
   * Commits and syncs when a caller waits, and every {@value #COMMIT_DELAY_MS} ms when anything
   * changed (e.g. removals), until {@link #close}.
   */
  private void writeLoop() {
    while (true) {
      long target;
      durability.lock();
      try {
        if (!stopping && requested <= durable) {
          try {
            work.await(COMMIT_DELAY_MS, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        if (stopping || writeFailure != null) {
          return;
        }
        target = changes.get();
      } finally {
        durability.unlock();
      }
      RuntimeException failure = null;
      try {
        if (store.hasUnsavedChanges()) {
          store.commit();
          store.sync();
        }
      } catch (RuntimeException e) {
        failure = e;
        LOG.log(Level.SEVERE, "the store-and-forward buffer cannot write to disk", e);
      }
      durability.lock();
      try {
        if (failure != null) {
          writeFailure = failure;
        } else {
          durable = Math.max(durable, target);
        }
        synced.signalAll();
      } finally {
        durability.unlock();
      }
    }
  }

  /**
   * Up to {@code max} entries from {@code fromKey} on, oldest first; records that cannot be read
   * (from a damaged file) are removed and counted as dropped.
   */
  public List<Entry> read(long fromKey, int max) {
    List<Entry> out = new ArrayList<>(Math.min(max, 1024));
    List<Long> unreadable = new ArrayList<>();
    for (Cursor<Long, byte[]> c = buffer.cursor(fromKey); c.hasNext() && out.size() < max; ) {
      long key = c.next();
      try {
        out.add(new Entry(key, BufferedSample.fromBytes(c.getValue())));
      } catch (IOException | RuntimeException e) {
        unreadable.add(key);
        LOG.log(Level.WARNING, "dropped an unreadable store-and-forward record: " + e);
      }
    }
    for (long key : unreadable) {
      remove(key);
      dropped++;
    }
    return out;
  }

  public void remove(long key) {
    byte[] removed = buffer.remove(key);
    if (removed != null) {
      bytes -= removed.length;
    }
  }

  public long size() {
    return buffer.sizeAsLong();
  }

  public long bytes() {
    return bytes;
  }

  /** Samples dropped because a limit was reached (or a record was unreadable) since opening. */
  public long dropped() {
    return dropped;
  }

  /** The key after the last entry: where entries added from now on will be. */
  public long endKey() {
    return nextKey;
  }

  private void enforceLimits() {
    while (buffer.sizeAsLong() > limits.maxSamples() || bytes > limits.maxBytes()) {
      Long oldest = buffer.firstKey();
      if (oldest == null) {
        return;
      }
      remove(oldest);
      dropped++;
    }
  }

  /** Stops the writer, then commits, syncs and closes the file. */
  @Override
  public void close() {
    durability.lock();
    try {
      stopping = true;
      work.signal();
    } finally {
      durability.unlock();
    }
    boolean interrupted = false;
    while (writer.isAlive()) {
      try {
        writer.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    RuntimeException failure = null;
    long target = changes.get();
    try {
      if (!store.isClosed()) {
        store.commit();
        store.sync();
        store.close();
      }
    } catch (RuntimeException e) {
      failure = e;
      store.closeImmediately();
    }
    durability.lock();
    try {
      if (failure != null) {
        writeFailure = writeFailure == null ? failure : writeFailure;
      } else {
        durable = Math.max(durable, target);
      }
      synced.signalAll();
    } finally {
      durability.unlock();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure != null) {
      throw failure;
    }
  }
}
