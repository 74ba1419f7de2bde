package io.millwright.oee.calendar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Planned downtime in order of start, with the latest end seen so far at each position: that
 * running maximum only grows, so a binary search finds the first downtime that can reach into a
 * range, and a query touches only the downtime near it however long the list is.
 */
final class DowntimeIndex {

  private final PlannedDowntime[] byStart;
  private final long[] latestEnd;

  DowntimeIndex(List<PlannedDowntime> downtime) {
    byStart = downtime.toArray(PlannedDowntime[]::new);
    Arrays.sort(byStart, Comparator.comparing(PlannedDowntime::from));
    latestEnd = new long[byStart.length];
    long latest = Long.MIN_VALUE;
    for (int i = 0; i < byStart.length; i++) {
      latest = Math.max(latest, byStart[i].to().toEpochMilli());
      latestEnd[i] = latest;
    }
  }

  /** The downtime of {@code machineId} overlapping {@code [fromMillis, toMillis)}, merged. */
  List<Window> applying(String machineId, long fromMillis, long toMillis) {
    List<Window> found = new ArrayList<>();
    for (int i = firstEndingAfter(fromMillis); i < byStart.length; i++) {
      PlannedDowntime d = byStart[i];
      long start = d.from().toEpochMilli();
      if (start >= toMillis) {
        break;
      }
      long end = d.to().toEpochMilli();
      if (end > fromMillis && d.appliesTo(machineId)) {
        found.add(new Window(start, end));
      }
    }
    return Windows.merge(found);
  }

  private int firstEndingAfter(long millis) {
    int low = 0;
    int high = latestEnd.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (latestEnd[mid] > millis) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return low;
  }
}
