package io.millwright.historian.store;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

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

  /**
   * Aggregates of one numeric tag's Good samples in buckets of {@code bucketMillis}. Where the
   * tag's raw samples have expired, the buckets come from the rollups: exact when the bucket is a
   * multiple of the rollup width; otherwise each rollup bucket counts in the bucket it starts in
   * (narrower buckets come back one per rollup bucket).
   */
  List<Bucket> aggregate(String tag, long fromMillis, long toMillis, long bucketMillis);

  /** The tag paths matching the filter, sorted, at most {@code limit}. */
  List<String> tags(String tagFilter, int limit);

  /** Bytes the store occupies on disk (or in the database), for metrics and the benchmark. */
  long diskBytes();

  /**
   * Computes the rollup buckets of {@code widthMillis} for every tag from its raw samples with
   * {@code from <= timestamp < to} (both multiples of the width) and writes them over the ones
   * stored, in one transaction that also advances the watermark to {@code to}. Buckets of a tag
   * before its {@link #expireRaw expiry} are left alone, since their raw samples are gone. Running
   * it again gives the same rollups.
   *
   * @return the rollup buckets written
   */
  long rollUp(long fromMillis, long toMillis, long widthMillis);

  /**
   * How far rollups of this width are complete (every sample committed before the last {@link
   * #rollUp} with a timestamp before this is in them); empty when none were computed, or for
   * another width.
   */
  OptionalLong rollupWatermark(long widthMillis);

  /** The oldest raw sample's timestamp; empty when there is none. */
  OptionalLong oldestTimestamp();

  /**
   * Deletes each tag's raw samples older than its time and records that time, after which {@link
   * #aggregate} answers from the rollups. A tag's time never moves back. Works in chunks, each a
   * transaction of its own, so that appends are not held up for long.
   *
   * @param keepFromByTag the first timestamp still kept, by tag path
   * @return the raw samples deleted
   */
  long expireRaw(Map<String, Long> keepFromByTag);

  /**
   * Deletes the rollup buckets starting before the time.
   *
   * @return the buckets deleted
   */
  long expireRollups(long beforeMillis);

  @Override
  void close();
}
