package io.millwright.publisher.live;

import io.millwright.publisher.buffer.BufferException;
import io.millwright.publisher.buffer.OutboundBuffer;
import io.millwright.publisher.buffer.StoredBatch;
import io.millwright.publisher.transport.CloudTransport;
import io.millwright.publisher.transport.Envelope;
import io.millwright.publisher.transport.SiteStatus;
import io.millwright.publisher.transport.TransportException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Sends the buffer's batches to the cloud, on its own thread, and removes each once the cloud has
 * it. Live data first: the batch this process sealed last goes out as live; everything older is
 * backlog (a cut link, a restart) and goes out oldest first, marked historical, at no more than the
 * drain rate, between live batches. So on reconnect the cloud sees the present at once and the past
 * fills in behind it.
 *
 * <p>Before this process sealed anything, everything in the buffer is backlog (it waited through a
 * restart). A failed send is retried with a short backoff (at most {@link #MAX_BACKOFF}, so live
 * data resumes within seconds of the link returning). A batch the cloud refuses for good
 * (malformed, too large: sending it again cannot help) is removed and counted, so it cannot block
 * the rest.
 */
final class Sender implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Sender.class.getName());

  static final Duration MIN_BACKOFF = Duration.ofMillis(250);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

  private final OutboundBuffer buffer;
  private final CloudTransport transport;
  private final Batcher batcher;
  private final long drainRate;
  private final Duration statusInterval;
  private final Supplier<SiteStatus> status;
  private final Thread thread;
  private final Object wake = new Object();
  private final LongAdder liveBatches = new LongAdder();
  private final LongAdder backlogBatches = new LongAdder();
  private final LongAdder readingsSent = new LongAdder();
  private final LongAdder backlogReadingsSent = new LongAdder();
  private final LongAdder bytesSent = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final LongAdder statusFailures = new LongAdder();
  private final AtomicLong lastSuccessMillis = new AtomicLong();
  private volatile boolean linkUp;
  private volatile String lastError = "";
  private volatile boolean closing;
  private long lastLiveSequence;
  private boolean backlogTurn;
  private double tokens;
  private long tokensAt = System.nanoTime();
  private long nextStatusNanos = System.nanoTime();
  private long rateFromNanos = System.nanoTime();
  private long rateFromReadings;
  private volatile double measuredDrainRate;

  Sender(
      OutboundBuffer buffer,
      CloudTransport transport,
      Batcher batcher,
      long drainRate,
      Duration statusInterval,
      Supplier<SiteStatus> status) {
    this.buffer = buffer;
    this.transport = transport;
    this.batcher = batcher;
    this.drainRate = drainRate;
    this.statusInterval = statusInterval;
    this.status = status;
    this.thread = Thread.ofPlatform().name("publisher-sender").daemon().unstarted(this::run);
  }

  void start() {
    thread.start();
  }

  /** A batch was sealed: look now rather than at the next tick. */
  void wake() {
    synchronized (wake) {
      wake.notifyAll();
    }
  }

  private void run() {
    Duration backoff = MIN_BACKOFF;
    while (!closing) {
      try {
        measureDrainRate();
        sendStatusIfDue();
        Optional<Pick> pick = pick();
        if (pick.isEmpty()) {
          pause(waitForTokens());
          continue;
        }
        send(pick.get());
        backoff = MIN_BACKOFF;
      } catch (TransportException e) {
        failures.increment();
        String error = String.valueOf(e.getMessage());
        if (linkUp || !error.equals(lastError)) {
          LOG.log(
              Level.WARNING,
              "publisher: cannot reach the cloud at "
                  + transport.target()
                  + " ("
                  + error
                  + "); the batches wait in the buffer, retrying");
        }
        linkUp = false;
        lastError = error;
        pause(backoff);
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
      } catch (BufferException e) {
        LOG.log(Level.ERROR, "publisher: cannot read the outbound buffer: " + e.getMessage());
        pause(Batcher.RETRY);
      } catch (RuntimeException e) {
        // A transport bug must not end the thread that every batch depends on.
        failures.increment();
        lastError = String.valueOf(e);
        LOG.log(Level.ERROR, "publisher: sending failed unexpectedly", e);
        pause(MAX_BACKOFF);
      }
    }
  }

  private record Pick(StoredBatch batch, boolean historical) {}

  /**
   * The newest batch as live when this process sealed it and it has not gone yet; else the oldest
   * as backlog, if the drain rate allows. A batch skipped because a newer one was sealed before it
   * went (a slow send) goes with the backlog a moment later: history, which it nearly is.
   */
  private Optional<Pick> pick() throws BufferException {
    long sealedSeq = batcher.lastSealedSequence();
    // After a live batch the backlog has a turn, if the drain rate allows: on a link so slow that
    // a new batch is always waiting, the past would otherwise never go.
    if (backlogTurn) {
      backlogTurn = false;
      Optional<Pick> backlog = backlog(sealedSeq);
      if (backlog.isPresent()) {
        return backlog;
      }
    }
    if (sealedSeq > lastLiveSequence) {
      Optional<StoredBatch> newest = buffer.newest();
      if (newest.isPresent() && newest.get().id().sequence() >= sealedSeq) {
        return Optional.of(new Pick(newest.get(), false));
      }
      return Optional.empty(); // sealed meanwhile but not visible yet: look again in a moment
    }
    return backlog(sealedSeq);
  }

  /** The oldest batch, unless it is the one about to go live, if the drain rate allows. */
  private Optional<Pick> backlog(long sealedSeq) throws BufferException {
    refill();
    if (drainRate > 0 && tokens <= 0) {
      return Optional.empty();
    }
    List<StoredBatch> oldest = buffer.oldest(1);
    if (oldest.isEmpty()
        || (oldest.get(0).id().sequence() >= sealedSeq && sealedSeq > lastLiveSequence)) {
      return Optional.empty();
    }
    return Optional.of(new Pick(oldest.get(0), true));
  }

  private void send(Pick pick) throws TransportException, BufferException {
    StoredBatch b = pick.batch();
    try {
      transport.send(new Envelope(b.id(), pick.historical(), b.payload()));
    } catch (TransportException e) {
      if (!e.refused()) {
        throw e;
      }
      refused.increment();
      LOG.log(
          Level.ERROR,
          "publisher: the cloud refused batch "
              + b.id()
              + " for good ("
              + e.getMessage()
              + "); it is removed, "
              + b.readings()
              + " readings not delivered");
      buffer.acknowledged(b.id());
      return;
    }
    buffer.acknowledged(b.id());
    if (!linkUp) {
      LOG.log(Level.INFO, "publisher: the cloud at " + transport.target() + " takes batches again");
    }
    linkUp = true;
    lastSuccessMillis.set(System.currentTimeMillis());
    readingsSent.add(b.readings());
    bytesSent.add(b.payload().length);
    if (pick.historical()) {
      backlogBatches.increment();
      backlogReadingsSent.add(b.readings());
      tokens -= b.readings();
    } else {
      liveBatches.increment();
      lastLiveSequence = b.id().sequence();
      backlogTurn = true;
    }
  }

  /** Backlog readings sent per second over the last five seconds or so: a gauge for the UI. */
  private void measureDrainRate() {
    long now = System.nanoTime();
    if (now - rateFromNanos >= 5_000_000_000L) {
      long sent = backlogReadingsSent.sum();
      measuredDrainRate = (sent - rateFromReadings) / ((now - rateFromNanos) / 1e9);
      rateFromReadings = sent;
      rateFromNanos = now;
    }
  }

  double measuredDrainRate() {
    return measuredDrainRate;
  }

  private void sendStatusIfDue() {
    long now = System.nanoTime();
    if (now - nextStatusNanos < 0) {
      return;
    }
    nextStatusNanos = now + statusInterval.toNanos();
    try {
      transport.sendStatus(status.get());
    } catch (TransportException | RuntimeException e) {
      statusFailures.increment();
    }
  }

  /** Token bucket for the backlog: the drain rate per second, at most one second's worth saved. */
  private void refill() {
    if (drainRate <= 0) {
      return;
    }
    long now = System.nanoTime();
    tokens = Math.min(drainRate, tokens + drainRate * ((now - tokensAt) / 1e9));
    tokensAt = now;
  }

  private Duration waitForTokens() {
    if (drainRate > 0 && tokens <= 0) {
      long millis = (long) Math.ceil(-tokens * 1000.0 / drainRate);
      return Duration.ofMillis(Math.max(10, Math.min(millis, 1000)));
    }
    return Duration.ofMillis(200);
  }

  private void pause(Duration d) {
    synchronized (wake) {
      try {
        wake.wait(Math.max(1, d.toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        closing = true;
      }
    }
  }

  boolean linkUp() {
    return linkUp;
  }

  String lastError() {
    return lastError;
  }

  long lastSuccessMillis() {
    return lastSuccessMillis.get();
  }

  long liveBatches() {
    return liveBatches.sum();
  }

  long backlogBatches() {
    return backlogBatches.sum();
  }

  long readingsSent() {
    return readingsSent.sum();
  }

  long backlogReadingsSent() {
    return backlogReadingsSent.sum();
  }

  long bytesSent() {
    return bytesSent.sum();
  }

  long failures() {
    return failures.sum();
  }

  long refused() {
    return refused.sum();
  }

  long statusFailures() {
    return statusFailures.sum();
  }

  @Override
  public void close() {
    closing = true;
    wake();
    try {
      thread.join(Duration.ofSeconds(15));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
