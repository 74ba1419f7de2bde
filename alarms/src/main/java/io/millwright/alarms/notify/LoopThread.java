package io.millwright.alarms.notify;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A delivery loop's thread and how it sleeps, wakes and stops. Interrupts reach the thread only
 * inside {@link #enterInterruptible()}..{@link #leaveInterruptible()}: H2 closes its database file
 * when a thread is interrupted in the middle of file I/O, so journal calls must never see one.
 */
final class LoopThread {

  private final String name;
  private final long pollNanos;
  private final AtomicBoolean pending = new AtomicBoolean(true);
  private final Object guard = new Object();
  private volatile boolean closed;
  private volatile Thread thread;
  private boolean interruptible; // guarded by guard

  LoopThread(String name, Duration poll) {
    this.name = name;
    this.pollNanos = poll.toNanos();
  }

  /** Runs {@code body} on a new platform daemon thread. */
  void start(Runnable body) {
    Thread t = Thread.ofPlatform().daemon().name(name).unstarted(body);
    thread = t;
    t.start();
  }

  boolean closed() {
    return closed;
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

  /** Forgets earlier wakes, before the loop looks at the journal. */
  void clearWake() {
    pending.set(false);
  }

  /**
   * Until a {@link #wake()} since {@link #clearWake()}, {@link #stop()} or the poll interval,
   * whichever comes first: a writer that forgot to wake the loop delays entries, never strands
   * them.
   */
  void awaitWake() {
    long deadline = System.nanoTime() + pollNanos;
    while (!closed && !pending.get()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      LockSupport.parkNanos(this, left);
    }
  }

  /** Sleeps without heeding wakes (a busy journal must not shorten a backoff); stop ends it. */
  void pause(long nanos) {
    long deadline = System.nanoTime() + nanos;
    while (!closed) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      LockSupport.parkNanos(this, left);
    }
  }

  /**
   * From here {@link #stop()} interrupts the thread.
   *
   * @throws InterruptedException when stopping already
   */
  void enterInterruptible() throws InterruptedException {
    synchronized (guard) {
      if (closed) {
        throw new InterruptedException("closing");
      }
      interruptible = true;
    }
  }

  /** From here {@link #stop()} no longer interrupts; a pending interrupt is dropped. */
  void leaveInterruptible() {
    synchronized (guard) {
      interruptible = false;
      Thread.interrupted();
    }
  }

  /** Tells the loop to end: wakes its sleeps and interrupts it where that is safe. */
  void stop() {
    closed = true;
    Thread t = thread;
    if (t == null) {
      return;
    }
    synchronized (guard) {
      if (interruptible) {
        t.interrupt();
      }
    }
    LockSupport.unpark(t);
  }

  /** Waits up to {@code grace} for the thread to end after {@link #stop()}. */
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
}
