package io.millwright.bench;

import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Value;
import io.millwright.historian.store.StoredSample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The samples of the historian benchmarks, the same for every store so that their figures compare:
 * 10,000 tags, one batch of 10,000 samples per 10 s step (80% random-walk doubles with 2 decimals,
 * 15% counters, 5% booleans), then one tag at 1 Hz for 24 hours. One seeded generator draws them
 * all, so steps must be drawn in order, and the 1 Hz day after the steps.
 */
final class HistorianLoad {

  static final int TAGS = 10_000;
  static final long T0 = 1_767_225_600_000L;
  static final long STEP = 10_000;
  static final long DAY = 86_400_000L;
  static final String ONE_HZ_TAG = "acme/plant-1/utilities/compressor-01/air/pressure";

  private final Random random = new Random(42);
  private final double[] walk = new double[TAGS];

  HistorianLoad() {
    Arrays.setAll(walk, i -> 20 + random.nextInt(200));
  }

  /** The batch of one step: one sample of every tag at {@code T0 + step * STEP}. */
  List<StoredSample> step(int step) {
    List<StoredSample> batch = new ArrayList<>(TAGS);
    for (int t = 0; t < TAGS; t++) {
      batch.add(new StoredSample(tag(t), T0 + step * STEP, value(t, step), Quality.GOOD));
    }
    return batch;
  }

  /** The 1 Hz tag from T0 for 24 hours, in batches of 10,000. */
  List<List<StoredSample>> oneHzDay() {
    List<List<StoredSample>> batches = new ArrayList<>();
    double v = 6.5;
    for (int chunk = 0; chunk < 86_400; chunk += 10_000) {
      List<StoredSample> batch = new ArrayList<>();
      for (int s = chunk; s < Math.min(chunk + 10_000, 86_400); s++) {
        v = Math.round((v + random.nextGaussian() * 0.01) * 100) / 100.0;
        batch.add(new StoredSample(ONE_HZ_TAG, T0 + s * 1000L, Value.of(v), Quality.GOOD));
      }
      batches.add(batch);
    }
    return batches;
  }

  static String tag(int t) {
    return "acme/plant-1/area-"
        + (t / 1000)
        + "/line-"
        + (t / 100 % 10)
        + "/machine-"
        + (t % 100)
        + "/value";
  }

  private Value value(int t, int step) {
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
}
