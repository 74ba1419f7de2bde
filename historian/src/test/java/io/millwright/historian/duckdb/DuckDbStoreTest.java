package io.millwright.historian.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.historian.store.SampleStore;
import io.millwright.historian.store.SampleStoreContract;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DuckDbStoreTest extends SampleStoreContract {

  @Override
  protected SampleStore open(Path dir) {
    return DuckDbStore.open(dir);
  }

  /** The tag search narrows by the filter's prefix; "a/#" must still match "a" as in MQTT. */
  @Test
  void aFilterEndingInHashMatchesItsParentLevelAndNoSiblingWithTheSamePrefix() {
    store.append(
        List.of(
            good("acme/plant-1", 1000, 1),
            good("acme/plant-1/press", 1000, 2),
            good("acme/plant-10/press", 1000, 3),
            good("acme/plant-0", 1000, 4)));

    assertThat(store.tags("acme/plant-1/#", 10))
        .containsExactly("acme/plant-1", "acme/plant-1/press");
    assertThat(store.tags("acme/+/press", 10))
        .containsExactly("acme/plant-1/press", "acme/plant-10/press");
  }
}
