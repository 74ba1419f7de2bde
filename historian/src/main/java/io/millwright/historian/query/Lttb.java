package io.millwright.historian.query;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Largest-Triangle-Three-Buckets downsampling (S. Steinarsson, "Downsampling Time Series for Visual
 * Representation", University of Iceland, 2013, section 4.2): keeps the first and the last point
 * and, from each bucket between them, the point that makes the largest triangle with the point kept
 * from the bucket before and the average of the bucket after. Peaks, dips and steps survive, which
 * averaging per bucket flattens.
 *
 * <p>One departure from the paper, so that the points stream from the store: the buckets are equal
 * slices of the queried time range, not equal counts of points. For regular sampling the two agree;
 * with gaps, a gap costs no points. Two passes over the points: the first sums each bucket (for the
 * averages) and finds the first and last point, the second picks. Memory: three numbers per bucket
 * and the answer, whatever the number of points; ranges with no more points than asked are returned
 * whole, held once.
 */
final class Lttb {

  /** Fewer than three points leaves no bucket between the first and the last. */
  static final int MIN_POINTS = 3;

  private final TimeRange range;
  private final int buckets;
  private final double[] sumTime;
  private final double[] sumValue;
  private final long[] count;

  private Lttb(TimeRange range, int points) {
    this.range = range;
    this.buckets = points - 2;
    this.sumTime = new double[buckets];
    this.sumValue = new double[buckets];
    this.count = new long[buckets];
  }

  /**
   * @param points yields the points with timestamps in the range, in strictly increasing time
   *     order, the same ones each time it is asked
   * @param threshold how many points at most, at least {@link #MIN_POINTS}
   * @return at most {@code threshold} of the points, in time order, including the first and last
   */
  static List<Point> downsample(Supplier<Iterator<Point>> points, TimeRange range, int threshold) {
    if (threshold < MIN_POINTS) {
      throw new IllegalArgumentException(
          "downsampling keeps at least " + MIN_POINTS + " points, not " + threshold);
    }
    return new Lttb(range, threshold).run(points, threshold);
  }

  private List<Point> run(Supplier<Iterator<Point>> points, int threshold) {
    Point first = null;
    Point last = null;
    List<Point> all = new ArrayList<>();
    for (Iterator<Point> it = points.get(); it.hasNext(); ) {
      Point p = it.next();
      if (first == null) {
        first = p;
      } else {
        add(p, 1);
      }
      last = p;
      if (all != null) {
        all.add(p);
        if (all.size() > threshold) {
          all = null;
        }
      }
    }
    if (all != null) {
      return all;
    }
    add(last, -1);
    return pick(points.get(), first, last);
  }

  private void add(Point p, int sign) {
    int b = bucket(p.timestamp());
    sumTime[b] += sign * time(p);
    sumValue[b] += sign * p.value();
    count[b] += sign;
  }

  private List<Point> pick(Iterator<Point> points, Point first, Point last) {
    int[] following = followingBuckets();
    List<Point> kept = new ArrayList<>();
    kept.add(first);
    Point a = first;
    int current = -1;
    Point best = null;
    double bestArea = 0;
    double nextTime = 0;
    double nextValue = 0;
    while (points.hasNext()) {
      Point p = points.next();
      if (p.timestamp() <= first.timestamp()) {
        continue;
      }
      if (p.timestamp() >= last.timestamp()) {
        break;
      }
      int b = bucket(p.timestamp());
      if (b != current) {
        if (best != null) {
          kept.add(best);
          a = best;
        }
        current = b;
        best = null;
        int next = following[b];
        nextTime = next < 0 ? time(last) : sumTime[next] / count[next];
        nextValue = next < 0 ? last.value() : sumValue[next] / count[next];
      }
      double area = area(a, p, nextTime, nextValue);
      if (best == null || area > bestArea) {
        best = p;
        bestArea = area;
      }
    }
    if (best != null) {
      kept.add(best);
    }
    kept.add(last);
    return kept;
  }

  /** For each bucket, the next one holding points, or -1 when only the last point follows. */
  private int[] followingBuckets() {
    int[] following = new int[buckets];
    int next = -1;
    for (int b = buckets - 1; b >= 0; b--) {
      following[b] = next;
      if (count[b] > 0) {
        next = b;
      }
    }
    return following;
  }

  /** Twice the area of the triangle a, b, c: the factor does not change which one is largest. */
  private double area(Point a, Point b, double cTime, double cValue) {
    double aTime = time(a);
    return Math.abs(
        (aTime - cTime) * (b.value() - a.value()) - (aTime - time(b)) * (cValue - a.value()));
  }

  private int bucket(long timestamp) {
    // Spans are at most TimeRange.MAX_SPAN (3.2e11 ms) and buckets a few thousand: no overflow.
    return (int) ((timestamp - range.from()) * buckets / (range.to() - range.from()));
  }

  /** Time from the range's start, so that the arithmetic keeps its precision in doubles. */
  private double time(Point p) {
    return p.timestamp() - range.from();
  }
}
