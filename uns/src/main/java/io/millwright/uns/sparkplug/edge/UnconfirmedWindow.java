package io.millwright.uns.sparkplug.edge;

import io.millwright.uns.sparkplug.buffer.EdgeNodeStore;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The samples this node published in the last few seconds, kept to be sent again should the primary
 * host turn out not to have received them.
 *
 * <p>Why: DDATA goes at QoS 0, so nothing confirms that the host got it. Two real cases lose such
 * samples. A host that dies (its will says offline) misses whatever the node sent between its death
 * and the node seeing the will. And a host that pauses stays connected, but the node's NDEATH (QoS
 * 1) can overtake its last DDATA (QoS 0) in the broker, so the host sees data after the death and
 * drops it (measured with HiveMQ CE: about one run in three lost one sample). When the host goes
 * offline or the connection is lost, the window's samples go back into the buffer at their keys and
 * are replayed as historical data after the next birth. A host that did receive them sees them
 * twice; the historian keeps a tag's sample per timestamp once, so it stores them once.
 *
 * <p>Bounded by age and count, so a node publishing 100,000 samples/s holds at most {@link
 * #MAX_SAMPLES}; a host loss noticed later than {@link #AGE_NANOS} (a network cut between host and
 * broker, found only by the keep-alive) can still lose what was sent in between. Not thread-safe:
 * used under the session's lock.
 */
final class UnconfirmedWindow {

  static final long AGE_NANOS = 5_000_000_000L;
  static final int MAX_SAMPLES = 100_000;

  private record Sent(long nanos, EdgeNodeStore.Entry entry) {}

  private final ArrayDeque<Sent> sent = new ArrayDeque<>();

  void add(List<EdgeNodeStore.Entry> entries, long nowNanos) {
    forgetOlderThan(nowNanos);
    for (EdgeNodeStore.Entry entry : entries) {
      if (sent.size() == MAX_SAMPLES) {
        sent.pollFirst();
      }
      sent.addLast(new Sent(nowNanos, entry));
    }
  }

  /** Removes and returns the samples sent within the window, oldest first. */
  List<EdgeNodeStore.Entry> takeAll(long nowNanos) {
    forgetOlderThan(nowNanos);
    List<EdgeNodeStore.Entry> entries = sent.stream().map(Sent::entry).toList();
    sent.clear();
    return entries;
  }

  int size() {
    return sent.size();
  }

  private void forgetOlderThan(long nowNanos) {
    while (!sent.isEmpty() && nowNanos - sent.peekFirst().nanos() > AGE_NANOS) {
      sent.pollFirst();
    }
  }
}
