package io.millwright.historian.query;

import io.millwright.historian.store.SampleStore;
import io.millwright.historian.store.StoredSample;
import java.io.IOException;
import java.io.Writer;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The history queries that the store's SPI does not answer by itself: downsampling for charts,
 * time-weighted average, time per value, CSV export. Built on raw paging and the latest sample
 * only, so that every store backend answers alike. Tags are exact paths the caller has checked.
 */
public final class HistoryQueries {

  /** The most points a downsampled chart may ask for: more than any screen is wide. */
  public static final int MAX_POINTS = 10_000;

  public static final int MIN_POINTS = Lttb.MIN_POINTS;

  /** The most tags one export may name or match. */
  public static final int MAX_EXPORT_TAGS = 100;

  /**
   * Samples one computed query may read: a month of a 1 Hz tag (2.6 million) with room to spare, a
   * few seconds of work.
   */
  public static final long SAMPLE_BUDGET = 10_000_000;

  private final SampleStore store;
  private final long sampleBudget;

  public HistoryQueries(SampleStore store) {
    this(store, SAMPLE_BUDGET);
  }

  HistoryQueries(SampleStore store, long sampleBudget) {
    this.store = store;
    this.sampleBudget = sampleBudget;
  }

  /**
   * At most {@code points} of the tag's Good samples that draw the same chart as all of them
   * (LTTB); NaN and infinities are not drawn.
   *
   * @throws IllegalArgumentException for a points count out of range, a tag that is not numeric, or
   *     a range holding more than the sample budget
   */
  public List<Point> downsample(String tag, TimeRange range, int points) {
    if (points < MIN_POINTS || points > MAX_POINTS) {
      throw new IllegalArgumentException(
          "points must be " + MIN_POINTS + " to " + MAX_POINTS + ", not " + points);
    }
    // A budget per pass: LTTB reads the range twice, and the limit is on the range, not the reads.
    return Lttb.downsample(
        () -> chartPoints(tag, range, new ScanBudget(sampleBudget)), range, points);
  }

  /**
   * The average of the tag's Good values weighted by how long each held, the value in force at the
   * start included.
   *
   * @throws IllegalArgumentException for a tag that is not numeric, or a range holding more than
   *     the sample budget
   */
  public TimeWeightedAverage timeWeightedAverage(String tag, TimeRange range) {
    TimeWeightedAverage.Sum sum = new TimeWeightedAverage.Sum();
    walk(tag, range, sum);
    return sum.result(tag, range);
  }

  /**
   * How long each Good value of the tag held, and how often it began, the value in force at the
   * start included.
   *
   * @throws IllegalArgumentException for more than {@link ValueDurations#MAX_VALUES} distinct
   *     values, or a range holding more than the sample budget
   */
  public ValueDurations durations(String tag, TimeRange range) {
    ValueDurations.Tally tally = new ValueDurations.Tally();
    walk(tag, range, tally);
    return tally.result(tag, range);
  }

  /**
   * Writes the raw samples of the tags as CSV, tag by tag in the order given, each oldest first,
   * reading the store a page at a time. No sample budget: the caller asked for every row.
   *
   * @throws IllegalArgumentException for no tags or more than {@link #MAX_EXPORT_TAGS}, before
   *     anything is written
   */
  public void exportCsv(List<String> tags, TimeRange range, Writer out) throws IOException {
    if (tags.isEmpty() || tags.size() > MAX_EXPORT_TAGS) {
      throw new IllegalArgumentException(
          "an export takes 1 to " + MAX_EXPORT_TAGS + " tags, not " + tags.size());
    }
    ScanBudget unlimited = new ScanBudget(Long.MAX_VALUE);
    CsvExport.header(out);
    for (String tag : tags) {
      try (Stream<StoredSample> samples =
          SampleScan.of(store, tag, range.from(), range.to(), unlimited)) {
        CsvExport.rows(samples, out);
      }
    }
  }

  /**
   * The tags an export of a filter covers, sorted.
   *
   * @throws IllegalArgumentException when none or more than {@link #MAX_EXPORT_TAGS} match
   */
  public List<String> exportTags(String filter) {
    List<String> tags = store.tags(filter, MAX_EXPORT_TAGS + 1);
    if (tags.isEmpty()) {
      throw new IllegalArgumentException("no tag matches \"" + filter + "\"");
    }
    if (tags.size() > MAX_EXPORT_TAGS) {
      throw new IllegalArgumentException(
          "more than "
              + MAX_EXPORT_TAGS
              + " tags match \""
              + filter
              + "\"; export fewer at a time");
    }
    return tags;
  }

  private Iterator<Point> chartPoints(String tag, TimeRange range, ScanBudget budget) {
    return SampleScan.of(store, tag, range.from(), range.to(), budget)
        .filter(s -> s.quality().isGood())
        .map(s -> new Point(s.timestamp(), Numeric.of(s)))
        .filter(p -> Double.isFinite(p.value()))
        .iterator();
  }

  private void walk(String tag, TimeRange range, Steps.Period period) {
    ScanBudget budget = new ScanBudget(sampleBudget);
    Optional<StoredSample> before = ValueInForce.at(store, tag, range.from(), budget);
    try (Stream<StoredSample> samples =
        SampleScan.of(store, tag, range.from(), range.to(), budget)) {
      Steps.walk(before, samples.iterator(), range, period);
    }
  }
}
