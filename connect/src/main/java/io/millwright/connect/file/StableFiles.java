package io.millwright.connect.file;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Decides when a file is completely written: its size and modification time have not changed for
 * {@code stableFor}, by this connector's own clock. The machine's clock and the file system's
 * timestamps of a share may be anywhere; only "unchanged since I first saw it so" is trusted. Used
 * from the connector's scan thread only.
 */
final class StableFiles {

  private record Seen(long size, long modified, long sinceNanos) {}

  private final long stableNanos;
  private final Map<String, Seen> seen = new HashMap<>();

  StableFiles(Duration stableFor) {
    this.stableNanos = stableFor.toNanos();
  }

  /**
   * @param nowNanos {@link System#nanoTime()}
   * @return whether the file has looked the same for {@code stableFor}
   */
  boolean stable(String name, long size, long modified, long nowNanos) {
    if (stableNanos == 0) {
      return true;
    }
    Seen before = seen.get(name);
    if (before == null || before.size != size || before.modified != modified) {
      seen.put(name, new Seen(size, modified, nowNanos));
      return false;
    }
    return nowNanos - before.sinceNanos >= stableNanos;
  }

  /**
   * When the earliest file seen but not yet stable will be, so the next look is not a whole poll
   * interval late.
   */
  OptionalLong nextDeadlineNanos() {
    return seen.values().stream().mapToLong(s -> s.sinceNanos + stableNanos).min();
  }

  /** Forgets a file read, and files that are gone: only names still waiting are kept. */
  void keepOnly(Set<String> waiting) {
    seen.keySet().retainAll(waiting);
  }
}
