package io.millwright.historian.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Value;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link SampleStore} backend must do alike. A backend's test extends this and says how
 * to open a store over a directory; {@link #reopen()} closes the store and opens it again over the
 * same directory, which is how durability across restarts is checked.
 *
 * <p>Decisions the contract fixes, so that backends agree:
 *
 * <ul>
 *   <li>Float64 NaN and infinities round-trip exactly (machines report them; quality says what they
 *       mean), but aggregates skip NaN, because one NaN would make a bucket's min, max and avg
 *       meaningless.
 *   <li>Numeric for aggregates means Int64 and Float64; Bool and Text samples are not aggregated.
 *   <li>Of two samples with the same tag and timestamp one is kept; which one is not fixed, since
 *       they are the same reading sent twice.
 *   <li>Before a tag's raw expiry time its aggregates come from the rollups alone, and equal what
 *       the raw samples gave; a straggler stored there after the expiry does not count.
 * </ul>
 */
public abstract class SampleStoreContract {

  private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  private static final String PRESS = "acme/plant-1/pressing/line-1/press-01/hydraulics/pressure";
  private static final String TEMP = "acme/plant-1/pressing/line-1/press-01/hydraulics/temperature";
  private static final String RUNNING = "acme/plant-1/pressing/line-1/press-01/state/running";
  private static final String OVEN = "acme/plant-1/painting/line-2/oven-01/zone-1/temperature";

  @TempDir Path dir;

  protected SampleStore store;

  /** Opens (creating when absent) the backend's store over {@code dir}. */
  protected abstract SampleStore open(Path dir);

  @BeforeEach
  void openStore() {
    store = open(dir);
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  /** Closes the store and opens it again over the same directory. */
  protected final void reopen() {
    store.close();
    store = null;
    store = open(dir);
  }

  protected static StoredSample good(String tag, long timestamp, double value) {
    return new StoredSample(tag, timestamp, Value.of(value), Quality.GOOD);
  }

  private static List<StoredSample> series(String tag, long from, int count, long step) {
    List<StoredSample> samples = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      samples.add(good(tag, from + i * step, i));
    }
    return samples;
  }

  @Test
  void latestIsTheNewestSampleOfEachTagByTagPath() {
    store.append(
        List.of(
            good(PRESS, T0, 1.0),
            good(PRESS, T0 + 2000, 3.0),
            good(PRESS, T0 + 1000, 2.0),
            good(TEMP, T0 + 500, 40.5),
            good(OVEN, T0 + 100, 180.0)));

    assertThat(store.latest("#", 100))
        .containsExactly(
            good(OVEN, T0 + 100, 180.0), good(PRESS, T0 + 2000, 3.0), good(TEMP, T0 + 500, 40.5));
  }

  @Test
  void latestFollowsMqttWildcardsAndTheLimit() {
    store.append(
        List.of(
            good(PRESS, T0, 1.0),
            good(TEMP, T0, 2.0),
            new StoredSample(RUNNING, T0, Value.of(true), Quality.GOOD),
            good(OVEN, T0, 3.0)));

    assertThat(store.latest("acme/plant-1/pressing/#", 100))
        .extracting(StoredSample::tag)
        .containsExactly(PRESS, TEMP, RUNNING);
    assertThat(store.latest("acme/plant-1/+/+/+/hydraulics/+", 100))
        .extracting(StoredSample::tag)
        .containsExactly(PRESS, TEMP);
    assertThat(store.latest("acme/+/+/+/+/+/temperature", 100))
        .extracting(StoredSample::tag)
        .containsExactly(OVEN, TEMP);
    assertThat(store.latest(PRESS, 100)).extracting(StoredSample::tag).containsExactly(PRESS);
    assertThat(store.latest("acme/plant-1/pressing", 100)).isEmpty();
    assertThat(store.latest("#", 2)).extracting(StoredSample::tag).containsExactly(OVEN, PRESS);
  }

  @Test
  void latestOfAnEmptyStoreIsEmpty() {
    assertThat(store.latest("#", 10)).isEmpty();
    assertThat(store.tags("#", 10)).isEmpty();
    assertThat(store.raw(PRESS, T0, T0 + 1000, 10)).isEmpty();
    assertThat(store.aggregate(PRESS, T0, T0 + 1000, 100)).isEmpty();
  }

  @Test
  void rawIsHalfOpenOldestFirstAndLimited() {
    store.append(series(PRESS, T0, 10, 1000));
    store.append(series(TEMP, T0, 10, 1000));

    assertThat(store.raw(PRESS, T0 + 2000, T0 + 5000, 100))
        .containsExactly(
            good(PRESS, T0 + 2000, 2), good(PRESS, T0 + 3000, 3), good(PRESS, T0 + 4000, 4));
    assertThat(store.raw(PRESS, T0 + 2000, T0 + 2000, 100)).isEmpty();
    assertThat(store.raw(PRESS, T0 + 2001, T0 + 3001, 100))
        .containsExactly(good(PRESS, T0 + 3000, 3));
    assertThat(store.raw(PRESS, T0, T0 + 100_000, 4))
        .extracting(StoredSample::timestamp)
        .containsExactly(T0, T0 + 1000, T0 + 2000, T0 + 3000);
    assertThat(store.raw("acme/unknown", T0, T0 + 100_000, 4)).isEmpty();
  }

  @Test
  void rawPagesByTheLastTimestampPlusOne() {
    List<StoredSample> all = series(PRESS, T0, 25, 7);
    store.append(all);

    List<StoredSample> paged = new ArrayList<>();
    long from = T0;
    while (true) {
      List<StoredSample> page = store.raw(PRESS, from, T0 + 1_000_000, 10);
      paged.addAll(page);
      if (page.size() < 10) {
        break;
      }
      from = page.getLast().timestamp() + 1;
    }
    assertThat(paged).isEqualTo(all);
  }

  @Test
  void outOfOrderAppendsReadBackInTimeOrder() {
    store.append(List.of(good(PRESS, T0 + 5000, 5), good(PRESS, T0 + 1000, 1)));
    store.append(List.of(good(PRESS, T0 + 3000, 3)));
    store.append(List.of(good(PRESS, T0, 0), good(PRESS, T0 + 4000, 4), good(PRESS, T0 + 2000, 2)));

    assertThat(store.raw(PRESS, T0, T0 + 10_000, 100)).isEqualTo(series(PRESS, T0, 6, 1000));
    assertThat(store.latest(PRESS, 10)).containsExactly(good(PRESS, T0 + 5000, 5));
  }

  @Test
  void aDuplicateInOneBatchIsKeptOnce() {
    store.append(List.of(good(PRESS, T0, 1), good(PRESS, T0, 1), good(PRESS, T0 + 1, 2)));

    assertThat(store.raw(PRESS, T0, T0 + 10, 100))
        .containsExactly(good(PRESS, T0, 1), good(PRESS, T0 + 1, 2));
  }

  @Test
  void aDuplicateAcrossAppendsAndRestartsIsKeptOnce() {
    List<StoredSample> batch = series(PRESS, T0, 5, 1000);
    store.append(batch);
    store.append(batch);
    reopen();
    store.append(batch.subList(2, 5));
    store.append(List.of(good(PRESS, T0 + 5000, 5)));

    assertThat(store.raw(PRESS, T0, T0 + 10_000, 100)).isEqualTo(series(PRESS, T0, 6, 1000));
    assertThat(store.aggregate(PRESS, T0, T0 + 10_000, 10_000))
        .singleElement()
        .extracting(Bucket::count)
        .isEqualTo(6L);
  }

  @Test
  void aResentReadingWithAnotherValueIsStillKeptOnce() {
    store.append(List.of(good(PRESS, T0, 1)));
    store.append(List.of(good(PRESS, T0, 2)));

    assertThat(store.raw(PRESS, T0, T0 + 1, 10))
        .singleElement()
        .isIn(good(PRESS, T0, 1), good(PRESS, T0, 2));
  }

  @Test
  void bucketsAggregateGoodNumericSamples() {
    store.append(
        List.of(
            good(PRESS, T0 + 1000, 4),
            good(PRESS, T0, 2),
            new StoredSample(PRESS, T0 + 2000, Value.of(6L), Quality.GOOD),
            new StoredSample(PRESS, T0 + 3000, Value.of(100.0), Quality.NOT_CONNECTED),
            new StoredSample(PRESS, T0 + 4000, Value.of(-100.0), Quality.STALE),
            good(PRESS, T0 + 5000, Double.NaN),
            good(PRESS, T0 + 10_000, 10),
            good(PRESS, T0 + 11_000, 12)));

    List<Bucket> buckets = store.aggregate(PRESS, T0, T0 + 20_000, 10_000);

    assertThat(buckets).hasSize(2);
    Bucket first = buckets.get(0);
    assertThat(first.start()).isEqualTo(T0);
    assertThat(first.count()).isEqualTo(3);
    assertThat(first.min()).isEqualTo(2);
    assertThat(first.max()).isEqualTo(6);
    assertThat(first.avg()).isCloseTo(4, within(1e-9));
    assertThat(first.first()).isEqualTo(2);
    assertThat(first.last()).isEqualTo(6);
    assertThat(buckets.get(1)).isEqualTo(new Bucket(T0 + 10_000, 2, 10, 12, 11, 10, 12));
  }

  @Test
  void bucketsAreAlignedToTheWidthAndEmptyOnesAreAbsent() {
    // T0 is a multiple of 60 s; the range starts 7 s later and the buckets still start at
    // multiples of the width from the epoch.
    store.append(
        List.of(
            good(PRESS, T0 + 3_000, 99), // before the range
            good(PRESS, T0 + 8_000, 1),
            good(PRESS, T0 + 59_999, 2),
            good(PRESS, T0 + 180_000, 3),
            good(PRESS, T0 + 200_000, 4), // at the end of the range: excluded
            good(TEMP, T0 + 120_000, 50)));

    List<Bucket> buckets = store.aggregate(PRESS, T0 + 7_000, T0 + 200_000, 60_000);

    assertThat(buckets)
        .containsExactly(
            new Bucket(T0, 2, 1, 2, 1.5, 1, 2), new Bucket(T0 + 180_000, 1, 3, 3, 3, 3, 3));
    assertThat(buckets).allSatisfy(b -> assertThat(b.start() % 60_000).isZero());
  }

  @Test
  void textAndBooleanSamplesAreNotAggregated() {
    store.append(
        List.of(
            new StoredSample(RUNNING, T0, Value.of(true), Quality.GOOD),
            new StoredSample(RUNNING, T0 + 1, Value.of(false), Quality.GOOD),
            new StoredSample(TEMP, T0, Value.of("hot"), Quality.GOOD)));

    assertThat(store.aggregate(RUNNING, T0, T0 + 1000, 1000)).isEmpty();
    assertThat(store.aggregate(TEMP, T0, T0 + 1000, 1000)).isEmpty();
  }

  @Test
  void everyValueKindAndQualityRoundTrips() {
    List<StoredSample> samples =
        List.of(
            new StoredSample(PRESS, T0, Value.of(true), Quality.GOOD),
            new StoredSample(PRESS, T0 + 1, Value.of(false), Quality.STALE),
            new StoredSample(PRESS, T0 + 2, Value.of(Long.MIN_VALUE), Quality.GOOD),
            new StoredSample(PRESS, T0 + 3, Value.of(Long.MAX_VALUE), Quality.GOOD),
            new StoredSample(PRESS, T0 + 4, Value.of(0L), Quality.COMMUNICATION_ERROR),
            new StoredSample(PRESS, T0 + 5, Value.of(Double.NaN), Quality.GOOD),
            new StoredSample(PRESS, T0 + 6, Value.of(Double.POSITIVE_INFINITY), Quality.GOOD),
            new StoredSample(PRESS, T0 + 7, Value.of(Double.NEGATIVE_INFINITY), Quality.GOOD),
            new StoredSample(PRESS, T0 + 8, Value.of(-0.0), Quality.GOOD),
            new StoredSample(PRESS, T0 + 9, Value.of(Double.MIN_VALUE), Quality.GOOD),
            new StoredSample(PRESS, T0 + 10, Value.of(1234.56), Quality.GOOD),
            new StoredSample(PRESS, T0 + 11, Value.of(""), Quality.GOOD),
            new StoredSample(PRESS, T0 + 12, Value.of("Störung: Öl 🛢️ 温度"), Quality.GOOD),
            new StoredSample(PRESS, T0 + 13, Value.of(1.5), Quality.bad("Bad_SensorFailure")),
            new StoredSample(PRESS, T0 + 14, Value.of(2.5), Quality.uncertain("Uncertain_Range")),
            new StoredSample(PRESS, T0 + 15, Value.of(3L), Quality.NOT_CONNECTED),
            new StoredSample(PRESS, T0 + 16, Value.of("x"), Quality.TYPE_MISMATCH));
    store.append(samples);

    assertThat(store.raw(PRESS, T0, T0 + 100, 100)).isEqualTo(samples);
    reopen();
    assertThat(store.raw(PRESS, T0, T0 + 100, 100)).isEqualTo(samples);
    assertThat(store.latest(PRESS, 1)).containsExactly(samples.getLast());
  }

  @Test
  void timestampsBeforeTheEpochAndFarAheadRoundTrip() {
    List<StoredSample> samples =
        List.of(
            good(PRESS, -86_400_000L, 1), good(PRESS, 0, 2), good(PRESS, 4_102_444_800_000L, 3));
    store.append(samples);

    assertThat(store.raw(PRESS, -100_000_000L, 5_000_000_000_000L, 10)).isEqualTo(samples);
  }

  @Test
  void tagsAreSortedFilteredAndLimited() {
    store.append(
        List.of(good(TEMP, T0, 1), good(PRESS, T0, 1), good(PRESS, T0 + 1, 1), good(OVEN, T0, 1)));

    assertThat(store.tags("#", 100)).containsExactly(OVEN, PRESS, TEMP);
    assertThat(store.tags("acme/plant-1/pressing/#", 100)).containsExactly(PRESS, TEMP);
    assertThat(store.tags("acme/+/painting/#", 100)).containsExactly(OVEN);
    assertThat(store.tags("#", 2)).containsExactly(OVEN, PRESS);
  }

  @Test
  void anEmptyBatchIsNothing() {
    store.append(List.of());

    assertThat(store.tags("#", 10)).isEmpty();
  }

  @Test
  void dataSurvivesCloseAndReopen() {
    List<StoredSample> samples = series(PRESS, T0, 100, 1000);
    store.append(samples);
    store.append(List.of(good(OVEN, T0, 180)));
    reopen();

    assertThat(store.raw(PRESS, T0, T0 + 1_000_000, 1000)).isEqualTo(samples);
    assertThat(store.latest("#", 10))
        .containsExactly(good(OVEN, T0, 180), good(PRESS, T0 + 99_000, 99));
    assertThat(store.tags("#", 10)).containsExactly(OVEN, PRESS);
    assertThat(store.diskBytes()).isPositive();

    store.append(List.of(good(PRESS, T0 + 100_000, 100)));
    assertThat(store.latest(PRESS, 1)).containsExactly(good(PRESS, T0 + 100_000, 100));
  }

  @Test
  void manyTagsInOneBatch() {
    List<StoredSample> samples = new ArrayList<>();
    for (int t = 0; t < 2000; t++) {
      for (int i = 0; i < 5; i++) {
        samples.add(good("acme/plant-1/area/line/m-" + t + "/value", T0 + i * 1000, t + i));
      }
    }
    store.append(samples);

    assertThat(store.tags("#", 5000)).hasSize(2000);
    assertThat(store.latest("acme/plant-1/area/line/m-1234/+", 10))
        .containsExactly(good("acme/plant-1/area/line/m-1234/value", T0 + 4000, 1238));
    assertThat(store.raw("acme/plant-1/area/line/m-7/value", T0, T0 + 10_000, 10))
        .extracting(StoredSample::value)
        .containsExactly(
            Value.of(7.0), Value.of(8.0), Value.of(9.0), Value.of(10.0), Value.of(11.0));
  }

  private static final long DAY = 86_400_000L;
  private static final long MINUTE = 60_000L;

  /** Two days of PRESS every 10 s with a few samples that aggregates skip, and a day of OVEN. */
  private List<StoredSample> twoDays() {
    List<StoredSample> samples = new ArrayList<>();
    for (long t = T0; t < T0 + 2 * DAY; t += 10_000) {
      samples.add(good(PRESS, t, Math.sin(t / 1e6) * 100 + (t % 7)));
    }
    samples.add(new StoredSample(PRESS, T0 + 5_001, Value.of(1e6), Quality.NOT_CONNECTED));
    samples.add(good(PRESS, T0 + 5_002, Double.NaN));
    samples.add(new StoredSample(PRESS, T0 + 5_003, Value.of(42L), Quality.GOOD));
    samples.add(new StoredSample(PRESS, T0 + 5_004, Value.of("text"), Quality.GOOD));
    for (long t = T0; t < T0 + DAY; t += 60_000) {
      samples.add(good(OVEN, t, 180 + t % 13));
    }
    return samples;
  }

  private static void assertSameBuckets(List<Bucket> actual, List<Bucket> expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      Bucket a = actual.get(i);
      Bucket e = expected.get(i);
      assertThat(a).usingRecursiveComparison().ignoringFields("avg").isEqualTo(e);
      assertThat(a.avg()).as("avg of the bucket at %d", e.start()).isCloseTo(e.avg(), within(1e-9));
    }
  }

  @Test
  void expiringRawSamplesDeletesExactlyThoseBeforeEachTagsTime() {
    store.append(series(PRESS, T0, 30, DAY / 10)); // three days, ten a day
    store.append(series(TEMP, T0, 30, DAY / 10));
    store.append(series(OVEN, T0, 30, DAY / 10));

    long deleted = store.expireRaw(Map.of(PRESS, T0 + DAY, TEMP, T0 + 2 * DAY));

    assertThat(deleted).isEqualTo(10 + 20);
    assertThat(store.raw(PRESS, T0 - DAY, T0 + 4 * DAY, 100))
        .isEqualTo(series(PRESS, T0, 30, DAY / 10).subList(10, 30));
    assertThat(store.raw(TEMP, T0 - DAY, T0 + 4 * DAY, 100))
        .isEqualTo(series(TEMP, T0, 30, DAY / 10).subList(20, 30));
    assertThat(store.raw(OVEN, T0 - DAY, T0 + 4 * DAY, 100))
        .isEqualTo(series(OVEN, T0, 30, DAY / 10));

    // An expiry time never moves back, and repeating one deletes nothing more.
    assertThat(store.expireRaw(Map.of(PRESS, T0, TEMP, T0 + 2 * DAY))).isZero();
    assertThat(store.raw(PRESS, T0 - DAY, T0 + 4 * DAY, 100)).hasSize(20);
  }

  @Test
  void whenEveryTagExpiresADayItGoesWholeAndALateSampleForItIsStillAccepted() {
    store.append(series(PRESS, T0, 30, DAY / 10));
    store.append(series(TEMP, T0, 30, DAY / 10));

    long deleted = store.expireRaw(Map.of(PRESS, T0 + DAY, TEMP, T0 + DAY + DAY / 2));

    assertThat(deleted).isEqualTo(10 + 15);
    assertThat(store.raw(PRESS, T0, T0 + 4 * DAY, 100)).hasSize(20);
    assertThat(store.raw(TEMP, T0, T0 + 4 * DAY, 100)).hasSize(15);
    store.append(List.of(good(PRESS, T0 + 1000, 7)));
    assertThat(store.raw(PRESS, T0, T0 + 2000, 10)).containsExactly(good(PRESS, T0 + 1000, 7));
  }

  @Test
  void afterRawSamplesExpireAggregatesComeFromTheRollupsUnchanged() {
    store.append(twoDays());
    List<Bucket> minutes = store.aggregate(PRESS, T0, T0 + 2 * DAY, MINUTE);
    List<Bucket> hours = store.aggregate(PRESS, T0, T0 + 2 * DAY, 60 * MINUTE);
    List<Bucket> whole = store.aggregate(PRESS, T0, T0 + 2 * DAY, 2 * DAY);
    List<Bucket> oven = store.aggregate(OVEN, T0, T0 + DAY, 15 * MINUTE);

    for (long from = T0; from < T0 + 2 * DAY; from += 3_600_000) {
      store.rollUp(from, from + 3_600_000, MINUTE);
    }
    store.expireRaw(Map.of(PRESS, T0 + DAY, OVEN, T0 + DAY));

    assertThat(store.raw(PRESS, T0, T0 + DAY, 10)).isEmpty();
    assertThat(store.raw(OVEN, T0, T0 + DAY, 10)).isEmpty();
    assertSameBuckets(store.aggregate(PRESS, T0, T0 + 2 * DAY, MINUTE), minutes);
    assertSameBuckets(store.aggregate(PRESS, T0, T0 + 2 * DAY, 60 * MINUTE), hours);
    // One bucket from both: the rollups of the first day and the raw samples of the second.
    assertSameBuckets(store.aggregate(PRESS, T0, T0 + 2 * DAY, 2 * DAY), whole);
    assertSameBuckets(store.aggregate(OVEN, T0, T0 + DAY, 15 * MINUTE), oven);
    assertThat(whole.getFirst().count()).isEqualTo(2 * DAY / 10_000 + 1);

    // A straggler stored below the expiry time changes nothing.
    store.append(List.of(good(PRESS, T0 + 30_001, 1e9)));
    assertSameBuckets(store.aggregate(PRESS, T0, T0 + 2 * DAY, MINUTE), minutes);
    reopen();
    assertSameBuckets(store.aggregate(PRESS, T0, T0 + 2 * DAY, 60 * MINUTE), hours);
  }

  @Test
  void bucketsNarrowerThanTheRollupsComeBackAtRollupResolution() {
    store.append(List.of(good(PRESS, T0 + 1_000, 1), good(PRESS, T0 + 31_000, 3)));
    store.append(List.of(good(PRESS, T0 + DAY, 5)));
    store.rollUp(T0, T0 + MINUTE, MINUTE);
    store.expireRaw(Map.of(PRESS, T0 + DAY));

    assertThat(store.aggregate(PRESS, T0, T0 + DAY + 1, 10_000))
        .containsExactly(new Bucket(T0, 2, 1, 3, 2, 1, 3), new Bucket(T0 + DAY, 1, 5, 5, 5, 5, 5));
  }

  @Test
  void aLateSampleCorrectsItsRollupBucketAndRollingUpAgainChangesNothing() {
    store.append(series(PRESS, T0, 6, 10_000)); // 0..5 in the first minute
    store.append(List.of(good(PRESS, T0 + DAY, 9)));
    assertThat(store.rollUp(T0, T0 + 2 * MINUTE, MINUTE)).isEqualTo(1);

    store.append(List.of(good(PRESS, T0 + 5, -4), good(PRESS, T0 + MINUTE + 1, 8)));
    assertThat(store.rollUp(T0, T0 + 2 * MINUTE, MINUTE)).isEqualTo(2);
    assertThat(store.rollUp(T0, T0 + 2 * MINUTE, MINUTE)).isEqualTo(2);
    store.expireRaw(Map.of(PRESS, T0 + DAY));

    assertThat(store.aggregate(PRESS, T0, T0 + DAY, MINUTE))
        .containsExactly(
            new Bucket(T0, 7, -4, 5, 11.0 / 7, 0, 5), new Bucket(T0 + MINUTE, 1, 8, 8, 8, 8, 8));
  }

  @Test
  void theRollupWatermarkOnlyAdvancesAndBelongsToOneWidth() {
    assertThat(store.rollupWatermark(MINUTE)).isEmpty();
    store.append(series(PRESS, T0, 10, 1000));

    store.rollUp(T0, T0 + 10 * MINUTE, MINUTE);
    store.rollUp(T0, T0 + 5 * MINUTE, MINUTE);

    assertThat(store.rollupWatermark(MINUTE)).hasValue(T0 + 10 * MINUTE);
    assertThat(store.rollupWatermark(5 * MINUTE)).isEmpty();
    reopen();
    assertThat(store.rollupWatermark(MINUTE)).hasValue(T0 + 10 * MINUTE);
  }

  @Test
  void rollupsExpireByTheirStart() {
    store.append(series(PRESS, T0, 3 * 24, 3_600_000)); // hourly for three days
    store.rollUp(T0, T0 + 3 * DAY, MINUTE);
    store.expireRaw(Map.of(PRESS, T0 + 3 * DAY));

    assertThat(store.expireRollups(T0 + DAY + 30 * MINUTE)).isEqualTo(25);

    List<Bucket> left = store.aggregate(PRESS, T0, T0 + 3 * DAY, MINUTE);
    assertThat(left).hasSize(3 * 24 - 25);
    assertThat(left.getFirst().start()).isEqualTo(T0 + 25 * 3_600_000L);
  }

  @Test
  void theOldestTimestampIsTheMinimumOverAllTags() {
    assertThat(store.oldestTimestamp()).isEqualTo(OptionalLong.empty());
    store.append(List.of(good(PRESS, T0 + 5000, 1), good(OVEN, T0 - 3 * DAY + 7, 2)));

    assertThat(store.oldestTimestamp()).hasValue(T0 - 3 * DAY + 7);
  }
}
