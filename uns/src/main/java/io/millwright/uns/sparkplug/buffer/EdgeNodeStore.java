package io.millwright.uns.sparkplug.buffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * What an edge node keeps on disk, in one MVStore file: the store-and-forward buffer, the 64-bit
 * per-device sample sequences and the Sparkplug bdSeq. Not thread-safe: the edge node session calls
 * it under its lock.
 *
 * <p>Durability: the buffer is committed by MVStore's background writer every {@value
 * #COMMIT_DELAY_MS} ms and on close, so a {@code kill -9} loses at most that much of the buffer.
 * Sequence numbers are handed out from blocks of {@value #SEQUENCE_BLOCK} whose end is written and
 * synced before the first number is used, so a restart, even after {@code kill -9}, never reuses a
 * number (it skips the rest of the block instead).
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

  /** One buffered sample with its place in the buffer. */
  public record Entry(long key, BufferedSample sample) {}

  public EdgeNodeStore(Path directory, BufferLimits limits) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the edge node data directory " + directory, e);
    }
    this.limits = limits;
    this.store = new MVStore.Builder().fileName(directory.resolve(FILE_NAME).toString()).open();
    store.setAutoCommitDelay(COMMIT_DELAY_MS);
    this.buffer = store.openMap("buffer");
    this.counters = store.openMap("counters");
    Long last = buffer.lastKey();
    nextKey = last == null ? 0 : last + 1;
    for (Cursor<Long, byte[]> c = buffer.cursor(null); c.hasNext(); ) {
      c.next();
      bytes += c.getValue().length;
    }
    enforceLimits();
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
      store.commit();
      store.sync();
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
    store.commit();
    return next;
  }

  /** Appends a sample; drops the oldest while a limit is exceeded. */
  public void add(BufferedSample sample) {
    byte[] encoded = sample.toBytes();
    buffer.put(nextKey++, encoded);
    bytes += encoded.length;
    enforceLimits();
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

  @Override
  public void close() {
    store.close();
  }
}
