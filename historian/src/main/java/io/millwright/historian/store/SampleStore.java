package io.millwright.historian.store;

import java.util.List;

/**
 * Where the historian keeps samples: an embedded engine by default, PostgreSQL when configured.
 * Implementations are thread-safe. Tag filters are MQTT-style over the tag's UNS path: {@code +}
 * matches one level, a trailing {@code #} any number of levels ({@code acme/plant-1/pressing/#}).
 */
public interface SampleStore extends AutoCloseable {

  /**
   * Stores a batch and returns once it is durable: committed samples survive {@code kill -9} of the
   * process (and, with the store's documented fsync policy, a power loss). A sample with the same
   * tag and timestamp as a stored one is the same reading sent twice (a backfill after an outage):
   * it is kept once. Samples may arrive in any time order.
   *
   * @throws StoreException when the batch could not be made durable (disk full, I/O error); none of
   *     it counts as stored, the caller keeps it and retries
   */
  void append(List<StoredSample> samples);

  /** The latest sample of every tag matching the filter, by tag path, at most {@code limit}. */
  List<StoredSample> latest(String tagFilter, int limit);

  /**
   * The samples of one tag with {@code from <= timestamp < to}, oldest first, at most {@code
   * limit}; the next page starts at the last timestamp returned plus one.
   */
  List<StoredSample> raw(String tag, long fromMillis, long toMillis, int limit);

  /** Aggregates of one numeric tag's Good samples in buckets of {@code bucketMillis}. */
  List<Bucket> aggregate(String tag, long fromMillis, long toMillis, long bucketMillis);

  /** The tag paths matching the filter, sorted, at most {@code limit}. */
  List<String> tags(String tagFilter, int limit);

  /** Bytes the store occupies on disk (or in the database), for metrics and the benchmark. */
  long diskBytes();

  @Override
  void close();
}
