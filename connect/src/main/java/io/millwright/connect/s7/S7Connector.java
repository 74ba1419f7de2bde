package io.millwright.connect.s7;

import io.millwright.connect.Connector;
import io.millwright.connect.ConnectorCounters;
import io.millwright.connect.ConnectorStats;
import io.millwright.connect.LinkStatus;
import io.millwright.connect.MachineLink;
import io.millwright.connect.WriteException;
import io.millwright.core.machine.Scale;
import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.uns.mqtt.Backoff;
import io.millwright.uns.sparkplug.edge.TagSample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
 * A polling S7 connector for one PLC. Everything that touches the session (connecting, polling,
 * writing) runs on one scheduler thread, so requests never interleave and a slow PLC only delays
 * itself; PLC4X's own I/O thread lives and dies with each session.
 *
 * <p>Link states as for Modbus: CONNECTING → CONNECTED → DISCONNECTED (back-off 0.5 s … 30 s) →
 * CONNECTING …; STOPPED after {@link #close}. A PLC that answers an item with an error code (a data
 * block that does not exist, an address beyond it) is not a link problem: that item's tags are Bad
 * with the code and polling goes on. Every failed attempt closes its session, so a PLC that stays
 * off for hours costs one retry timer, not a growing heap or thread count.
 */
public final class S7Connector implements Connector {

  private static final System.Logger LOG = System.getLogger(S7Connector.class.getName());

  private final String machineId;
  private final S7Endpoint endpoint;
  private final List<PollGroup> groups;
  private final Map<String, S7Variable> variables;
  private final Value[] lastValues;
  private final S7Client client;
  private final Duration closeWait;
  private final ConnectorCounters counters = new ConnectorCounters();
  private final LongAdder skippedPolls = new LongAdder();
  private final ScheduledThreadPoolExecutor scheduler;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Set<CompletableFuture<Void>> pendingWrites = ConcurrentHashMap.newKeySet();
  private volatile boolean online;

  /** How long a range the PLC does not answer is left out before it is read again. */
  static final Duration QUARANTINE = Duration.ofSeconds(30);

  private record Quarantine(String reason, long retryAt) {}

  private final Map<ReadPlan.Range, Quarantine> quarantined = new HashMap<>();

  /** A range the PLC answered last, to tell a silent address from a silent link. */
  private ReadPlan.Range alive;

  // Touched by the scheduler thread only.
  private final Backoff backoff = new Backoff();
  private final List<ScheduledFuture<?>> polls = new ArrayList<>();
  private MachineLink link;
  private boolean downReported;
  private long attempts;

  S7Connector(
      String machineId,
      S7Endpoint endpoint,
      S7Options options,
      List<S7Variable> variables,
      List<PollGroup> groups) {
    this.machineId = machineId;
    this.endpoint = endpoint;
    this.groups = List.copyOf(groups);
    Map<String, S7Variable> byName = new HashMap<>();
    variables.forEach(v -> byName.put(v.name(), v));
    this.variables = Map.copyOf(byName);
    this.lastValues = new Value[variables.size()];
    this.client = new S7Client(endpoint, options);
    this.closeWait = options.timeout().plusSeconds(1);
    this.scheduler =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "s7-" + machineId);
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
    } catch (S7Client.LinkLost e) {
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
    for (PollGroup group : groups) {
      long period = group.interval().toNanos();
      long[] due = {System.nanoTime()};
      polls.add(
          scheduler.scheduleAtFixedRate(
              () -> pollOnTime(group, due, period), 0, period, TimeUnit.NANOSECONDS));
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
    try {
      scheduler.schedule(this::connect, backoff.next().toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // close() shut the scheduler down in between: nothing left to retry for.
    }
  }

  /**
   * A fixed-rate tick that comes a whole period late (the previous poll overran) is skipped rather
   * than run back to back, so a slow PLC is polled as often as it can answer, not more.
   */
  private void pollOnTime(PollGroup group, long[] due, long period) {
    // Anything thrown out of a fixed-rate task cancels it silently, so nothing may escape.
    try {
      long now = System.nanoTime();
      boolean late = now - due[0] >= period;
      due[0] = late ? now + period : due[0] + period;
      if (!online) {
        return;
      }
      if (late) {
        skippedPolls.increment();
        return;
      }
      poll(group);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, machineId + ": poll failed unexpectedly", e);
    }
  }

  private void poll(PollGroup group) {
    List<TagSample> samples = new ArrayList<>(group.variableCount());
    long now = System.currentTimeMillis();
    for (ReadPlan.Request request : group.requests()) {
      List<ReadPlan.Range> active = new ArrayList<>(request.ranges().size());
      for (ReadPlan.Range range : request.ranges()) {
        Quarantine q = quarantined.get(range);
        if (q != null && System.nanoTime() < q.retryAt()) {
          range.variables().forEach(v -> samples.add(bad(v, q.reason(), now)));
        } else {
          active.add(range);
        }
      }
      if (active.isEmpty()) {
        continue;
      }
      try {
        if (!readOrIsolate(active, samples)) {
          return;
        }
      } catch (S7Client.LinkLost e) {
        lost(e.getMessage());
        return;
      }
    }
    counters.samples(samples.size());
    notifyLink(() -> link.samples(samples));
  }

  /**
   * @return false when the link was lost (already handled)
   */
  private boolean readOrIsolate(List<ReadPlan.Range> ranges, List<TagSample> samples)
      throws S7Client.LinkLost {
    try {
      read(ranges, samples);
      return true;
    } catch (S7Client.NoAnswer e) {
      if (isolate(ranges, samples)) {
        return true;
      }
      lost(e.getMessage());
      return false;
    }
  }

  private void read(List<ReadPlan.Range> ranges, List<TagSample> samples)
      throws S7Client.LinkLost, S7Client.NoAnswer {
    String[] refusals = new String[ranges.size()];
    long sent = System.nanoTime();
    byte[][] data = client.read(ranges, refusals);
    counters.roundTrip(System.nanoTime() - sent);
    long now = System.currentTimeMillis();
    for (int i = 0; i < data.length; i++) {
      ReadPlan.Range range = ranges.get(i);
      quarantined.remove(range);
      alive = range;
      if (data[i] == null) {
        counters.readError();
        counters.error(refusals[i]);
        for (S7Variable v : range.variables()) {
          samples.add(bad(v, refusals[i], now));
        }
        continue;
      }
      counters.goodRead(now);
      for (S7Variable v : range.variables()) {
        samples.add(decode(v, data[i], v.offset() - range.start(), now));
      }
    }
  }

  /**
   * A read of several ranges went unanswered: read each alone to find the ones at fault, and put
   * those aside for {@link #QUARANTINE} so that the others keep their rate.
   *
   * @return false when no range answered: then it is the link, not an address
   */
  private boolean isolate(List<ReadPlan.Range> ranges, List<TagSample> samples)
      throws S7Client.LinkLost {
    boolean answered = false;
    List<ReadPlan.Range> silent = new ArrayList<>();
    for (ReadPlan.Range range : ranges) {
      try {
        read(List.of(range), samples);
        answered = true;
      } catch (S7Client.NoAnswer e) {
        silent.add(range);
      }
    }
    if (!answered && alive != null && !ranges.contains(alive)) {
      // Only ranges at fault in this request: a range that answered before tells whether the
      // link is still there.
      try {
        client.read(List.of(alive), new String[1]);
        answered = true;
      } catch (S7Client.NoAnswer e) {
        // Nor that one: the link.
      }
    }
    if (!answered) {
      return false;
    }
    long now = System.currentTimeMillis();
    for (ReadPlan.Range range : silent) {
      String why =
          "Bad_NoAnswer: the PLC does not answer a read of "
              + range
              + " (it may not exist there); tried again every "
              + QUARANTINE.toSeconds()
              + " s";
      quarantined.put(range, new Quarantine(why, System.nanoTime() + QUARANTINE.toNanos()));
      counters.readError();
      counters.error(why);
      LOG.log(System.Logger.Level.WARNING, "{0}: {1}", machineId, why);
      range.variables().forEach(v -> samples.add(bad(v, why, now)));
    }
    return true;
  }

  private TagSample decode(S7Variable v, byte[] data, int at, long timestamp) {
    try {
      Value value = engineering(v, S7Codec.decode(v, data, at));
      lastValues[v.index()] = value;
      return new TagSample(v.name(), Sample.good(timestamp, value));
    } catch (S7Codec.Unreadable e) {
      counters.readError();
      counters.error(v.name() + ": " + e.getMessage());
      return bad(v, e.getMessage(), timestamp);
    }
  }

  /** A scaled tag is delivered as a double whatever its raw type. */
  private static Value engineering(S7Variable v, Value raw) {
    Scale scale = v.tag().scale();
    if (scale.isIdentity() || !v.dataType().isNumeric()) {
      return raw;
    }
    return Value.of(scale.apply(raw.asDouble()));
  }

  /** Bad with the last value read, or a placeholder when none was ever read. */
  private TagSample bad(S7Variable v, String reason, long timestamp) {
    Value last = lastValues[v.index()];
    Value value = last != null ? last : placeholder(v);
    return new TagSample(v.name(), new Sample(timestamp, value, Quality.bad(reason)));
  }

  private static Value placeholder(S7Variable v) {
    if (v.dataType().isNumeric() && !v.tag().scale().isIdentity()) {
      return Value.of(Double.NaN);
    }
    return switch (v.dataType().kind()) {
      case BOOLEAN -> Value.of(false);
      case LONG -> Value.of(0L);
      case DOUBLE -> Value.of(Double.NaN);
      case STRING -> Value.of("");
    };
  }

  @Override
  public CompletableFuture<Void> write(String tag, Value value) {
    S7Variable v = variables.get(tag);
    if (v == null) {
      return refused(
          new WriteException("cannot write " + tag + ": " + machineId + " has no such tag"));
    }
    if (!v.tag().writable()) {
      return refused(
          new WriteException("cannot write " + tag + ": the tag is not defined writable"));
    }
    Object plcValue;
    try {
      plcValue = S7Writes.plcValue(v, value);
    } catch (WriteException e) {
      return refused(e);
    }
    if (closed.get()) {
      return refused(
          new WriteException("cannot write: the connector of " + machineId + " is closed"));
    }
    if (!online) {
      return refused(new WriteException("cannot write: not connected to " + endpoint));
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    pendingWrites.add(done);
    done.whenComplete((x, e) -> pendingWrites.remove(done));
    try {
      scheduler.execute(() -> perform(v, plcValue, done));
    } catch (RejectedExecutionException e) {
      fail(done, new WriteException("cannot write: the connector of " + machineId + " is closed"));
    }
    return done;
  }

  private void perform(S7Variable v, Object plcValue, CompletableFuture<Void> done) {
    if (!online) {
      fail(done, new WriteException("cannot write: not connected to " + endpoint));
      return;
    }
    try {
      client.write(v, plcValue);
      // Read back at once: whoever wrote learns within a round trip what the PLC now holds.
      for (PollGroup group : groups) {
        if (online && group.reads(v)) {
          poll(group);
        }
      }
      done.complete(null);
    } catch (S7Client.ItemRefused e) {
      fail(done, new WriteException("the PLC refused the write: " + e.getMessage(), e));
    } catch (S7Client.LinkLost e) {
      fail(done, new WriteException("the link was lost during the write: " + e.getMessage(), e));
      lost(e.getMessage());
    } catch (RuntimeException e) {
      fail(done, new WriteException("the write failed: " + S7Client.oneLine(e), e));
    }
  }

  private CompletableFuture<Void> refused(WriteException e) {
    counters.writeError();
    return CompletableFuture.failedFuture(e);
  }

  private void fail(CompletableFuture<Void> done, WriteException e) {
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
    scheduler.shutdownNow();
    try {
      if (!scheduler.awaitTermination(closeWait.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.log(System.Logger.Level.WARNING, "{0}: scheduler did not stop in time", machineId);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.close();
    counters.status(LinkStatus.STOPPED);
    for (CompletableFuture<Void> f : List.copyOf(pendingWrites)) {
      fail(f, new WriteException("cannot write: the connector of " + machineId + " closed first"));
    }
  }
}
