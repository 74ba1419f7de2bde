package io.millwright.historian.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.historian.store.StoredSample;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability the hard way: a child JVM appends batches and is killed with SIGKILL mid-stream; every
 * batch it acknowledged must be there after reopening, each sample exactly once.
 */
class DuckDbStoreCrashTest {

  private static final int ACKS_BEFORE_KILL = 40;

  @TempDir Path dir;

  @Test
  void everyAcknowledgedBatchSurvivesKillNineExactlyOnce() throws Exception {
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                AppendUntilKilled.class.getName(),
                dir.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    int lastAcked = -1;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (lastAcked < ACKS_BEFORE_KILL && (line = out.readLine()) != null) {
        lastAcked = Integer.parseInt(line.substring("acked ".length()));
      }
      // Killed while it is most likely inside the next append.
      child.destroyForcibly();
      child.waitFor();
    } catch (IOException e) {
      child.destroyForcibly();
      throw e;
    }
    assertThat(lastAcked).as("the child acknowledged batches").isEqualTo(ACKS_BEFORE_KILL);

    try (DuckDbStore store = DuckDbStore.open(dir)) {
      long end = AppendUntilKilled.T0 + (long) (lastAcked + 1) * AppendUntilKilled.STEPS * 1000;
      for (int t = 0; t < AppendUntilKilled.TAGS; t++) {
        String tag = AppendUntilKilled.tag(t);
        List<StoredSample> stored = store.raw(tag, AppendUntilKilled.T0, end, 1_000_000);
        List<StoredSample> expected =
            java.util.stream.IntStream.rangeClosed(0, lastAcked)
                .mapToObj(AppendUntilKilled::batch)
                .flatMap(List::stream)
                .filter(s -> s.tag().equals(tag))
                .toList();
        assertThat(stored).as(tag).isEqualTo(expected);
        assertThat(store.aggregate(tag, AppendUntilKilled.T0, end, 86_400_000L))
            .singleElement()
            .satisfies(b -> assertThat(b.count()).isEqualTo(expected.size()));
        // Batches after the last acknowledged one may have committed before the kill: latest is
        // the newest stored sample, which is at least the last acknowledged one.
        assertThat(store.latest(tag, 1))
            .singleElement()
            .satisfies(
                latest -> {
                  assertThat(latest.timestamp())
                      .isGreaterThanOrEqualTo(expected.getLast().timestamp());
                  assertThat(store.raw(tag, latest.timestamp(), latest.timestamp() + 1, 1))
                      .containsExactly(latest);
                  assertThat(store.raw(tag, latest.timestamp() + 1, Long.MAX_VALUE, 1)).isEmpty();
                });
      }
      // The store takes new batches after the crash. (T0 is midnight UTC, so one day-wide bucket
      // holds the whole run.)
      store.append(AppendUntilKilled.batch(lastAcked + 1000));
    }
  }
}
