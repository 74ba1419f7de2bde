package io.millwright.alarms.notify;

import io.millwright.alarms.engine.AlarmEvent;
import java.util.List;

/**
 * The alarm journal seen as the notifications' outbox: every channel delivers the journal's entries
 * in order from its own cursor, kept in the journal too, so a channel that is down loses nothing
 * and a restart sends nothing twice that was confirmed.
 */
public interface Outbox {

  /** Entries after {@code seq}, oldest first, at most {@code max}. */
  List<AlarmEvent> after(long seq, int max);

  /** The last entry the channel delivered (or decided not to); 0 for a new channel. */
  long delivered(String channel);

  /** Records the channel's progress durably. */
  void delivered(String channel, long seq);

  /** The newest entry's sequence number; 0 when the journal is empty. */
  long latest();
}
