package io.millwright.uns.sparkplug.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.uns.sparkplug.host.MetricSample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a host received of a {@link Producer}'s samples, in arrival order, without the Bad samples a
 * host makes up on a death (sequence 0): the checks of every sample once (again only as history),
 * oldest first and live data flowing.
 */
final class Received {

  private final List<MetricSample> samples;

  private Received(List<MetricSample> samples) {
    this.samples = samples;
  }

  static Received of(Recording recording, String device) {
    List<MetricSample> out = new ArrayList<>();
    for (Recording.Received r : recording.samples) {
      String metric = r.sample().metric();
      if (r.device().device().equals(device)
          && (metric.equals(Producer.NUMBER) || metric.equals(Producer.TEXT))
          && r.sample().sequence() != 0) {
        out.add(r.sample());
      }
    }
    return new Received(out);
  }

  private static String key(String tag, long timestamp) {
    return tag + "@" + timestamp;
  }

  boolean allArrived(List<Producer.Produced> wanted) {
    Set<String> got = new HashSet<>();
    for (MetricSample s : samples) {
      got.add(key(s.metric(), s.sample().timestamp()));
    }
    return wanted.stream().allMatch(p -> got.contains(key(p.tag(), p.timestamp())));
  }

  boolean anyLiveAfter(long timestamp) {
    return samples.stream().anyMatch(s -> !s.historical() && s.sample().timestamp() > timestamp);
  }

  /**
   * Every sample arrived, by (tag, mwseq); again only as historical: DDATA is QoS 0, so after a
   * loss (host gone, connection lost) the edge node sends what it published in the seconds before
   * once more from its unconfirmed window, and a consumer that already had it recognises it by tag
   * and mwseq (or tag and timestamp). Historical ones oldest first per tag within each resend;
   * buffered samples arrived as historical except at most one per tag and birth (the DBIRTH carries
   * the newest).
   */
  void assertBufferedArrivedOnceOldestFirst(List<Producer.Produced> buffered, int births) {
    Set<String> seen = new HashSet<>();
    Map<String, Integer> count = new HashMap<>();
    Map<String, List<Long>> historicalPerTag = new HashMap<>();
    for (int i = 0; i < samples.size(); i++) {
      MetricSample s = samples.get(i);
      boolean first = seen.add(s.metric() + "#" + s.sequence());
      assertThat(first || s.historical())
          .as("%s with mwseq %d arrived again, and not as historical", s.metric(), s.sequence())
          .isTrue();
      if (!first) {
        continue;
      }
      count.merge(key(s.metric(), s.sample().timestamp()), 1, Integer::sum);
      if (s.historical()) {
        historicalPerTag.computeIfAbsent(s.metric(), k -> new ArrayList<>()).add(s.sequence());
      }
    }
    int notHistorical = 0;
    for (Producer.Produced p : buffered) {
      assertThat(count.get(key(p.tag(), p.timestamp())))
          .as("arrivals of buffered sample %s@%d", p.tag(), p.timestamp())
          .isEqualTo(1);
      for (MetricSample s : samples) {
        if (!s.historical()
            && s.metric().equals(p.tag())
            && s.sample().timestamp() == p.timestamp()) {
          notHistorical++;
        }
      }
    }
    assertThat(notHistorical)
        .as("buffered samples carried by a DBIRTH")
        .isLessThanOrEqualTo(2 * births);
    assertThat(historicalPerTag).isNotEmpty();
    historicalPerTag.values().forEach(seqs -> assertThat(seqs).isSorted());
  }

  /**
   * Live samples produced after the newest buffered one arrived before the last historical one: the
   * backlog did not hold live data back.
   */
  void assertLiveDataFlowedDuringTheDrain(List<Producer.Produced> buffered) {
    long newestBuffered =
        buffered.stream().mapToLong(Producer.Produced::timestamp).max().orElseThrow();
    int lastHistorical = -1;
    for (int i = 0; i < samples.size(); i++) {
      if (samples.get(i).historical()) {
        lastHistorical = i;
      }
    }
    boolean liveDuringDrain = false;
    for (int i = 0; i < lastHistorical; i++) {
      MetricSample s = samples.get(i);
      liveDuringDrain |= !s.historical() && s.sample().timestamp() > newestBuffered;
    }
    assertThat(liveDuringDrain).as("live samples arrived while the backlog drained").isTrue();
  }
}
