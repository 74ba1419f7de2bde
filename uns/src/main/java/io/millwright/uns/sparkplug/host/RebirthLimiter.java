package io.millwright.uns.sparkplug.host;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * At most one rebirth request per edge node within the interval (RELIABILITY T7): a node that keeps
 * sending broken data must not make the host flood the namespace with NCMDs. Remembers the most
 * recent nodes only, so a flood of made-up node ids cannot grow the heap.
 */
final class RebirthLimiter {

  static final int MAX_NODES = 10_000;

  private final long intervalNanos;
  private final Map<String, Long> lastRequest =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
          return size() > MAX_NODES;
        }
      };

  RebirthLimiter(java.time.Duration interval) {
    this.intervalNanos = interval.toNanos();
  }

  /** Whether a request to this node may go now; if so, the interval starts again. */
  synchronized boolean tryAcquire(String group, String node, long nowNanos) {
    String key = group + '/' + node;
    Long last = lastRequest.get(key);
    if (last != null && nowNanos - last < intervalNanos) {
      return false;
    }
    lastRequest.put(key, nowNanos);
    return true;
  }
}
