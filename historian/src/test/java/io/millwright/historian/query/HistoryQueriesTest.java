package io.millwright.historian.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Value;
import io.millwright.historian.duckdb.DuckDbStore;
import io.millwright.historian.query.ValueDurations.ValueTime;
import io.millwright.historian.store.SampleStore;
import io.millwright.historian.store.StoredSample;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queries against the real embedded store, with examples computed by hand. */
class HistoryQueriesTest {

  static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  static final long S = 1_000;
  static final String PRESSURE = "acme/plant-1/pressing/line-1/press-01/hydraulics/pressure";
  static final String STATE = "acme/plant-1/machining/cell-1/cnc-01/state";
  static final String ORDER = "acme/plant-1/machining/cell-1/cnc-01/job/order";
  static final TimeRange HUNDRED_SECONDS = new TimeRange(T0, T0 + 100 * S);

  @TempDir Path dir;
  SampleStore store;
  HistoryQueries queries;

  @BeforeEach
  void open() {
    store = DuckDbStore.open(dir);
    queries = new HistoryQueries(store);
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** Stores the samples in shuffled order, as a backfill after an outage would. */
  void store(StoredSample... samples) {
    List<StoredSample> shuffled = new ArrayList<>(List.of(samples));
    Collections.shuffle(shuffled, new Random(7));
    store.append(shuffled);
  }

  static StoredSample sample(String tag, long at, Value value, Quality quality) {
    return new StoredSample(tag, at, value, quality);
  }

  static StoredSample good(String tag, long at, double value) {
    return sample(tag, at, Value.of(value), Quality.GOOD);
  }

  static StoredSample state(long at, String value, Quality quality) {
    return sample(STATE, at, Value.of(value), quality);
  }

  /**
   * [0 s, 20 s) 10 from before the range, [20, 40) 20, [40, 60) Bad, [60, 90) 40, [90, 100)
   * Uncertain: (10 * 20 + 20 * 20 + 40 * 30) / 70 = 1800 / 70.
   */
  @Test
  void averageWeighsEachGoodValueByHowLongItHeld() {
    store(
        good(PRESSURE, T0 - 30 * S, 10),
        good(PRESSURE, T0 + 20 * S, 20),
        sample(PRESSURE, T0 + 40 * S, Value.of(20.0), Quality.NOT_CONNECTED),
        good(PRESSURE, T0 + 60 * S, 40),
        sample(PRESSURE, T0 + 90 * S, Value.of(50.0), Quality.STALE),
        good(PRESSURE, T0 + 100 * S, 1_000),
        good(PRESSURE, T0 + 200 * S, 1_000));

    TimeWeightedAverage twa = queries.timeWeightedAverage(PRESSURE, HUNDRED_SECONDS);

    assertThat(twa.average().getAsDouble()).isCloseTo(1800.0 / 70, within(1e-9));
    assertThat(twa.goodMillis()).isEqualTo(70 * S);
    assertThat(twa.badMillis()).isEqualTo(20 * S);
    assertThat(twa.uncertainMillis()).isEqualTo(10 * S);
    assertThat(twa.unknownMillis()).isZero();
  }

  @Test
  void aSingleSampleInTheRangeHoldsFromItsTimeAndBeforeItTheValueIsUnknown() {
    store(sample(PRESSURE, T0 + 50 * S, Value.of(7L), Quality.GOOD));

    TimeWeightedAverage twa = queries.timeWeightedAverage(PRESSURE, HUNDRED_SECONDS);

    assertThat(twa.average().getAsDouble()).isEqualTo(7.0);
    assertThat(twa.goodMillis()).isEqualTo(50 * S);
    assertThat(twa.unknownMillis()).isEqualTo(50 * S);
  }

  @Test
  void theValueInForceIsFoundHoursBeforeTheRangeThoughNewerSamplesExist() {
    // The latest sample is after the range, so the search reads back window by window.
    store(good(PRESSURE, T0 - 3 * 3_600 * S, 5), good(PRESSURE, T0 + 2 * 3_600 * S, 9));

    TimeWeightedAverage twa = queries.timeWeightedAverage(PRESSURE, new TimeRange(T0, T0 + 60 * S));

    assertThat(twa.average().getAsDouble()).isEqualTo(5.0);
    assertThat(twa.goodMillis()).isEqualTo(60 * S);
  }

  @Test
  void theLatestSampleHoldsHoweverOldItIs() {
    store(good(PRESSURE, T0 - Duration.ofDays(400).toMillis(), 3));

    assertThat(queries.timeWeightedAverage(PRESSURE, HUNDRED_SECONDS).average().getAsDouble())
        .isEqualTo(3.0);
  }

  @Test
  void aValueOlderThanTheLookBackIsUnknownUnlessItIsTheLatest() {
    long old = T0 - ValueInForce.LOOK_BACK.toMillis() - 10 * S;
    store(good(PRESSURE, old, 3), good(PRESSURE, T0 + 3_600 * S, 4));

    TimeWeightedAverage twa = queries.timeWeightedAverage(PRESSURE, HUNDRED_SECONDS);

    assertThat(twa.average()).isEmpty();
    assertThat(twa.unknownMillis()).isEqualTo(100 * S);
  }

  @Test
  void anEmptyRangeHasNoAverage() {
    store(good(PRESSURE, T0 + 3_600 * S, 4));

    TimeWeightedAverage twa = queries.timeWeightedAverage(PRESSURE, HUNDRED_SECONDS);
    assertThat(twa.average()).isEmpty();
    assertThat(twa.unknownMillis()).isEqualTo(100 * S);

    TimeWeightedAverage never = queries.timeWeightedAverage(PRESSURE + "/never", HUNDRED_SECONDS);
    assertThat(never.average()).isEmpty();
    assertThat(never.unknownMillis()).isEqualTo(100 * S);
  }

  @Test
  void aGoodNaNCountsAsBadTime() {
    store(good(PRESSURE, T0, 2), good(PRESSURE, T0 + 50 * S, Double.NaN));

    TimeWeightedAverage twa = queries.timeWeightedAverage(PRESSURE, HUNDRED_SECONDS);

    assertThat(twa.average().getAsDouble()).isEqualTo(2.0);
    assertThat(twa.badMillis()).isEqualTo(50 * S);
  }

  @Test
  void anAverageOfTextIsRefusedWithTheReason() {
    store(state(T0 + 10 * S, "idle", Quality.GOOD));

    assertThatThrownBy(() -> queries.timeWeightedAverage(STATE, HUNDRED_SECONDS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(STATE)
        .hasMessageContaining("text values");
  }

  /**
   * [0, 10) idle from before, [10, 30) producing (sent twice), [30, 40) idle, [40, 50) Bad, [50,
   * 70) idle, [70, 80) Uncertain, [80, 100) producing: idle 40 s in three runs, producing 40 s in
   * two.
   */
  @Test
  void durationsAddUpTheTimeOfEachValueAndCountItsRuns() {
    store(
        state(T0 - 10 * S, "idle", Quality.GOOD),
        state(T0 + 10 * S, "producing", Quality.GOOD),
        state(T0 + 20 * S, "producing", Quality.GOOD),
        state(T0 + 30 * S, "idle", Quality.GOOD),
        state(T0 + 40 * S, "idle", Quality.NOT_CONNECTED),
        state(T0 + 50 * S, "idle", Quality.GOOD),
        state(T0 + 70 * S, "fault", Quality.STALE),
        state(T0 + 80 * S, "producing", Quality.GOOD));

    ValueDurations durations = queries.durations(STATE, HUNDRED_SECONDS);

    assertThat(durations.values())
        .containsExactly(
            new ValueTime(Value.of("idle"), 40 * S, 3),
            new ValueTime(Value.of("producing"), 40 * S, 2));
    assertThat(durations.badMillis()).isEqualTo(10 * S);
    assertThat(durations.uncertainMillis()).isEqualTo(10 * S);
    assertThat(durations.unknownMillis()).isZero();
  }

  @Test
  void durationsOfABooleanAreItsDutyCycle() {
    String running = "acme/plant-1/pressing/line-1/press-01/state/running";
    store(
        sample(running, T0 + 25 * S, Value.of(true), Quality.GOOD),
        sample(running, T0 + 75 * S, Value.of(false), Quality.GOOD));

    ValueDurations durations = queries.durations(running, HUNDRED_SECONDS);

    assertThat(durations.values())
        .containsExactly(
            new ValueTime(Value.of(true), 50 * S, 1), new ValueTime(Value.of(false), 25 * S, 1));
    assertThat(durations.unknownMillis()).isEqualTo(25 * S);
  }

  @Test
  void durationsOfAMeasurementAreRefused() {
    List<StoredSample> samples = new ArrayList<>();
    for (int i = 0; i <= ValueDurations.MAX_VALUES; i++) {
      samples.add(good(PRESSURE, T0 + i * 10L, i));
    }
    store.append(samples);

    assertThatThrownBy(() -> queries.durations(PRESSURE, HUNDRED_SECONDS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than " + ValueDurations.MAX_VALUES + " distinct values");
  }

  @Test
  void aQueryReadingMoreThanItsBudgetIsRefused() {
    List<StoredSample> samples = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      samples.add(good(PRESSURE, T0 + i * S, i));
    }
    store.append(samples);
    HistoryQueries small = new HistoryQueries(store, 20);

    assertThatThrownBy(() -> small.timeWeightedAverage(PRESSURE, HUNDRED_SECONDS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than 20 samples");
    assertThatThrownBy(() -> small.downsample(PRESSURE, HUNDRED_SECONDS, 10))
        .hasMessageContaining("more than 20 samples");
  }

  /** Three pages of the store, Bad and NaN samples left out, a spike that must survive. */
  @Test
  void downsamplingReadsThePagesAndDrawsOnlyGoodNumbers() {
    int count = 2 * SampleScan.PAGE + 1_234;
    TimeRange range = new TimeRange(T0, T0 + count * S);
    List<StoredSample> samples = new ArrayList<>();
    List<Point> drawable = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long at = T0 + i * S;
      if (i % 97 == 0) {
        samples.add(sample(PRESSURE, at, Value.of(1e6), Quality.NOT_CONNECTED));
      } else if (i % 101 == 0) {
        samples.add(good(PRESSURE, at, Double.NaN));
      } else {
        double value = i == 7_778 ? 500 : Math.sin(i / 300.0) * 100;
        samples.add(good(PRESSURE, at, value));
        drawable.add(new Point(at, value));
      }
    }
    store.append(samples);

    List<Point> chart = queries.downsample(PRESSURE, range, 200);

    assertThat(chart).isEqualTo(LttbTest.downsample(drawable, range, 200));
    assertThat(chart).hasSizeLessThanOrEqualTo(200).contains(new Point(T0 + 7_778 * S, 500));
  }

  @Test
  void downsamplingRefusesTextAndPointCountsOutOfRange() {
    store(state(T0 + 10 * S, "idle", Quality.GOOD));

    assertThatThrownBy(() -> queries.downsample(STATE, HUNDRED_SECONDS, 100))
        .hasMessageContaining("text values");
    assertThatThrownBy(() -> queries.downsample(PRESSURE, HUNDRED_SECONDS, 2))
        .hasMessage("points must be 3 to 10000, not 2");
    assertThatThrownBy(() -> queries.downsample(PRESSURE, HUNDRED_SECONDS, 10_001))
        .hasMessage("points must be 3 to 10000, not 10001");
  }

  @Test
  void csvExportQuotesTextAndListsTagByTagOldestFirst() throws Exception {
    store(
        good(PRESSURE, T0 + 2 * S, 182.5),
        sample(PRESSURE, T0 + 1 * S, Value.of(0L), Quality.NOT_CONNECTED),
        sample(ORDER, T0 + 1_500, Value.of("PO-17, \"rush\"\nline 2"), Quality.GOOD),
        good(PRESSURE, T0 + 200 * S, 1));
    StringWriter out = new StringWriter();

    queries.exportCsv(List.of(PRESSURE, ORDER), HUNDRED_SECONDS, out);

    assertThat(out.toString())
        .isEqualTo(
            "timestamp,tag,value,quality\r\n"
                + "2026-01-01T00:00:01.000Z,"
                + PRESSURE
                + ",0,Bad_NotConnected\r\n"
                + "2026-01-01T00:00:02.000Z,"
                + PRESSURE
                + ",182.5,Good\r\n"
                + "2026-01-01T00:00:01.500Z,"
                + ORDER
                + ",\"PO-17, \"\"rush\"\"\nline 2\",Good\r\n");
  }

  @Test
  void anExportCoversAtMostAHundredTags() throws Exception {
    List<StoredSample> samples = new ArrayList<>();
    for (int i = 0; i <= HistoryQueries.MAX_EXPORT_TAGS; i++) {
      samples.add(good("acme/plant-1/pressing/line-1/press-" + i + "/speed", T0, i));
    }
    store.append(samples);

    assertThat(queries.exportTags("acme/plant-1/pressing/line-1/press-1/#"))
        .containsExactly("acme/plant-1/pressing/line-1/press-1/speed");
    assertThatThrownBy(() -> queries.exportTags("acme/#"))
        .hasMessageContaining("more than 100 tags match \"acme/#\"");
    assertThatThrownBy(() -> queries.exportTags("acme/plant-2/#"))
        .hasMessage("no tag matches \"acme/plant-2/#\"");
    List<String> tooMany = store.tags("#", 1_000);
    StringWriter out = new StringWriter();
    assertThatThrownBy(() -> queries.exportCsv(tooMany, HUNDRED_SECONDS, out))
        .hasMessage("an export takes 1 to 100 tags, not 101");
    assertThat(out.toString()).isEmpty();
  }
}
