package io.millwright.alarms.notify;

import io.millwright.alarms.engine.AlarmEvent;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One channel's delivery loop on its own thread: read entries after the cursor, deliver those the
 * filter takes, move the cursor. See {@link Notifier} for the failure policy.
 */
final class ChannelLoop implements Runnable {

  private static final System.Logger LOG = System.getLogger(Notifier.class.getName());

  private final Outbox outbox;
  private final Channel channel;
  private final Backoff backoff;
  private final long pollNanos;
  private final AtomicBoolean pending = new AtomicBoolean(true);
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong filtered = new AtomicLong();
  private final Object guard = new Object();

  private volatile boolean closed;
  private volatile long cursor = -1;
  private volatile long lastSuccessMillis;
  private volatile long backoffNanos;
  private volatile Thread thread;
  private boolean delivering; // guarded by guard

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
    this.pollNanos = poll.toNanos();
  }

  String name() {
    return channel.name();
  }

  void start() {
    Thread t =
        Thread.ofPlatform().daemon().name("millwright-notify-" + channel.name()).unstarted(this);
    thread = t;
    t.start();
  }

  /** Never blocks: a flag and an unpark. */
  void wake() {
    if (!pending.getAndSet(true)) {
      Thread t = thread;
      if (t != null) {
        LockSupport.unpark(t);
      }
    }
  }

  /**
   * Tells the loop to stop. A delivery in flight is interrupted (the cursor stays before it, so it
   * is sent again on the next start); a journal call is never interrupted.
   */
  void stop() {
    closed = true;
    Thread t = thread;
    if (t == null) {
      return;
    }
    synchronized (guard) {
      if (delivering) {
        t.interrupt();
      }
    }
    LockSupport.unpark(t);
  }

  /** Waits up to {@code grace} for the loop's thread to end after {@link #stop()}. */
  void await(Duration grace) {
    Thread t = thread;
    if (t == null) {
      return;
    }
    try {
      t.join(Math.max(1, grace.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  ChannelFigures figures(long latest) {
    long c = cursor;
    return new ChannelFigures(
        channel.name(),
        Math.max(0, c),
        delivered.get(),
        failures.get(),
        skipped.get(),
        filtered.get(),
        c < 0 ? latest : Math.max(0, latest - c),
        lastSuccessMillis,
        Duration.ofNanos(backoffNanos));
  }

  @Override
  public void run() {
    while (!closed && cursor < 0) {
      try {
        cursor = outbox.delivered(channel.name());
      } catch (RuntimeException e) {
        journalFailed(e);
      }
    }
    while (!closed) {
      try {
        step();
      } catch (RuntimeException e) {
        journalFailed(e);
      }
    }
  }

  private void step() {
    pending.set(false);
    int max = singlesUntil > cursor ? 1 : channel.batch();
    List<AlarmEvent> read = outbox.after(cursor, max);
    journalFailuresInRow = 0;
    if (failuresInRow == 0) {
      backoffNanos = 0; // a journal outage's wait is over
    }
    if (read.isEmpty()) {
      awaitWake();
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
      filtered.addAndGet(read.size());
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
      enterDelivery();
      try {
        channel.deliver(taken);
      } finally {
        leaveDelivery();
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
    delivered.addAndGet(count);
    filtered.addAndGet(passedOver);
    lastSuccessMillis = System.currentTimeMillis();
    backoffNanos = 0;
    if (failuresInRow > 0 || refusalLogged) {
      LOG.log(Level.INFO, "alarm notifications: channel {0} delivers again", channel.name());
    }
    failuresInRow = 0;
    refusalLogged = false;
    advance(last);
  }

  private void refused(
      List<AlarmEvent> read, List<AlarmEvent> taken, long last, DeliveryException failure) {
    failures.incrementAndGet();
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
    skipped.incrementAndGet();
    filtered.addAndGet(read.size() - 1);
    advance(last);
  }

  private void failed(DeliveryException failure) {
    failures.incrementAndGet();
    failuresInRow++;
    Duration wait = backoff.delay(failuresInRow, ThreadLocalRandom.current());
    backoffNanos = wait.toNanos();
    LOG.log(
        failuresInRow == 1 ? Level.WARNING : Level.DEBUG,
        "alarm notifications: channel {0} failed ({1}), {2} in a row; retrying in {3} ms",
        channel.name(),
        failure.getMessage(),
        String.valueOf(failuresInRow),
        String.valueOf(wait.toMillis()));
    pause(wait.toNanos());
  }

  // Called last: the figures count an entry before the cursor passes it, so whoever sees the
  // cursor move sees the counts too. A failed write leaves the entries to be delivered again.
  private void advance(long seq) {
    outbox.delivered(channel.name(), seq);
    cursor = seq;
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
    pause(left);
    return true;
  }

  private void awaitWake() {
    long deadline = System.nanoTime() + pollNanos;
    while (!closed && !pending.get()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return; // poll anyway: a writer that forgot to wake us delays, never strands, entries
      }
      LockSupport.parkNanos(this, left);
    }
  }

  /** Sleeps without heeding wakes (a busy journal must not shorten a backoff); close ends it. */
  private void pause(long nanos) {
    long deadline = System.nanoTime() + nanos;
    while (!closed) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      LockSupport.parkNanos(this, left);
    }
  }

  private void journalFailed(RuntimeException e) {
    // The journal is this module's own database; when it fails, wait as for a receiver's outage.
    journalFailuresInRow++;
    Duration wait = backoff.delay(journalFailuresInRow, ThreadLocalRandom.current());
    backoffNanos = wait.toNanos();
    LOG.log(
        Level.ERROR,
        () ->
            "alarm notifications: channel "
                + channel.name()
                + " cannot use the journal; retrying in "
                + wait.toMillis()
                + " ms",
        e);
    pause(wait.toNanos());
  }

  // Interrupts reach the thread only while it delivers: H2 closes its database file when a thread
  // is interrupted in the middle of file I/O, so journal calls must never see one.
  private void enterDelivery() throws InterruptedException {
    synchronized (guard) {
      if (closed) {
        throw new InterruptedException("closing");
      }
      delivering = true;
    }
  }

  private void leaveDelivery() {
    synchronized (guard) {
      delivering = false;
      Thread.interrupted(); // an interrupt that came as the delivery ended is spent
    }
  }
}
