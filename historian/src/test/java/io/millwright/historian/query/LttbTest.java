package io.millwright.historian.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class LttbTest {

  static final TimeRange TEN_MILLIS = new TimeRange(0, 10);

  static List<Point> downsample(List<Point> points, TimeRange range, int threshold) {
    return Lttb.downsample(points::iterator, range, threshold);
  }

  /**
   * By hand: four points give two buckets of five milliseconds, [0, 5) and [5, 10). Bucket 0 is
   * weighed against bucket 1's average (6.5, -0.75): twice the areas with (0, 0) are 7.25, 34,
   * 15.25 and 9.5, so (2, 5) is kept. Bucket 1 is weighed against the last point (9, 0) with (2,
   * 5): 20, 43, 10 and 2, so (6, -4).
   */
  @Test
  void keepsThePointOfTheLargestTrianglePerBucket() {
    List<Point> points =
        List.of(
            new Point(0, 0),
            new Point(1, 1),
            new Point(2, 5),
            new Point(3, 2),
            new Point(4, 1),
            new Point(5, 0),
            new Point(6, -4),
            new Point(7, 0),
            new Point(8, 1),
            new Point(9, 0));

    assertThat(downsample(points, TEN_MILLIS, 4))
        .containsExactly(new Point(0, 0), new Point(2, 5), new Point(6, -4), new Point(9, 0));
  }

  @Test
  void aBucketWithoutPointsContributesNone() {
    // Buckets of 25 ms over [0, 100): the points sit in the first and the last only.
    List<Point> points =
        List.of(
            new Point(0, 0),
            new Point(5, 3),
            new Point(10, 1),
            new Point(80, 2),
            new Point(90, 7),
            new Point(99, 0));

    List<Point> kept = downsample(points, new TimeRange(0, 100), 5);

    assertThat(kept).hasSize(4).startsWith(new Point(0, 0)).endsWith(new Point(99, 0));
  }

  @Test
  void fewerPointsThanAskedAreAllKept() {
    List<Point> points = List.of(new Point(1, 1), new Point(2, 2), new Point(3, 3));

    assertThat(downsample(points, TEN_MILLIS, 3)).isEqualTo(points);
    assertThat(downsample(List.of(new Point(4, 4)), TEN_MILLIS, 3))
        .containsExactly(new Point(4, 4));
    assertThat(downsample(List.of(), TEN_MILLIS, 3)).isEmpty();
  }

  @Test
  void fewerThanThreePointsIsRefused() {
    assertThatThrownBy(() -> downsample(List.of(), TEN_MILLIS, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 3");
  }

  @Property(tries = 300)
  void keepsFirstAndLastAndAtMostTheThresholdOfTheOriginalPointsInTimeOrder(
      @ForAll("series") List<Point> points, @ForAll @IntRange(min = 3, max = 60) int threshold) {
    TimeRange range = new TimeRange(-1_000, 20_000);

    List<Point> kept = downsample(points, range, threshold);

    assertThat(kept.size()).isLessThanOrEqualTo(threshold);
    assertThat(points).containsAll(kept);
    for (int i = 1; i < kept.size(); i++) {
      assertThat(kept.get(i).timestamp()).isGreaterThan(kept.get(i - 1).timestamp());
    }
    if (!points.isEmpty()) {
      assertThat(kept.getFirst()).isEqualTo(points.getFirst());
      assertThat(kept.getLast()).isEqualTo(points.getLast());
    }
    if (points.size() <= threshold) {
      assertThat(kept).isEqualTo(points);
    }
  }

  @Property(tries = 300)
  void aSeriesWithPointsInEveryBucketKeepsExactlyTheThreshold(
      @ForAll @IntRange(min = 3, max = 100) int threshold,
      @ForAll @IntRange(min = 4, max = 20) int perBucket) {
    int buckets = threshold - 2;
    TimeRange range = new TimeRange(0, (long) buckets * perBucket);
    List<Point> points = new ArrayList<>();
    for (long t = 0; t < range.to(); t++) {
      points.add(new Point(t, Math.sin(t)));
    }
    // More points than asked, and every bucket holds one besides the first and the last.
    assertThat(points.size()).isGreaterThan(threshold);
    assertThat(downsample(points, range, threshold)).hasSize(threshold);
  }

  @Provide
  Arbitrary<List<Point>> series() {
    Arbitrary<List<Integer>> gaps = Arbitraries.integers().between(1, 80).list().ofMaxSize(250);
    Arbitrary<List<Double>> values =
        Arbitraries.doubles().between(-1e6, 1e6).list().ofMinSize(250).ofMaxSize(250);
    return Combinators.combine(gaps, values)
        .as(
            (g, v) -> {
              List<Point> points = new ArrayList<>();
              long t = -1_000;
              for (int i = 0; i < g.size(); i++) {
                t += g.get(i);
                points.add(new Point(t, v.get(i)));
              }
              return points;
            });
  }
}
