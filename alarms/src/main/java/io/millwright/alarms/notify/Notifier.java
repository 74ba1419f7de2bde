package io.millwright.alarms.notify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Delivers the alarm journal to notification channels, each from its own durable cursor on its own
 * daemon thread, so a receiver that is down or slow never holds up alarm evaluation and never loses
 * an entry: the entry stays in the journal and the channel's cursor waits before it.
 *
 * <p>The service writes each transition to the journal and then calls {@link #wake()}.
 *
 * <p>Failure policy, per channel:
 *
 * <ul>
 *   <li>A failure that may pass (receiver unreachable, timeout, HTTP 5xx, 429, a receiver that
 *       refuses this sender or moved: 401, 403, 404, 405, 410; an SMTP error) is retried with the
 *       same entries after a {@link Backoff} (by default 1 s doubling to 5 min, with jitter); the
 *       cursor does not move, so nothing is lost and order is kept.
 *   <li>A refusal of the entries for good (HTTP 400, 413, 422 to a well-formed request) of a batch
 *       makes the channel retry that batch's entries one at a time; an entry refused on its own is
 *       skipped (counted in {@link ChannelFigures#skipped()}, its cursor moved on) so that one
 *       entry the receiver will never take cannot stop the channel forever. The first refusal of a
 *       streak is logged as a warning; the streak ends with a success.
 *   <li>Entries the channel's filter does not take move its cursor as well.
 * </ul>
 *
 * <p>A receiver may see a batch twice, after a crash between its delivery and the cursor's write;
 * every event carries its journal {@code seq} to drop it by (webhooks also get an {@code
 * Idempotency-Key}).
 */
public final class Notifier implements AutoCloseable {

  /** How long a channel sleeps without a wake before looking at the journal anyway. */
  public static final Duration DEFAULT_POLL = Duration.ofSeconds(5);

  private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

  private final Outbox outbox;
  private final List<ChannelLoop> loops;
  private final List<Channel> channels;

  private Notifier(Outbox outbox, List<Channel> channels, List<ChannelLoop> loops) {
    this.outbox = outbox;
    this.channels = channels;
    this.loops = loops;
  }

  /** Starts delivering to the channels with the default backoff and poll. */
  public static Notifier start(Outbox outbox, List<? extends Channel> channels) {
    return start(outbox, channels, Backoff.DEFAULT, DEFAULT_POLL);
  }

  /**
   * Starts one delivery thread per channel, each from the cursor the journal holds for it.
   *
   * @param poll how long a channel waits for a {@link #wake()} before reading the journal anyway
   * @throws IllegalArgumentException when two channels have one name (they would share a cursor)
   */
  public static Notifier start(
      Outbox outbox, List<? extends Channel> channels, Backoff backoff, Duration poll) {
    if (poll.isNegative() || poll.isZero()) {
      throw new IllegalArgumentException("poll: must be positive, not " + poll);
    }
    Set<String> names = new HashSet<>();
    List<ChannelLoop> loops = new ArrayList<>();
    for (Channel c : channels) {
      if (!names.add(c.name())) {
        throw new IllegalArgumentException(
            "notification channel \"" + c.name() + "\" is configured twice");
      }
      loops.add(new ChannelLoop(outbox, c, backoff, poll));
    }
    Notifier n = new Notifier(outbox, List.copyOf(channels), List.copyOf(loops));
    loops.forEach(ChannelLoop::start);
    return n;
  }

  /** Tells every channel the journal has new entries. Cheap and never blocks. */
  public void wake() {
    for (ChannelLoop l : loops) {
      l.wake();
    }
  }

  /** Every channel's figures, in the order they were given. Reads the journal's latest entry. */
  public List<ChannelFigures> figures() {
    long latest = outbox.latest();
    List<ChannelFigures> out = new ArrayList<>(loops.size());
    for (ChannelLoop l : loops) {
      out.add(l.figures(latest));
    }
    return out;
  }

  /**
   * Stops every channel and closes them. Deliveries in flight are interrupted; their entries stay
   * after the cursor and go again after the next start. Cursors are written after each delivery, so
   * there is nothing left to save.
   */
  @Override
  public void close() {
    // Signal all first so they stop together rather than one grace after another.
    for (ChannelLoop l : loops) {
      l.stop();
    }
    for (ChannelLoop l : loops) {
      l.await(CLOSE_GRACE);
    }
    for (Channel c : channels) {
      c.close();
    }
  }
}
