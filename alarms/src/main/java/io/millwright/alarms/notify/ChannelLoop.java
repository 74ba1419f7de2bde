package io.millwright.alarms.notify;

import io.millwright.alarms.engine.AlarmEvent;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One channel's delivery loop on its own thread: read entries after the cursor, deliver those the
 * filter takes, move the cursor. See {@link Notifier} for the failure policy.
 */
final class ChannelLoop implements Runnable {

  private static final System.Logger LOG = System.getLogger(Notifier.class.getName());

  private final Outbox outbox;
  private final Channel channel;
  private final Backoff backoff;
  private final LoopThread thread;
  private final Tally tally = new Tally();

  // Only the loop's thread touches these.
  private int failuresInRow;
  private int journalFailuresInRow;
  private boolean refusalLogged;
  private long singlesUntil;
  private long lastSendNanos;
  private boolean sentBefore;

  ChannelLoop(Outbox outbox, Channel channel, Backoff backoff, Duration poll) {
    this.outbox = outbox;
    this.channel = channel;
    this.backoff = backoff;
    this.thread = new LoopThread("millwright-notify-" + channel.name(), poll);
  }

  void start() {
    thread.start(this);
  }

  void wake() {
    thread.wake();
  }

  /**
   * Tells the loop to stop. A delivery in flight is interrupted (the cursor stays before it, so it
   * is sent again on the next start); a journal call is never interrupted.
   */
  void stop() {
    thread.stop();
  }

  void await(Duration grace) {
    thread.await(grace);
  }

  ChannelFigures figures(long latest) {
    return tally.figures(channel.name(), latest);
  }

  @Override
  public void run() {
    while (!thread.closed() && tally.cursor < 0) {
      try {
        tally.cursor = outbox.delivered(channel.name());
      } catch (RuntimeException e) {
        journalFailed(e);
      }
    }
    while (!thread.closed()) {
      try {
        step();
      } catch (RuntimeException e) {
        journalFailed(e);
      }
    }
  }

  private void step() {
    thread.clearWake();
    long cursor = tally.cursor;
    List<AlarmEvent> read = outbox.after(cursor, singlesUntil > cursor ? 1 : channel.batch());
    journalFailuresInRow = 0;
    if (failuresInRow == 0) {
      tally.backoffNanos = 0; // a journal outage's wait is over
    }
    if (read.isEmpty()) {
      thread.awaitWake();
      return;
    }
    List<AlarmEvent> taken = new ArrayList<>(read.size());
    for (AlarmEvent e : read) {
      if (channel.filter().accepts(e)) {
        taken.add(e);
      }
    }
    long last = read.getLast().seq();
    if (taken.isEmpty()) {
      tally.filtered.addAndGet(read.size());
      advance(last);
      return;
    }
    if (waitForSpacing()) {
      return; // read again: entries that came while waiting join this delivery
    }
    deliver(read, taken, last);
  }

  private void deliver(List<AlarmEvent> read, List<AlarmEvent> taken, long last) {
    DeliveryException failure = null;
    try {
      thread.enterInterruptible();
      try {
        channel.deliver(taken);
      } finally {
        thread.leaveInterruptible();
      }
    } catch (InterruptedException e) {
      return; // closing: the cursor stays, the entries go again after a restart
    } catch (DeliveryException e) {
      failure = e;
    } catch (RuntimeException e) {
      // A fault in the channel's own code: retried like an outage rather than ending the thread.
      failure = new DeliveryException(e.getClass().getSimpleName(), false);
    }
    lastSendNanos = System.nanoTime();
    sentBefore = true;
    if (failure == null) {
      succeeded(read.size() - taken.size(), taken.size(), last);
    } else if (failure.permanent()) {
      refused(read, taken, last, failure);
    } else {
      failed(failure);
    }
  }

  private void succeeded(int passedOver, int count, long last) {
    tally.delivered.addAndGet(count);
    tally.filtered.addAndGet(passedOver);
    tally.lastSuccessMillis = System.currentTimeMillis();
    tally.backoffNanos = 0;
    if (failuresInRow > 0 || refusalLogged) {
      LOG.log(Level.INFO, "alarm notifications: channel {0} delivers again", channel.name());
    }
    failuresInRow = 0;
    refusalLogged = false;
    advance(last);
  }

  private void refused(
      List<AlarmEvent> read, List<AlarmEvent> taken, long last, DeliveryException failure) {
    tally.failures.incrementAndGet();
    if (taken.size() > 1) {
      // One bad entry must not take the good ones of its batch with it: retry them singly.
      singlesUntil = last;
      LOG.log(
          Level.DEBUG,
          "alarm notifications: channel {0} refused entries {1}..{2} ({3}); sending them one at a"
              + " time to find the ones it will not take",
          channel.name(),
          String.valueOf(taken.getFirst().seq()),
          String.valueOf(taken.getLast().seq()),
          failure.getMessage());
      return;
    }
    LOG.log(
        refusalLogged ? Level.DEBUG : Level.WARNING,
        "alarm notifications: channel {0} refused entry {1} for good ({2}); it is skipped."
            + " Further refusals are logged at debug level until a delivery succeeds",
        channel.name(),
        String.valueOf(taken.getFirst().seq()),
        failure.getMessage());
    refusalLogged = true;
    tally.skipped.incrementAndGet();
    tally.filtered.addAndGet(read.size() - 1);
    advance(last);
  }

  private void failed(DeliveryException failure) {
    tally.failures.incrementAndGet();
    failuresInRow++;
    Duration wait = backoff.delay(failuresInRow, ThreadLocalRandom.current());
    tally.backoffNanos = wait.toNanos();
    LOG.log(
        failuresInRow == 1 ? Level.WARNING : Level.DEBUG,
        "alarm notifications: channel {0} failed ({1}), {2} in a row; retrying in {3} ms",
        channel.name(),
        failure.getMessage(),
        String.valueOf(failuresInRow),
        String.valueOf(wait.toMillis()));
    thread.pause(wait.toNanos());
  }

  // Called last: the figures count an entry before the cursor passes it, so whoever sees the
  // cursor move sees the counts too. A failed write leaves the entries to be delivered again.
  private void advance(long seq) {
    outbox.delivered(channel.name(), seq);
    tally.cursor = seq;
  }

  /** Whether it waited for the channel's spacing, so the caller should read again. */
  private boolean waitForSpacing() {
    long spacing = channel.spacing().toNanos();
    if (!sentBefore || spacing <= 0) {
      return false;
    }
    long left = spacing - (System.nanoTime() - lastSendNanos);
    if (left <= 0) {
      return false;
    }
    thread.pause(left);
    return true;
  }

  private void journalFailed(RuntimeException e) {
    // The journal is this module's own database; when it fails, wait as for a receiver's outage.
    journalFailuresInRow++;
    Duration wait = backoff.delay(journalFailuresInRow, ThreadLocalRandom.current());
    tally.backoffNanos = wait.toNanos();
    LOG.log(
        Level.ERROR,
        () ->
            "alarm notifications: channel "
                + channel.name()
                + " cannot use the journal; retrying in "
                + wait.toMillis()
                + " ms",
        e);
    thread.pause(wait.toNanos());
  }
}
