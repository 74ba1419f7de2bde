package io.millwright.historian.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Value;
import io.millwright.historian.store.StoredSample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged database file is moved aside and the store starts empty, instead of staying down. */
class DuckDbCorruptFileTest {

  private static final String PRESS = "acme/plant-1/pressing/line-1/press-01/hydraulics/pressure";

  @TempDir Path dir;

  @Test
  void aFileOfGarbageIsMovedAsideAndTheStoreStartsEmpty() throws IOException {
    byte[] garbage =
        "this is not a database, it is 4 KiB of noise "
            .repeat(100)
            .getBytes(StandardCharsets.UTF_8);
    Files.write(dir.resolve(DuckDbStore.FILE), garbage);

    try (DuckDbStore store = DuckDbStore.open(dir)) {
      assertThat(store.tags("#", 10)).isEmpty();
      store.append(List.of(new StoredSample(PRESS, 1000, Value.of(1.0), Quality.GOOD)));
      assertThat(store.latest("#", 10)).extracting(StoredSample::tag).containsExactly(PRESS);
    }
    List<Path> aside = corruptFiles();
    assertThat(aside).singleElement().satisfies(p -> assertThat(p).hasBinaryContent(garbage));
  }

  @Test
  void damagedHeadersOfAnExistingStoreAreMovedAsideToo() throws IOException {
    try (DuckDbStore store = DuckDbStore.open(dir)) {
      store.append(List.of(new StoredSample(PRESS, 1000, Value.of(1.0), Quality.GOOD)));
      store.checkpoint();
    }
    Path file = dir.resolve(DuckDbStore.FILE);
    byte[] bytes = Files.readAllBytes(file);
    // Both database headers (at 4 and 8 KiB) carry checksums; damaging both fails the open.
    for (int i = 4096 + 8; i < 3 * 4096; i++) {
      bytes[i] ^= 0x5A;
    }
    Files.write(file, bytes);

    try (DuckDbStore store = DuckDbStore.open(dir)) {
      assertThat(store.tags("#", 10)).isEmpty();
    }
    assertThat(corruptFiles()).hasSize(1);
  }

  private List<Path> corruptFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith(DuckDbStore.FILE + ".corrupt-"))
          .toList();
    }
  }
}
