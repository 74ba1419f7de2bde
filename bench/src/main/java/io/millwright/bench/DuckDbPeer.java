package io.millwright.bench;

import io.millwright.historian.duckdb.DuckDbStore;
import io.millwright.historian.store.StoredSample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Millwright's embedded store (DuckDB) through the same harness as the peers, so that its row in
 * the comparison comes from the same run; bench/historian.sh remains its own benchmark.
 */
final class DuckDbPeer implements HistorianPeer {

  private final Path directory;
  private final DuckDbStore store;

  private DuckDbPeer(Path directory, DuckDbStore store) {
    this.directory = directory;
    this.store = store;
  }

  static DuckDbPeer open(Path directory) {
    Path dir = directory.resolve("duckdb");
    return new DuckDbPeer(dir, DuckDbStore.open(dir));
  }

  @Override
  public String name() {
    return "Millwright embedded (DuckDB)";
  }

  @Override
  public String ack() {
    return "durable: append returns once the batch is committed (the store's contract)";
  }

  @Override
  public void append(List<StoredSample> batch) {
    store.append(batch);
  }

  /** As HistorianStoreBenchmark does: the rest of the inbox compacted, then a checkpoint. */
  @Override
  public String flush() {
    long started = System.nanoTime();
    store.compact();
    store.checkpoint();
    return "compaction of the rest of the inbox and checkpoint, %.1f s"
        .formatted((System.nanoTime() - started) / 1e9);
  }

  @Override
  public long diskBytes() throws IOException {
    return DiskUsage.bytes(directory);
  }

  /** The store takes MQTT-style filters: a prefix of whole levels is {@code prefix/#}. */
  @Override
  public int latest(String prefix) {
    return store.latest(prefix + "#", Integer.MAX_VALUE).size();
  }

  @Override
  public int aggregate(String tag, long fromMillis, long toMillis, long bucketMillis) {
    return store.aggregate(tag, fromMillis, toMillis, bucketMillis).size();
  }

  @Override
  public int raw(String tag, long fromMillis, long toMillis) {
    return store.raw(tag, fromMillis, toMillis, 100_000).size();
  }

  @Override
  public long pid() {
    return ProcessHandle.current().pid();
  }

  @Override
  public void close() {
    store.close();
  }
}
