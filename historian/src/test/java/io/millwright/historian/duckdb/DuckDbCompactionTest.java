package io.millwright.historian.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Value;
import io.millwright.historian.store.Bucket;
import io.millwright.historian.store.StoredSample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compaction and the latest values rebuilt from the snapshot and the inbox. */
class DuckDbCompactionTest {

  private static final long T0 = 1_767_225_600_000L;
  private static final String PRESS = "acme/plant-1/pressing/line-1/press-01/hydraulics/pressure";
  private static final String OVEN = "acme/plant-1/painting/line-2/oven-01/zone-1/temperature";

  @TempDir Path dir;

  private static StoredSample good(String tag, long timestamp, double value) {
    return new StoredSample(tag, timestamp, Value.of(value), Quality.GOOD);
  }

  private DuckDbStore openNeverCompacting() {
    return DuckDbStore.open(dir, DuckDbSettings.DEFAULTS, Long.MAX_VALUE);
  }

  @Test
  void latestAfterARestartCombinesTheSnapshotWithLaterAndLateSamples() {
    try (DuckDbStore store = openNeverCompacting()) {
      store.append(List.of(good(PRESS, T0 + 5000, 5), good(OVEN, T0 + 1000, 1)));
      store.compact();
      // After the snapshot: a late sample older than the snapshot's, and newer ones.
      store.append(List.of(good(PRESS, T0 + 1000, 1), good(OVEN, T0 + 9000, 9)));
      store.append(List.of(good("acme/new/tag", T0, 7)));
    }
    try (DuckDbStore store = openNeverCompacting()) {
      assertThat(store.latest("#", 10))
          .containsExactly(
              good("acme/new/tag", T0, 7), good(OVEN, T0 + 9000, 9), good(PRESS, T0 + 5000, 5));
      assertThat(store.raw(PRESS, T0, T0 + 10_000, 10))
          .containsExactly(good(PRESS, T0 + 1000, 1), good(PRESS, T0 + 5000, 5));
    }
  }

  @Test
  void anAppendReachingTheThresholdCompactsAndReadsStayTheSame() {
    List<StoredSample> expected = new ArrayList<>();
    try (DuckDbStore store = DuckDbStore.open(dir, DuckDbSettings.DEFAULTS, 100)) {
      for (int batch = 0; batch < 5; batch++) {
        List<StoredSample> samples = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
          samples.add(good(PRESS, T0 + (batch * 60L + i) * 1000, batch * 60 + i));
        }
        store.append(samples);
        store.append(samples.subList(0, 10));
        expected.addAll(samples);
      }
      assertThat(store.raw(PRESS, T0, T0 + 1_000_000, 1000)).isEqualTo(expected);
      store.compact();
      assertThat(store.raw(PRESS, T0, T0 + 1_000_000, 1000)).isEqualTo(expected);
      assertThat(store.aggregate(PRESS, T0, T0 + 1_000_000, 1_000_000))
          .singleElement()
          .satisfies(bucket -> assertThat(bucket.count()).isEqualTo(300));
    }
  }

  @Test
  void aggregatesWhileTheInboxHoldsRowsEqualThoseAfterCompaction() {
    try (DuckDbStore store = openNeverCompacting()) {
      List<StoredSample> day = new ArrayList<>();
      for (long t = 0; t < 3_600; t++) {
        day.add(good(PRESS, T0 + t * 1000, Math.sin(t / 100.0) * 50 + t % 7));
      }
      store.append(day);
      store.compact();
      // In the inbox: a span of repeats of compacted rows mid-bucket, a late sample between
      // them, new samples after, and one repeated within the inbox itself.
      List<StoredSample> inbox = new ArrayList<>(day.subList(1_234, 1_300));
      inbox.add(good(PRESS, T0 + 1_250_500, 1e4));
      inbox.add(good(PRESS, T0 + 3_600_000, -7));
      inbox.add(good(PRESS, T0 + 3_601_000, 3));
      store.append(inbox);
      store.append(List.of(good(PRESS, T0 + 3_601_000, 3)));

      long from = T0 + 17_000;
      long to = T0 + 3_605_000;
      List<List<Bucket>> before = new ArrayList<>();
      for (long width : List.of(60_000L, 7_000L, 3_600_000L)) {
        before.add(store.aggregate(PRESS, from, to, width));
      }
      assertThat(before.get(2)).hasSize(2);
      assertThat(before.get(2).getFirst().count()).isEqualTo(3_600 - 17 + 1);
      assertThat(before.get(2).getFirst().max()).isEqualTo(1e4);

      store.compact();
      List<List<Bucket>> after = new ArrayList<>();
      for (long width : List.of(60_000L, 7_000L, 3_600_000L)) {
        after.add(store.aggregate(PRESS, from, to, width));
      }
      for (int i = 0; i < after.size(); i++) {
        assertThat(before.get(i))
            .usingRecursiveFieldByFieldElementComparatorIgnoringFields("avg")
            .isEqualTo(after.get(i));
        for (int b = 0; b < after.get(i).size(); b++) {
          assertThat(before.get(i).get(b).avg()).isCloseTo(after.get(i).get(b).avg(), within(1e-9));
        }
      }
    }
  }

  @Test
  void compactionFitsTheEdgeBoxMemoryLimit() {
    // The historian role's settings; 1,000 tags at 250 timestamps, the last 50 sent twice.
    DuckDbSettings edgeBox = new DuckDbSettings("32MB", 1);
    try (DuckDbStore store = DuckDbStore.open(dir, edgeBox, 100_000)) {
      for (int step = 0; step < 300; step += 10) {
        List<StoredSample> batch = new ArrayList<>();
        for (int s = step; s < step + 10; s++) {
          long second = s < 250 ? s : s - 50;
          for (int t = 0; t < 1000; t++) {
            batch.add(good("edge/machine-" + t + "/value", T0 + second * 1000, t));
          }
        }
        store.append(batch);
      }
      store.compact();
      assertThat(store.aggregate("edge/machine-7/value", T0, T0 + 300_000, 300_000))
          .singleElement()
          .satisfies(bucket -> assertThat(bucket.count()).isEqualTo(250));
      assertThat(store.latest("edge/machine-999/value", 1))
          .containsExactly(good("edge/machine-999/value", T0 + 249_000, 999));
    }
  }

  @Test
  void compactingAnEmptyInboxChangesNothing() {
    try (DuckDbStore store = openNeverCompacting()) {
      store.compact();
      store.append(List.of(good(PRESS, T0, 1)));
      store.compact();
      store.compact();
      assertThat(store.raw(PRESS, T0, T0 + 1, 10)).containsExactly(good(PRESS, T0, 1));
      assertThat(store.latest("#", 10)).containsExactly(good(PRESS, T0, 1));
    }
  }
}
