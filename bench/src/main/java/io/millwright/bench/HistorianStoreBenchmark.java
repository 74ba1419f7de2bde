package io.millwright.bench;

import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Value;
import io.millwright.historian.duckdb.DuckDbStore;
import io.millwright.historian.store.StoredSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Prints the figures of the embedded backend (not a test: timings are reported, never asserted).
 * Usage: {@code bench/historian.sh [steps, default 360]} (the script makes the empty directory).
 * 10,000 tags, one batch of 10,000 samples per 10 s step (80% random-walk doubles with 2 decimals,
 * 15% counters, 5% booleans), each batch one durable append; plus one tag at 1 Hz for 24 hours.
 */
public final class HistorianStoreBenchmark {

  private static final int TAGS = 10_000;
  private static final long T0 = 1_767_225_600_000L;
  private static final long STEP = 10_000;

  private HistorianStoreBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 360;
    Random random = new Random(42);
    double[] walk = new double[TAGS];
    Arrays.setAll(walk, i -> 20 + random.nextInt(200));
    try (DuckDbStore store = DuckDbStore.open(dir)) {
      long samples = 0;
      long started = System.nanoTime();
      for (int step = 0; step < steps; step++) {
        List<StoredSample> batch = new ArrayList<>(TAGS);
        for (int t = 0; t < TAGS; t++) {
          batch.add(
              new StoredSample(
                  tag(t), T0 + step * STEP, value(t, step, walk, random), Quality.GOOD));
        }
        store.append(batch);
        samples += batch.size();
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf(
          "ingest: %,d samples in %.2f s = %,.0f samples/s durable (batches of %,d)%n",
          samples, seconds, samples / seconds, TAGS);
      // The appends compacted each full inbox already (their time is in the figure above); the
      // rest is compacted as the role would at its next threshold, timed on its own.
      long compacting = System.nanoTime();
      store.compact();
      double compactSeconds = (System.nanoTime() - compacting) / 1e9;
      System.out.printf(
          "compaction of the rest of the inbox: %.2f s; ingest including it: %,.0f samples/s%n",
          compactSeconds, samples / (seconds + compactSeconds));
      store.checkpoint();
      System.out.printf(
          "disk after checkpoint: %,d bytes = %.2f bytes/sample%n",
          store.diskBytes(), (double) store.diskBytes() / samples);

      String oneHz = "acme/plant-1/utilities/compressor-01/air/pressure";
      double v = 6.5;
      for (int chunk = 0; chunk < 86_400; chunk += 10_000) {
        List<StoredSample> batch = new ArrayList<>();
        for (int s = chunk; s < Math.min(chunk + 10_000, 86_400); s++) {
          v = Math.round((v + random.nextGaussian() * 0.01) * 100) / 100.0;
          batch.add(new StoredSample(oneHz, T0 + s * 1000L, Value.of(v), Quality.GOOD));
        }
        store.append(batch);
      }
      store.compact();
      store.checkpoint();

      List<String> thousand = new ArrayList<>();
      for (int t = 0; t < 1000; t++) {
        thousand.add(tag(t * 7));
      }
      time(
          "latest of 1,000 tags (filter of 1,000 sibling tags)",
          () -> store.latest("acme/plant-1/area-0/#", 1000).size());
      time("latest of all 10,000 tags", () -> store.latest("#", 10_000).size());
      time(
          "24 h of a 1 Hz tag in 1,000 buckets",
          () -> store.aggregate(oneHz, T0, T0 + 86_400_000L, 86_400).size());
      time(
          "1 h of 100 tags raw",
          () -> {
            int rows = 0;
            for (int t = 0; t < 100; t++) {
              rows += store.raw(tag(t * 13), T0, T0 + 3_600_000L, 100_000).size();
            }
            return rows;
          });
      System.out.println("RSS: " + rss());
    }
  }

  private static String tag(int t) {
    return "acme/plant-1/area-"
        + (t / 1000)
        + "/line-"
        + (t / 100 % 10)
        + "/machine-"
        + (t % 100)
        + "/value";
  }

  private static Value value(int t, int step, double[] walk, Random random) {
    int kind = t % 20;
    if (kind == 0) {
      return Value.of(random.nextInt(10) == 0 ? step % 2 == 0 : walk[t] > 100);
    }
    if (kind <= 3) {
      return Value.of((long) step * (t % 7 + 1));
    }
    walk[t] = Math.round((walk[t] + random.nextGaussian() * 0.5) * 100) / 100.0;
    return Value.of(walk[t]);
  }

  private static void time(String what, Supplier<Integer> query) {
    int rows = query.get();
    long[] nanos = new long[50];
    for (int i = 0; i < nanos.length; i++) {
      long started = System.nanoTime();
      query.get();
      nanos[i] = System.nanoTime() - started;
    }
    Arrays.sort(nanos);
    System.out.printf(
        "%s: %,d rows, p50 %.2f ms, p99 %.2f ms%n",
        what, rows, nanos[nanos.length / 2] / 1e6, nanos[nanos.length * 99 / 100] / 1e6);
  }

  private static String rss() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(l -> l.startsWith("VmRSS") || l.startsWith("VmHWM"))
        .map(String::strip)
        .toList()
        .toString();
  }
}
