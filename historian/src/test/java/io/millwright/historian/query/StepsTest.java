package io.millwright.historian.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Value;
import io.millwright.historian.store.StoredSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever the samples, the periods of a walk account for every millisecond of the range once. */
class StepsTest {

  static final String TAG = "acme/plant-1/machining/cell-1/cnc-01/state/reason";
  static final TimeRange RANGE = new TimeRange(1_000, 5_000);
  static final List<Quality> QUALITIES =
      List.of(Quality.GOOD, Quality.GOOD, Quality.STALE, Quality.NOT_CONNECTED);

  @Property(tries = 300)
  void theAverageAccountsForTheWholeRange(
      @ForAll("before") Optional<StoredSample> before, @ForAll("samples") List<StoredSample> in) {
    TimeWeightedAverage.Sum sum = new TimeWeightedAverage.Sum();
    Steps.walk(before, in.iterator(), RANGE, sum);
    TimeWeightedAverage twa = sum.result(TAG, RANGE);

    assertThat(twa.goodMillis() + twa.uncertainMillis() + twa.badMillis() + twa.unknownMillis())
        .isEqualTo(RANGE.span().toMillis());
    assertThat(twa.average().isPresent()).isEqualTo(twa.goodMillis() > 0);
    if (twa.average().isPresent()) {
      assertThat(twa.average().getAsDouble()).isBetween(0.0, 3.0);
    }
  }

  @Property(tries = 300)
  void theDurationsAccountForTheWholeRange(
      @ForAll("before") Optional<StoredSample> before, @ForAll("samples") List<StoredSample> in) {
    ValueDurations.Tally tally = new ValueDurations.Tally();
    Steps.walk(before, in.iterator(), RANGE, tally);
    ValueDurations durations = tally.result(TAG, RANGE);

    long valued = durations.values().stream().mapToLong(ValueDurations.ValueTime::millis).sum();
    assertThat(
            valued
                + durations.uncertainMillis()
                + durations.badMillis()
                + durations.unknownMillis())
        .isEqualTo(RANGE.span().toMillis());
    for (ValueDurations.ValueTime v : durations.values()) {
      assertThat(v.millis()).isPositive();
      assertThat(v.occurrences()).isBetween(1L, in.size() + 1L);
    }
  }

  @Provide
  Arbitrary<Optional<StoredSample>> before() {
    return sample(Arbitraries.longs().between(0, RANGE.from() - 1)).optional();
  }

  @Provide
  Arbitrary<List<StoredSample>> samples() {
    Arbitrary<List<Long>> times =
        Arbitraries.longs()
            .between(RANGE.from(), RANGE.to() - 1)
            .set()
            .ofMaxSize(40)
            .map(set -> set.stream().sorted().toList());
    Arbitrary<List<Long>> values = Arbitraries.longs().between(0, 3).list().ofSize(40);
    Arbitrary<List<Quality>> qualities = Arbitraries.of(QUALITIES).list().ofSize(40);
    return Combinators.combine(times, values, qualities)
        .as(
            (t, v, q) -> {
              List<StoredSample> samples = new ArrayList<>();
              for (int i = 0; i < t.size(); i++) {
                samples.add(new StoredSample(TAG, t.get(i), Value.of(v.get(i)), q.get(i)));
              }
              return samples;
            });
  }

  private static Arbitrary<StoredSample> sample(Arbitrary<Long> time) {
    return Combinators.combine(time, Arbitraries.longs().between(0, 3), Arbitraries.of(QUALITIES))
        .as((t, v, q) -> new StoredSample(TAG, t, Value.of(v), q));
  }
}
