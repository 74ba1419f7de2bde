package io.millwright.historian.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.millwright.historian.store.Bucket;
import io.millwright.historian.store.Reaggregation;
import io.millwright.historian.store.RollupBucket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Rollup buckets folded into wider buckets give what aggregating the samples directly gives, for
 * any samples and any multiple of the rollup width, also when the range is split between rollups
 * and raw samples at a rollup boundary.
 */
class ReaggregationPropertiesTest {

  private static final long ROLLUP = 60_000;

  record Sample(long time, double value) {}

  @Provide
  Arbitrary<List<Sample>> samples() {
    // Distinct timestamps, as the store keeps one sample per tag and time.
    return Combinators.combine(
            Arbitraries.longs().between(-3_600_000, 3_600_000),
            Arbitraries.doubles().between(-1e6, 1e6))
        .as(Sample::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(300)
        .uniqueElements(Sample::time);
  }

  @Property(tries = 300)
  void foldedRollupsEqualTheDirectAggregate(
      @ForAll("samples") List<Sample> samples,
      @ForAll("multiples") long width,
      @ForAll("rollupBoundaries") long split) {
    List<Bucket> direct = aggregate(samples, width);
    List<RollupBucket> rollups = rollups(samples.stream().filter(s -> s.time() < split).toList());
    List<Bucket> raw = aggregate(samples.stream().filter(s -> s.time() >= split).toList(), width);

    List<Bucket> combined = Reaggregation.join(Reaggregation.fold(rollups, width), raw);

    assertThat(combined).hasSameSizeAs(direct);
    for (int i = 0; i < direct.size(); i++) {
      Bucket d = direct.get(i);
      Bucket c = combined.get(i);
      assertThat(c).usingRecursiveComparison().ignoringFields("avg").isEqualTo(d);
      assertThat(c.avg()).isCloseTo(d.avg(), within(1e-6));
    }
  }

  @Provide
  Arbitrary<Long> multiples() {
    return Arbitraries.of(1L, 2L, 5L, 15L, 60L, 1440L).map(n -> n * ROLLUP);
  }

  @Provide
  Arbitrary<Long> rollupBoundaries() {
    return Arbitraries.longs().between(-70, 70).map(n -> n * ROLLUP);
  }

  /** The rollup buckets of the samples, as a store computes them. */
  private static List<RollupBucket> rollups(List<Sample> samples) {
    List<RollupBucket> out = new ArrayList<>();
    for (Map.Entry<Long, List<Sample>> e : byBucket(samples, ROLLUP).entrySet()) {
      List<Sample> in = e.getValue();
      Sample first = in.getFirst();
      Sample last = in.getLast();
      out.add(
          new RollupBucket(
              e.getKey(),
              in.size(),
              in.stream().mapToDouble(Sample::value).sum(),
              in.stream().mapToDouble(Sample::value).min().orElseThrow(),
              in.stream().mapToDouble(Sample::value).max().orElseThrow(),
              first.time(),
              first.value(),
              last.time(),
              last.value()));
    }
    return out;
  }

  /** The buckets straight from the samples. */
  private static List<Bucket> aggregate(List<Sample> samples, long width) {
    List<Bucket> out = new ArrayList<>();
    for (Map.Entry<Long, List<Sample>> e : byBucket(samples, width).entrySet()) {
      List<Sample> in = e.getValue();
      out.add(
          new Bucket(
              e.getKey(),
              in.size(),
              in.stream().mapToDouble(Sample::value).min().orElseThrow(),
              in.stream().mapToDouble(Sample::value).max().orElseThrow(),
              in.stream().mapToDouble(Sample::value).average().orElseThrow(),
              in.getFirst().value(),
              in.getLast().value()));
    }
    return out;
  }

  private static TreeMap<Long, List<Sample>> byBucket(List<Sample> samples, long width) {
    TreeMap<Long, List<Sample>> buckets = new TreeMap<>();
    samples.stream()
        .sorted((a, b) -> Long.compare(a.time(), b.time()))
        .forEach(
            s ->
                buckets
                    .computeIfAbsent(Math.floorDiv(s.time(), width) * width, k -> new ArrayList<>())
                    .add(s));
    return buckets;
  }
}
