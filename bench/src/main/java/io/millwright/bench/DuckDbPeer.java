package io.millwright.bench;

import io.millwright.historian.duckdb.DuckDbStore;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Millwright's embedded store (DuckDB) through the same harness as the peers, so that its row in
 * the comparison comes from the same run; bench/historian.sh remains its own benchmark.
 */
final class DuckDbPeer extends SampleStorePeer {

  private final Path directory;
  private final DuckDbStore store;

  private DuckDbPeer(Path directory, DuckDbStore store) {
    super(store);
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

  @Override
  public long pid() {
    return ProcessHandle.current().pid();
  }
}
