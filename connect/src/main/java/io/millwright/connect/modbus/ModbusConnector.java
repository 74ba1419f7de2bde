package io.millwright.connect.modbus;

import io.millwright.connect.Connector;
import io.millwright.connect.ConnectorCounters;
import io.millwright.connect.ConnectorStats;
import io.millwright.connect.LinkStatus;
import io.millwright.connect.MachineLink;
import io.millwright.connect.WriteException;
import io.millwright.core.sample.Value;
import io.millwright.uns.mqtt.Backoff;
import io.millwright.uns.sparkplug.edge.TagSample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * A polling Modbus TCP connector for one machine. Everything that touches the socket (connecting,
 * polling, writing) runs on one scheduler thread per connector, so requests never interleave on the
 * wire and a slow machine only delays itself.
 *
 * <p>Link states: CONNECTING (an attempt under way) → CONNECTED (polling) → DISCONNECTED (waiting
 * with back-off after a refused connection, a timeout or a garbled response) → CONNECTING ...;
 * STOPPED after {@link #close}. A Modbus exception response is not a link problem: it makes that
 * request's tags Bad and polling goes on.
 */
public final class ModbusConnector implements Connector {

  private static final System.Logger LOG = System.getLogger(ModbusConnector.class.getName());

  private final String machineId;
  private final ModbusEndpoint endpoint;
  private final List<PollGroup> groups;
  private final Map<String, ModbusTag> tags;
  private final ModbusClient client;
  private final SampleDecoder decoder;
  private final WriteEncoder encoder;
  private final Duration closeWait;
  private final ConnectorCounters counters = new ConnectorCounters();
  private final LongAdder skippedPolls = new LongAdder();
  private final ScheduledThreadPoolExecutor scheduler;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Set<CompletableFuture<Void>> pendingWrites = ConcurrentHashMap.newKeySet();
  private volatile boolean online;

  // Touched by the scheduler thread only.
  private final Backoff backoff = new Backoff();
  private final List<ScheduledFuture<?>> polls = new ArrayList<>();
  private MachineLink link;
  private boolean downReported;
  private long attempts;

  ModbusConnector(
      String machineId,
      ModbusEndpoint endpoint,
      ModbusOptions options,
      List<ModbusTag> tags,
      List<PollGroup> groups) {
    this.machineId = machineId;
    this.endpoint = endpoint;
    this.groups = List.copyOf(groups);
    Map<String, ModbusTag> byName = new java.util.HashMap<>();
    tags.forEach(t -> byName.put(t.name(), t));
    this.tags = Map.copyOf(byName);
    this.client = new ModbusClient(endpoint, options);
    RegisterCodec codec = new RegisterCodec(options.wordOrder(), options.byteOrder());
    this.decoder = new SampleDecoder(codec, tags.size());
    this.encoder = new WriteEncoder(codec);
    // A connect attempt cannot be interrupted; close() waits for it at most this long.
    this.closeWait = options.timeout().plusSeconds(1);
    this.scheduler =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "modbus-" + machineId);
              t.setDaemon(true);
              return t;
            });
    scheduler.setRemoveOnCancelPolicy(true);
    scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  @Override
  public void start(MachineLink link) {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("connector of " + machineId + " was already started");
    }
    if (closed.get()) {
      throw new IllegalStateException("connector of " + machineId + " is closed");
    }
    scheduler.execute(
        () -> {
          this.link = link;
          connect();
        });
  }

  @Override
  public ConnectorStats stats() {
    return counters.snapshot();
  }

  /** Poll ticks skipped because the previous poll of the group overran a whole interval. */
  public long skippedPolls() {
    return skippedPolls.sum();
  }

  private void connect() {
    if (closed.get()) {
      return;
    }
    if (attempts++ > 0) {
      counters.reconnect();
    }
    counters.status(LinkStatus.CONNECTING);
    try {
      client.connect();
    } catch (LinkLost e) {
      lost(e.getMessage());
      return;
    }
    if (closed.get()) {
      client.close();
      return;
    }
    backoff.reset();
    online = true;
    counters.status(LinkStatus.CONNECTED);
    downReported = false;
    LOG.log(System.Logger.Level.INFO, "{0}: connected to {1}", machineId, endpoint);
    notifyLink(() -> link.connected());
    long now = System.nanoTime();
    for (PollGroup group : groups) {
      long period = group.interval().toNanos();
      PollTimer timer = new PollTimer(period, now);
      polls.add(
          scheduler.scheduleAtFixedRate(
              () -> pollOnTime(group, timer), 0, period, TimeUnit.NANOSECONDS));
    }
  }

  /** The link is down: report it once per outage and try again after the back-off. */
  private void lost(String reason) {
    online = false;
    polls.forEach(f -> f.cancel(false));
    polls.clear();
    client.close();
    if (closed.get()) {
      return;
    }
    counters.status(LinkStatus.DISCONNECTED);
    counters.error(reason);
    if (!downReported) {
      downReported = true;
      LOG.log(System.Logger.Level.WARNING, "{0}: link down: {1}", machineId, reason);
      notifyLink(() -> link.disconnected(reason));
    }
    Duration wait = backoff.next();
    try {
      scheduler.schedule(this::connect, wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // close() shut the scheduler down in between: nothing left to retry for.
    }
  }

  private void pollOnTime(PollGroup group, PollTimer timer) {
    // Anything thrown out of a fixed-rate task cancels it silently, so nothing may escape.
    try {
      if (!online) {
        return;
      }
      if (timer.overdue(System.nanoTime())) {
        skippedPolls.increment();
        return;
      }
      poll(group);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, machineId + ": poll failed unexpectedly", e);
    }
  }

  private void poll(PollGroup group) {
    List<TagSample> samples = new ArrayList<>(group.tagCount());
    long lastGood = -1;
    for (ReadRequest request : group.requests()) {
      try {
        if (request.table().holdsBits()) {
          boolean[] bits = client.readBits(request.table(), request.start(), request.count());
          lastGood = System.currentTimeMillis();
          decoder.bits(request, bits, lastGood, samples);
        } else {
          int[] words = client.readRegisters(request.table(), request.start(), request.count());
          lastGood = System.currentTimeMillis();
          decoder.registers(request, words, lastGood, samples);
        }
      } catch (ModbusRefusal e) {
        counters.readError();
        counters.error(request + ": " + e.getMessage());
        decoder.failed(request, e.quality(), System.currentTimeMillis(), samples);
      } catch (LinkLost e) {
        lost(e.getMessage());
        return;
      } finally {
        long rtt = client.lastRoundTripNanos();
        if (rtt >= 0) {
          counters.roundTrip(rtt);
        }
      }
    }
    if (lastGood >= 0) {
      counters.goodRead(lastGood);
    }
    counters.samples(samples.size());
    notifyLink(() -> link.samples(samples));
  }

  @Override
  public CompletableFuture<Void> write(String tag, Value value) {
    try {
      return submit(List.of(prepare(tag, value)));
    } catch (WriteException e) {
      return refused(e);
    }
  }

  /**
   * Writes several tags in one go, in the machine's order: coils at neighbouring addresses travel
   * in one FC15 request, registers one request per tag. Not atomic: when the machine refuses one
   * request, those before it have been applied.
   */
  public CompletableFuture<Void> writeAll(Map<String, Value> values) {
    try {
      List<TagWrite> writes = new ArrayList<>();
      values.forEach((tag, value) -> writes.add(prepare(tag, value)));
      return submit(TagWrite.mergeCoils(writes));
    } catch (WriteException e) {
      return refused(e);
    }
  }

  private TagWrite prepare(String name, Value value) {
    ModbusTag tag = tags.get(name);
    if (tag == null) {
      throw new WriteException("cannot write " + name + ": " + machineId + " has no such tag");
    }
    if (!tag.tag().writable()) {
      throw WriteEncoder.refuse(tag, "the tag is not defined writable");
    }
    return encoder.encode(tag, value);
  }

  private CompletableFuture<Void> submit(List<TagWrite> writes) {
    if (closed.get()) {
      return refused(
          new WriteException("cannot write: the connector of " + machineId + " is closed"));
    }
    if (!online) {
      return refused(new WriteException("cannot write: not connected to " + endpoint));
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    pendingWrites.add(done);
    done.whenComplete((v, e) -> pendingWrites.remove(done));
    try {
      scheduler.execute(() -> perform(writes, done));
    } catch (RejectedExecutionException e) {
      fail(done, new WriteException("cannot write: the connector of " + machineId + " is closed"));
    }
    return done;
  }

  private void perform(List<TagWrite> writes, CompletableFuture<Void> done) {
    if (!online) {
      fail(done, new WriteException("cannot write: not connected to " + endpoint));
      return;
    }
    try {
      for (TagWrite w : writes) {
        switch (w) {
          case TagWrite.Coil c -> client.writeCoil(c.start(), c.on());
          case TagWrite.Coils c -> client.writeCoils(c.start(), c.values());
          case TagWrite.Registers r -> client.writeRegisters(r.start(), r.values());
        }
      }
      // Read back at once rather than at the next poll: whoever wrote (a job's dispatch) learns
      // within a round trip whether the machine took the values, not a poll interval later. Only
      // the poll groups that read what was written; the write completes after them, so a caller
      // that waits for the write sees its read-back too.
      for (PollGroup group : groups) {
        if (!online) {
          break;
        }
        if (writes.stream().anyMatch(group::reads)) {
          poll(group);
        }
      }
      done.complete(null);
    } catch (ModbusRefusal e) {
      fail(done, new WriteException("the machine refused the write: " + e.getMessage(), e));
    } catch (LinkLost e) {
      fail(done, new WriteException("the link was lost during the write: " + e.getMessage(), e));
      lost(e.getMessage());
    } catch (RuntimeException e) {
      fail(done, new WriteException("the write failed: " + ModbusClient.oneLine(e), e));
    }
  }

  private CompletableFuture<Void> refused(WriteException e) {
    counters.writeError();
    return CompletableFuture.failedFuture(e);
  }

  private void fail(CompletableFuture<Void> done, WriteException e) {
    // Counted before the caller hears of it: whoever waits on the write then reads the counters.
    if (!done.isDone()) {
      counters.writeError();
      done.completeExceptionally(e);
    }
  }

  /** The link belongs to the host; its failure must not stop this connector. */
  private void notifyLink(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, machineId + ": the machine link failed", e);
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    online = false;
    counters.status(LinkStatus.STOPPED);
    // Closing the socket first unblocks a request waiting for its response.
    client.close();
    scheduler.shutdownNow();
    try {
      if (!scheduler.awaitTermination(closeWait.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.log(System.Logger.Level.WARNING, "{0}: scheduler did not stop in time", machineId);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // A connect that completed while the scheduler was stopping.
    client.close();
    counters.status(LinkStatus.STOPPED);
    for (CompletableFuture<Void> f : List.copyOf(pendingWrites)) {
      fail(f, new WriteException("cannot write: the connector of " + machineId + " closed first"));
    }
  }
}
