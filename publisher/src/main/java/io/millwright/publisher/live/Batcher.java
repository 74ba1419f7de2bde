package io.millwright.publisher.live;

import io.millwright.publisher.batch.Batch;
import io.millwright.publisher.batch.BatchCodec;
import io.millwright.publisher.batch.SiteEvent;
import io.millwright.publisher.batch.TagReading;
import io.millwright.publisher.buffer.BufferException;
import io.millwright.publisher.buffer.BufferStats;
import io.millwright.publisher.buffer.OutboundBuffer;
import io.millwright.publisher.buffer.StoredBatch;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Seals what the intake gathered into the buffer, one batch per interval (earlier when it is full),
 * on its own thread. A batch's events are acknowledged to the broker only once it is sealed: a
 * publisher killed before that gets them again from its persistent session. When the buffer cannot
 * write (a full disk), the batch is kept and tried again, the owner is told ({@code onBufferDown}:
 * the Sparkplug host goes offline, so the edge nodes buffer), and the intake's bounded queues push
 * back on MQTT meanwhile.
 */
final class Batcher implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Batcher.class.getName());
  static final Duration RETRY = Duration.ofSeconds(2);

  /** Events per batch: a backlog of events held while the buffer was down goes in several. */
  static final int MAX_EVENTS = 5_000;

  /**
   * The warning clears below this fill, so a buffer hovering at the mark does not flood the log.
   */
  static final double WARN_CLEARED = 0.5;

  private final Intake intake;
  private final OutboundBuffer buffer;
  private final Duration interval;
  private final int maxReadings;
  private final Runnable onSealed;
  private final Runnable onBufferDown;
  private final Runnable onBufferUp;
  private final Thread thread;
  private final LongAdder sealed = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final AtomicLong lastSealedSequence = new AtomicLong();
  private volatile boolean bufferDown;
  private boolean warned;
  private long droppedSeen = -1;
  private volatile boolean closing;

  Batcher(
      Intake intake,
      OutboundBuffer buffer,
      Duration interval,
      int maxReadings,
      Runnable onSealed,
      Runnable onBufferDown,
      Runnable onBufferUp) {
    this.intake = intake;
    this.buffer = buffer;
    this.interval = interval;
    this.maxReadings = maxReadings;
    this.onSealed = onSealed;
    this.onBufferDown = onBufferDown;
    this.onBufferUp = onBufferUp;
    this.thread = Thread.ofPlatform().name("publisher-batcher").daemon().unstarted(this::run);
  }

  void start() {
    droppedSeen = buffer.stats().readingsDropped();
    thread.start();
  }

  private void run() {
    List<TagReading> readings = new ArrayList<>();
    List<Intake.PendingEvent> events = new ArrayList<>();
    long next = System.nanoTime() + interval.toNanos();
    while (!closing) {
      try {
        // Gather until the interval ends or the batch is full.
        while (readings.size() < maxReadings) {
          long left = next - System.nanoTime();
          if (left <= 0) {
            break;
          }
          TagReading r = intake.readings.poll(Math.min(left, 50_000_000L), TimeUnit.NANOSECONDS);
          if (r != null) {
            readings.add(r);
            intake.readings.drainTo(readings, maxReadings - readings.size());
          }
          intake.events.drainTo(events, MAX_EVENTS - events.size());
        }
        intake.events.drainTo(events, MAX_EVENTS - events.size());
        if (!readings.isEmpty() || !events.isEmpty()) {
          if (!seal(readings, events)) {
            Thread.sleep(RETRY.toMillis());
            continue; // the same batch again, once the buffer writes
          }
        }
        next = Math.max(next + interval.toNanos(), System.nanoTime());
      } catch (InterruptedException e) {
        if (closing) {
          break;
        }
      } catch (RuntimeException e) {
        // A bug must not end the thread every reading depends on: what was gathered is kept.
        failures.increment();
        LOG.log(Level.ERROR, "publisher: sealing a batch failed unexpectedly; trying again", e);
        pause();
      }
    }
    // Closing: what was gathered is sealed, if the buffer takes it; what is not stays
    // unacknowledged
    // at the broker and unconfirmed at the edge nodes, so it comes again.
    if (!readings.isEmpty() || !events.isEmpty()) {
      seal(readings, events);
    }
  }

  private boolean seal(List<TagReading> readings, List<Intake.PendingEvent> pending) {
    long sealedAt = System.currentTimeMillis();
    List<SiteEvent> events = pending.stream().map(Intake.PendingEvent::event).toList();
    StoredBatch stored;
    try {
      stored =
          buffer.seal(
              sealedAt,
              readings.size(),
              events.size(),
              id -> BatchCodec.encode(new Batch(id, sealedAt, readings, events)));
    } catch (BufferException e) {
      failures.increment();
      if (!bufferDown) {
        bufferDown = true;
        LOG.log(
            Level.ERROR,
            "publisher: the outbound buffer cannot write ("
                + e.getMessage()
                + "); holding "
                + readings.size()
                + " readings and going offline so the edge nodes keep their data; retrying every "
                + RETRY.toSeconds()
                + " s");
        onBufferDown.run();
      }
      return false;
    }
    for (Intake.PendingEvent p : pending) {
      p.acknowledge().run();
    }
    readings.clear();
    pending.clear();
    sealed.increment();
    lastSealedSequence.set(stored.id().sequence());
    watchBudget();
    if (bufferDown) {
      bufferDown = false;
      LOG.log(Level.INFO, "publisher: the outbound buffer writes again; back online");
      onBufferUp.run();
    }
    onSealed.run();
    return true;
  }

  /** Says so in the log when the buffer passes its warning mark, and when it drops batches. */
  private void watchBudget() {
    BufferStats b = buffer.stats();
    if (b.warning() && !warned) {
      warned = true;
      LOG.log(
          Level.WARNING,
          String.format(
              "publisher: the outbound buffer is %.0f%% full (%d of %d bytes, %d batches waiting);"
                  + " when full, the oldest batches are dropped",
              b.fill() * 100, b.payloadBytes(), b.budgetBytes(), b.batches()));
    } else if (warned && b.fill() < WARN_CLEARED) {
      warned = false;
      LOG.log(Level.INFO, "publisher: the outbound buffer is below its warning mark again");
    }
    if (b.readingsDropped() > droppedSeen) {
      LOG.log(
          Level.WARNING,
          "publisher: the outbound buffer is full; dropped the oldest batches, "
              + (b.readingsDropped() - droppedSeen)
              + " readings ("
              + b.readingsDropped()
              + " in all)");
      droppedSeen = b.readingsDropped();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(RETRY.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The sequence of the last batch this process sealed, 0 before the first. */
  long lastSealedSequence() {
    return lastSealedSequence.get();
  }

  boolean bufferDown() {
    return bufferDown;
  }

  long sealed() {
    return sealed.sum();
  }

  long failures() {
    return failures.sum();
  }

  /** Seals what is gathered, then stops. */
  @Override
  public void close() {
    // No interrupt: one reaching H2 mid-write closes its file. The loop looks every 50 ms.
    closing = true;
    try {
      thread.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
