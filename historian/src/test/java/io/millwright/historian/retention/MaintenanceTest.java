package io.millwright.historian.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Value;
import io.millwright.historian.duckdb.DuckDbStore;
import io.millwright.historian.store.Bucket;
import io.millwright.historian.store.SampleStore;
import io.millwright.historian.store.StoredSample;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The maintenance runs against the embedded store, on a clock the test moves. */
class MaintenanceTest {

  private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  private static final long DAY = Age.DAY;
  private static final String VIBRATION = "acme/plant-1/pressing/line-1/press-01/vibration/rms";
  private static final String PRESSURE =
      "acme/plant-1/pressing/line-1/press-01/hydraulics/pressure";

  @TempDir Path dir;

  private SampleStore store;
  private final AtomicLong oldestCommitted = new AtomicLong(Long.MAX_VALUE);

  @BeforeEach
  void open() {
    store = DuckDbStore.open(dir);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private Maintenance maintenance(String retention, String rollups, long now) {
    RetentionPolicy policy =
        new RetentionPolicy(RawRetention.parse(retention), RollupLevel.parse(rollups));
    return new Maintenance(
        store,
        policy,
        () -> oldestCommitted.getAndSet(Long.MAX_VALUE),
        Clock.fixed(Instant.ofEpochMilli(now), ZoneOffset.UTC));
  }

  private void append(List<StoredSample> samples) {
    store.append(samples);
    samples.forEach(s -> oldestCommitted.accumulateAndGet(s.timestamp(), Math::min));
  }

  /** One sample a minute of each tag for the days, value the minute of the day. */
  private static List<StoredSample> minutes(long from, int days) {
    List<StoredSample> samples = new ArrayList<>();
    for (long t = from; t < from + days * DAY; t += 60_000) {
      double v = (t - from) / 60_000 % 1440;
      samples.add(new StoredSample(VIBRATION, t + 1, Value.of(v), Quality.GOOD));
      samples.add(new StoredSample(PRESSURE, t + 2, Value.of(v + 1), Quality.GOOD));
    }
    return samples;
  }

  @Test
  void eachTagLosesItsRawSamplesAtItsRulesAgeAndItsAggregatesStay() {
    append(minutes(T0, 10));
    List<Bucket> hourly = store.aggregate(VIBRATION, T0, T0 + 10 * DAY, 3_600_000);
    long now = T0 + 10 * DAY + 3_600_000;
    Maintenance maintenance = maintenance("acme/+/+/+/+/vibration/#=7d, #=9d", "1m=1y", now);

    maintenance.run();

    // Ages count in whole days: on day 10 at 01:00, 7 days keeps day 3 on, 9 days day 1 on.
    assertThat(store.raw(VIBRATION, T0, T0 + 10 * DAY, 1).getFirst().timestamp())
        .isEqualTo(T0 + 3 * DAY + 1);
    assertThat(store.raw(PRESSURE, T0, T0 + 10 * DAY, 1).getFirst().timestamp())
        .isEqualTo(T0 + DAY + 2);
    assertThat(maintenance.samplesExpired()).isEqualTo(3 * 1440 + 1440);
    assertThat(maintenance.rollupBucketsWritten()).isEqualTo(2 * 10 * 1440);
    assertThat(store.aggregate(VIBRATION, T0, T0 + 10 * DAY, 3_600_000))
        .usingRecursiveFieldByFieldElementComparatorIgnoringFields("avg")
        .isEqualTo(hourly);
  }

  @Test
  void aBackfilledSampleIsRolledUpAtTheNextRunAndOutlivesItsRawSample() {
    append(minutes(T0, 2));
    long now = T0 + 2 * DAY + 3_600_000;
    Maintenance first = maintenance("#=1d", "1m=1y", now);
    first.run();

    // A day late: after an outage the edge node sends what it buffered.
    append(List.of(new StoredSample(VIBRATION, T0 + DAY + 30_000, Value.of(-50.0), Quality.GOOD)));
    first.run();
    // A day on, after a restart: day 1's raw samples expire. Only the report of the late sample
    // brought it into the rollups; the restart horizon does not reach back that far.
    maintenance("#=1d", "1m=1y", now + DAY).run();

    assertThat(store.raw(VIBRATION, T0 + DAY, T0 + DAY + 60_000, 10)).isEmpty();
    assertThat(store.aggregate(VIBRATION, T0 + DAY, T0 + DAY + 60_000, 60_000))
        .containsExactly(new Bucket(T0 + DAY, 2, -50, 0, -25, 0, -50));
    assertThat(first.failures()).isZero();
  }

  @Test
  void rollupsWiderThanAStepHoldEverySampleOfTheirBucket() {
    for (String width : List.of("1h", "45m")) { // a width a step of the job does not divide
      store.close();
      store = DuckDbStore.open(dir.resolve(width));
      append(minutes(T0, 2));
      long bucket = width.equals("1h") ? 3_600_000 : 45 * 60_000;
      List<Bucket> expected = store.aggregate(VIBRATION, T0, T0 + DAY, bucket);

      maintenance("#=1d", width + "=1y", T0 + 2 * DAY).run();

      // The first day's raw samples are gone: its buckets come from the rollups alone.
      assertThat(store.raw(VIBRATION, T0, T0 + DAY, 1)).isEmpty();
      assertThat(store.aggregate(VIBRATION, T0, T0 + DAY, bucket))
          .usingRecursiveFieldByFieldElementComparatorIgnoringFields("avg")
          .isEqualTo(expected);
      assertThat(expected.getFirst().count()).isEqualTo(bucket / 60_000);
    }
  }
}
