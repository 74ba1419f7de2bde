package io.millwright.historian.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Combines rollup buckets into query buckets, and those with the buckets read from raw samples
 * after the tag's expiry time. Shared by the stores so that both answer alike.
 */
public final class Reaggregation {

  private Reaggregation() {}

  /**
   * Rollup buckets, oldest first, into buckets of {@code width}: each counts in the bucket its
   * start falls in.
   */
  public static List<Bucket> fold(List<RollupBucket> rollups, long width) {
    List<Bucket> out = new ArrayList<>();
    Sum sum = null;
    for (RollupBucket r : rollups) {
      long start = Math.floorDiv(r.start(), width) * width;
      if (sum == null || sum.start != start) {
        if (sum != null) {
          out.add(sum.bucket());
        }
        sum = new Sum(start, r);
      } else {
        sum.add(r);
      }
    }
    if (sum != null) {
      out.add(sum.bucket());
    }
    return out;
  }

  /**
   * The buckets from rollups (all before the expiry time) followed by those from raw samples (all
   * after it); a bucket both have, the one holding the expiry time, is combined.
   */
  public static List<Bucket> join(List<Bucket> fromRollups, List<Bucket> fromRaw) {
    if (fromRollups.isEmpty() || fromRaw.isEmpty()) {
      return fromRollups.isEmpty() ? fromRaw : fromRollups;
    }
    List<Bucket> out = new ArrayList<>(fromRollups.size() + fromRaw.size());
    out.addAll(fromRollups);
    Bucket older = out.getLast();
    Bucket newer = fromRaw.getFirst();
    if (older.start() == newer.start()) {
      long count = older.count() + newer.count();
      double avg = (older.avg() * older.count() + newer.avg() * newer.count()) / count;
      out.set(
          out.size() - 1,
          new Bucket(
              older.start(),
              count,
              Math.min(older.min(), newer.min()),
              Math.max(older.max(), newer.max()),
              avg,
              older.first(),
              newer.last()));
      out.addAll(fromRaw.subList(1, fromRaw.size()));
    } else {
      out.addAll(fromRaw);
    }
    return out;
  }

  /** A query bucket being summed up from rollup buckets in time order. */
  private static final class Sum {
    final long start;
    long count;
    double total;
    double min;
    double max;
    long firstTime;
    double first;
    long lastTime;
    double last;

    Sum(long start, RollupBucket r) {
      this.start = start;
      count = r.count();
      total = r.sum();
      min = r.min();
      max = r.max();
      firstTime = r.firstTime();
      first = r.first();
      lastTime = r.lastTime();
      last = r.last();
    }

    void add(RollupBucket r) {
      count += r.count();
      total += r.sum();
      min = Math.min(min, r.min());
      max = Math.max(max, r.max());
      if (r.firstTime() < firstTime) {
        firstTime = r.firstTime();
        first = r.first();
      }
      if (r.lastTime() > lastTime) {
        lastTime = r.lastTime();
        last = r.last();
      }
    }

    Bucket bucket() {
      return new Bucket(start, count, min, max, total / count, first, last);
    }
  }
}
