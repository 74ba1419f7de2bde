package io.millwright.historian.duckdb;

import io.millwright.historian.store.SampleStore;
import io.millwright.historian.store.SampleStoreContract;
import java.nio.file.Path;

/**
 * The whole contract with a compaction after every append, so that every case also reads from
 * compacted samples, from compacted samples plus the inbox, and across restarts after compactions.
 */
class DuckDbStoreCompactingTest extends SampleStoreContract {

  @Override
  protected SampleStore open(Path dir) {
    return DuckDbStore.open(dir, DuckDbSettings.DEFAULTS, 1);
  }
}
