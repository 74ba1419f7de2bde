package io.millwright.alarms.notify;

import io.millwright.alarms.engine.AlarmEvent;
import java.time.Duration;
import java.util.List;

/**
 * One receiver of alarm notifications. A {@link Notifier} calls it from the channel's own thread
 * only, with the journal's entries in order, so implementations need no locking.
 */
public interface Channel extends AutoCloseable {

  /** The channel's id, {@code [a-z0-9-]}: the key of its cursor in the journal. */
  String name();

  /** Which entries it takes; the others are passed over. */
  ChannelFilter filter();

  /** The most entries one {@link #deliver} gets. */
  int batch();

  /**
   * The least time between two delivery attempts: {@link Duration#ZERO} to send as soon as entries
   * come, longer for a digest that gathers what comes in the meantime (and retries no faster).
   */
  Duration spacing();

  /**
   * Sends entries, all of which the filter took, oldest first. Returning means the receiver has
   * them.
   *
   * @throws DeliveryException when the receiver did not take them; its message names no secret
   * @throws InterruptedException when the notifier is closing
   */
  void deliver(List<AlarmEvent> events) throws DeliveryException, InterruptedException;

  /** Releases connections; no delivery follows. */
  @Override
  void close();
}
