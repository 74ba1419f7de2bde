package io.millwright.historian.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.millwright.historian.store.Bucket;
import io.millwright.historian.store.Reaggregation;
import io.millwright.historian.store.RollupBucket;
import io.millwright.historian.store.RollupPlan;
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

  /**
   * The three parts a store reads for a range while raw samples are kept (raw head, rollups up to
   * the watermark, raw tail) join into the direct aggregate of the range, wherever its ends fall.
   */
  @Property(tries = 300)
  void rawHeadRollupsAndRawTailEqualTheDirectAggregate(
      @ForAll("samples") List<Sample> samples,
      @ForAll("multiples") long width,
      @ForAll("times") long from,
      @ForAll("times") long to,
      @ForAll("rollupBoundaries") long watermark) {
    List<Sample> inRange = between(samples, from, to);
    RollupPlan plan = RollupPlan.of(from, to, width, Long.MIN_VALUE, ROLLUP, watermark);

    List<Bucket> head = aggregate(between(samples, from, plan.rollupsFrom()), width);
    List<RollupBucket> rollups = rollups(between(samples, plan.rollupsFrom(), plan.rollupsTo()));
    List<Bucket> tail = aggregate(between(samples, plan.tailFrom(), to), width);
    List<Bucket> combined =
        Reaggregation.join(Reaggregation.join(head, Reaggregation.fold(rollups, width)), tail);

    if (plan.rollups()) {
      assertThat(plan.rollupsFrom() % ROLLUP).isZero();
      assertThat(plan.rollupsTo()).isLessThanOrEqualTo(Math.min(to, watermark));
    }
    List<Bucket> direct = aggregate(inRange, width);
    assertThat(combined).hasSameSizeAs(direct);
    for (int i = 0; i < direct.size(); i++) {
      assertThat(combined.get(i))
          .usingRecursiveComparison()
          .ignoringFields("avg")
          .isEqualTo(direct.get(i));
      assertThat(combined.get(i).avg()).isCloseTo(direct.get(i).avg(), within(1e-6));
    }
  }

  @Provide
  Arbitrary<Long> times() {
    return Arbitraries.longs().between(-3_700_000, 3_700_000);
  }

  private static List<Sample> between(List<Sample> samples, long from, long to) {
    return samples.stream().filter(s -> s.time() >= from && s.time() < to).toList();
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
