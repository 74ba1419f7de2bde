package io.millwright.historian.query;

import io.millwright.historian.store.SampleStore;
import io.millwright.historian.store.StoredSample;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * One tag's raw samples over a range, oldest first, read from the store a page at a time: a day of
 * a 1 Hz tag (86,400 samples) passes through while one page of {@link #PAGE} samples is held.
 */
final class SampleScan implements Iterator<StoredSample> {

  /** Samples per store read: large enough that a day at 1 Hz is 18 reads, small enough to hold. */
  static final int PAGE = 5_000;

  private final SampleStore store;
  private final String tag;
  private final long to;
  private final ScanBudget budget;
  private long next;
  private boolean exhausted;
  private List<StoredSample> page = List.of();
  private int index;

  private SampleScan(SampleStore store, String tag, long from, long to, ScanBudget budget) {
    this.store = store;
    this.tag = tag;
    this.next = from;
    this.to = to;
    this.budget = budget;
  }

  /** The samples of {@code tag} with {@code from <= timestamp < to}, read lazily. */
  static Stream<StoredSample> of(
      SampleStore store, String tag, long from, long to, ScanBudget budget) {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(
            new SampleScan(store, tag, from, to, budget),
            Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  @Override
  public boolean hasNext() {
    while (index == page.size()) {
      if (exhausted) {
        return false;
      }
      readPage();
    }
    return true;
  }

  @Override
  public StoredSample next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return page.get(index++);
  }

  private void readPage() {
    page = next < to ? store.raw(tag, next, to, PAGE) : List.of();
    index = 0;
    budget.spend(page.size());
    if (page.size() < PAGE) {
      exhausted = true;
    } else {
      // Timestamps of one tag are unique in the store, so the next page starts just after.
      next = page.getLast().timestamp() + 1;
    }
  }
}
