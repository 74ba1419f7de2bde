package io.millwright.historian.duckdb;

import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Value;
import io.millwright.historian.store.StoredSample;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process of {@link DuckDbStoreCrashTest}: appends numbered batches until it is killed,
 * printing {@code acked N} once batch N's append has returned, and re-sending every third batch to
 * exercise duplicates across a crash and across compactions.
 */
public final class AppendUntilKilled {

  static final int TAGS = 100;
  static final int STEPS = 10;
  static final long T0 = 1_767_225_600_000L;

  private AppendUntilKilled() {}

  static String tag(int t) {
    return "crash/machine-" + t + "/value";
  }

  /** Batch n: every tag at STEPS timestamps, value n * 1000 + step. */
  static List<StoredSample> batch(int n) {
    List<StoredSample> samples = new ArrayList<>(TAGS * STEPS);
    for (int step = 0; step < STEPS; step++) {
      long ts = T0 + (long) (n * STEPS + step) * 1000;
      for (int t = 0; t < TAGS; t++) {
        samples.add(new StoredSample(tag(t), ts, Value.of(n * 1000.0 + step), Quality.GOOD));
      }
    }
    return samples;
  }

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    // A compaction every few batches, so that the kill may also land inside one.
    try (DuckDbStore store =
        DuckDbStore.open(Path.of(args[0]), DuckDbSettings.DEFAULTS, 3 * TAGS * STEPS)) {
      for (int n = 0; ; n++) {
        store.append(batch(n));
        if (n % 3 == 2) {
          store.append(batch(n - 1));
        }
        out.println("acked " + n);
      }
    }
  }
}
