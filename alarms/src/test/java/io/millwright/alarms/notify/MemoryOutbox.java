package io.millwright.alarms.notify;

import io.millwright.alarms.engine.AlarmEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stands in for the H2 alarm journal, which is written elsewhere: the same {@link Outbox} contract
 * (dense sequence numbers from 1, one cursor per channel), kept in memory for these tests.
 */
final class MemoryOutbox implements Outbox {

  private final List<AlarmEvent> entries = new ArrayList<>();
  private final Map<String, Long> cursors = new HashMap<>();

  /** Journals an event as the alarm engine would, giving it the next sequence number. */
  synchronized AlarmEvent append(AlarmEvent e) {
    AlarmEvent journaled = e.withSeq(entries.size() + 1L);
    entries.add(journaled);
    return journaled;
  }

  @Override
  public synchronized List<AlarmEvent> after(long seq, int max) {
    int from = (int) Math.min(seq, entries.size());
    return List.copyOf(entries.subList(from, Math.min(entries.size(), from + max)));
  }

  @Override
  public synchronized long delivered(String channel) {
    return cursors.getOrDefault(channel, 0L);
  }

  @Override
  public synchronized void delivered(String channel, long seq) {
    cursors.put(channel, seq);
  }

  @Override
  public synchronized long latest() {
    return entries.size();
  }
}
