package io.millwright.bench;

import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The edge-to-cloud promise checked tag by tag: in a window, the cloud historian holds exactly the
 * samples the edge historian holds (same timestamps, values and qualities), each once, in order.
 * The edge historian is the record of what the factory produced.
 */
final class Completeness {

  /**
   * Counts over all checked tags, {@code ok} only when nothing is missing, extra or doubled; {@code
   * missingByQuality} says what the missing samples were (a stale marker is not a lost measurement,
   * but the cloud's record then differs from the edge's).
   */
  record Result(
      int tags,
      long edge,
      long cloud,
      long missing,
      long doubled,
      long unexpected,
      long misordered,
      long hostMarkersNotInTheCloud,
      Map<String, Long> missingByQuality) {
    boolean ok() {
      return tags > 0
          && edge > 0
          && missing == 0
          && doubled == 0
          && unexpected == 0
          && misordered == 0;
    }
  }

  private Completeness() {}

  static Result check(
      MillwrightProcess edge, MillwrightProcess cloud, List<String> tags, Instant from, Instant to)
      throws IOException, InterruptedException {
    long edgeCount = 0;
    long cloudCount = 0;
    long missing = 0;
    long doubled = 0;
    long unexpected = 0;
    long misordered = 0;
    long markers = 0;
    Map<String, Long> byQuality = new TreeMap<>();
    for (String tag : tags) {
      List<SiteHistory.Sample> produced = SiteHistory.raw(edge, tag, from, to);
      List<SiteHistory.Sample> stored = SiteHistory.raw(cloud, tag, from, to);
      Set<SiteHistory.Sample> expected = new HashSet<>(produced);
      Set<SiteHistory.Sample> seen = new HashSet<>();
      long tagMissing = 0;
      long tagDoubled = 0;
      long tagUnexpected = 0;
      long tagMisordered = 0;
      Instant previous = Instant.MIN;
      for (SiteHistory.Sample s : stored) {
        if (!seen.add(s)) {
          tagDoubled++;
        } else if (!expected.contains(s)) {
          tagUnexpected++;
        }
        if (!s.timestamp().isAfter(previous)) {
          tagMisordered++;
        }
        previous = s.timestamp();
      }
      for (SiteHistory.Sample s : produced) {
        if (!seen.contains(s)) {
          byQuality.merge(s.quality() + " at " + s.timestamp(), 1L, Long::sum);
          // A Bad sample the edge historian holds and the cloud does not is the stale marker a
          // Sparkplug host writes itself when an edge node dies (here: the node going offline as
          // the publisher was killed): the edge historian's own, no machine measured it. It is
          // shown, not counted as lost; a missing Good sample is a loss.
          if (s.quality().equals("Good")) {
            tagMissing++;
          } else {
            markers++;
          }
        }
      }
      if (tagMissing + tagDoubled + tagUnexpected + tagMisordered > 0) {
        System.out.printf(
            Locale.ROOT,
            "  MISMATCH %s: edge %d, cloud %d, missing %d, doubled %d, unexpected %d, out of"
                + " order %d; first missing %s%n",
            tag,
            produced.size(),
            stored.size(),
            tagMissing,
            tagDoubled,
            tagUnexpected,
            tagMisordered,
            produced.stream().filter(s -> !seen.contains(s)).findFirst().orElse(null));
      }
      edgeCount += produced.size();
      cloudCount += stored.size();
      missing += tagMissing;
      doubled += tagDoubled;
      unexpected += tagUnexpected;
      misordered += tagMisordered;
    }
    return new Result(
        tags.size(),
        edgeCount,
        cloudCount,
        missing,
        doubled,
        unexpected,
        misordered,
        markers,
        byQuality);
  }
}
