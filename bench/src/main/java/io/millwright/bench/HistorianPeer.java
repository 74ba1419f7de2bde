package io.millwright.bench;

import io.millwright.historian.store.StoredSample;
import java.io.IOException;
import java.util.List;

/**
 * A time-series store under the historian benchmark, each with its own idiomatic model and queries.
 * Every query returns the rows it read, so that a wrong query shows as a wrong count.
 */
interface HistorianPeer extends AutoCloseable {

  /** The name and version, as the figures print it. */
  String name();

  /** What the peer's answer to a batch promises: how durable an acknowledged batch is. */
  String ack();

  /** Stores one batch and returns once the peer has acknowledged it. */
  void append(List<StoredSample> batch) throws IOException;

  /**
   * Writes out buffers and compacts where the peer has a way to, so that its size on disk is the
   * size it settles at; says what it did.
   */
  String flush() throws IOException;

  /** The bytes of its data directory on disk. */
  long diskBytes() throws IOException;

  /** The latest sample of every tag whose path starts with the prefix ("" for all tags). */
  int latest(String prefix) throws IOException;

  /** Count, min, max, mean and last of one tag in buckets of {@code bucketMillis}. */
  int aggregate(String tag, long fromMillis, long toMillis, long bucketMillis) throws IOException;

  /** The raw samples of one tag with {@code from <= timestamp < to}. */
  int raw(String tag, long fromMillis, long toMillis) throws IOException;

  /** The process whose resident memory is the peer's: the server's, or this JVM's if embedded. */
  long pid();

  @Override
  void close();
}
