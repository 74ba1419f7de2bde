package io.millwright.historian.duckdb;

import io.millwright.historian.store.SampleStore;
import io.millwright.historian.store.SampleStoreContract;
import java.nio.file.Path;

class DuckDbStoreTest extends SampleStoreContract {

  @Override
  protected SampleStore open(Path dir) {
    return DuckDbStore.open(dir);
  }
}
