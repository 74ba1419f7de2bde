package io.millwright.oee.live;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Scale;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.oee.archive.H2Archive;
import io.millwright.oee.calendar.ShiftInstance;
import io.millwright.oee.engine.LiveFigures;
import io.millwright.oee.engine.MachineStatus;
import io.millwright.oee.engine.OeeEngine;
import io.millwright.oee.figures.OeeFigures;
import io.millwright.oee.state.Reading;
import io.millwright.uns.mqtt.MqttEndpoint;
import io.millwright.uns.sparkplug.edge.DeviceHandle;
import io.millwright.uns.sparkplug.edge.EdgeNodeConfig;
import io.millwright.uns.sparkplug.edge.EdgeNodeSession;
import io.millwright.uns.sparkplug.edge.TagSample;
import io.millwright.uns.sparkplug.host.DeviceKey;
import io.millwright.uns.sparkplug.host.HostApplicationSession;
import io.millwright.uns.sparkplug.host.HostConfig;
import io.millwright.uns.sparkplug.host.HostState;
import io.millwright.uns.sparkplug.host.MetricSample;
import io.millwright.uns.sparkplug.host.SparkplugListener;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@code oee} role at work: follows the site's namespace as a Sparkplug host, feeds the engine
 * on one thread in arrival order, recomputes the current shift's figures every second, and
 * publishes each machine's state and shift figures back into the namespace as the Sparkplug edge
 * node {@code oee} (so the historian stores them as events and the JSON mirror shows them).
 */
public final class OeeService implements SparkplugListener, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(OeeService.class.getName());

  /** How often the current shift is recomputed and published. */
  static final Duration TICK = Duration.ofSeconds(1);

  /**
   * How far behind the wall clock the engine's own time moves when no reading comes: readings carry
   * the time they were taken, and a reading older than the engine's time would be late and left
   * out, so time waits this long for readings on their way (connector poll, broker, queue).
   */
  static final Duration DELIVERY_GRACE = Duration.ofSeconds(10);

  /** Readings stamped further ahead of their arrival than this are refused. */
  static final Duration FUTURE_LIMIT = Duration.ofMinutes(5);

  /** How often unfinished segments are written to the archive. */
  static final Duration CHECKPOINT_EVERY = Duration.ofMinutes(1);

  /** How long segments stay in memory; older ranges are read from the archive. */
  public static final Duration MEMORY = Duration.ofDays(35);

  /** How long the archive keeps segments: long enough to compare a month with last year's. */
  public static final Duration ARCHIVE_RETENTION = Duration.ofDays(400);

  /** Messages waiting for the engine before delivery pushes back on MQTT. */
  static final int QUEUE = 50_000;

  private static final String PREFIX = "oee/";
  static final List<String> FIGURES = List.of("availability", "performance", "quality", "oee");

  private final OeeEngine engine;
  private final H2Archive archive;
  private final Clock clock;
  private final HostApplicationSession host;
  private final EdgeNodeSession node;
  private final GroupPublisher groups;
  private final String nodeId;
  private final Map<String, DeviceHandle> devices = new LinkedHashMap<>();
  private final BlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(QUEUE);
  private final AtomicReference<LiveFigures> live = new AtomicReference<>();
  // Per machine: how far its latest reading lagged the wall clock when it arrived. Worker only.
  private final Map<String, Long> lag = new HashMap<>();
  private final LongAdder messages = new LongAdder();
  private final LongAdder unfollowed = new LongAdder();
  private final LongAdder outOfRange = new LongAdder();
  private final LongAdder archiveFailures = new LongAdder();
  private final LongAdder publishFailures = new LongAdder();
  private final LongAdder workFailures = new LongAdder();
  private final Thread worker;
  private volatile boolean closing;
  private volatile long tickNanos;
  private long nextGroups;

  /** Lines and the site are published less often than machines: they move slowly. */
  static final Duration GROUPS_EVERY = Duration.ofSeconds(10);

  /**
   * @param hostId this role's Sparkplug host id
   * @param nodeConfig the edge node the figures are published from
   */
  public OeeService(
      OeeEngine engine,
      H2Archive archive,
      MqttEndpoint endpoint,
      String hostId,
      String enterprise,
      String site,
      EdgeNodeConfig nodeConfig,
      Clock clock) {
    this.engine = engine;
    this.archive = archive;
    this.clock = clock;
    this.nodeId = nodeConfig.node();
    this.host = new HostApplicationSession(endpoint, HostConfig.of(hostId).withGroup(site), this);
    this.node = new EdgeNodeSession(endpoint, nodeConfig);
    this.groups = new GroupPublisher(endpoint, enterprise, site);
    for (MachineDefinition m : engine.followed()) {
      devices.put(m.id(), node.device(m.id(), published(), (tag, value) -> {}));
    }
    this.worker = Thread.ofPlatform().name("oee-engine").daemon().unstarted(this::work);
  }

  /** The metrics each machine's device carries under {@code oee/}. */
  static List<Tag> published() {
    List<Tag> tags = new ArrayList<>();
    tags.add(tag("state", DataType.STRING, 0));
    tags.add(tag("reason", DataType.INT32, 0));
    tags.add(tag("shift/name", DataType.STRING, 0));
    for (String f : FIGURES) {
      tags.add(tag("shift/" + f, DataType.FLOAT64, 0.001));
    }
    tags.add(tag("shift/good", DataType.INT64, 0));
    tags.add(tag("shift/scrap", DataType.INT64, 0));
    return tags;
  }

  private static Tag tag(String name, DataType type, double deadband) {
    return new Tag(
        PREFIX + name, "oee:" + name, type, "", Scale.IDENTITY, deadband, Optional.empty(), false);
  }

  /**
   * @throws Exception when the lines' and site's publisher cannot connect to the broker
   */
  public void start() throws Exception {
    groups.start();
    worker.start();
    node.start();
    host.start();
  }

  /** Whether the role follows the namespace and publishes into it. */
  public boolean online() {
    return host.state() == HostState.ONLINE;
  }

  public OeeEngine engine() {
    return engine;
  }

  /** The current shift's figures, or empty before the first computation. */
  public Optional<LiveFigures> live() {
    return Optional.ofNullable(live.get());
  }

  @Override
  public void onSamples(DeviceKey device, List<MetricSample> samples) {
    if (device.isNode() || device.node().equals(nodeId)) {
      return; // our own figures, and node metrics, are no machine's readings
    }
    if (!engine.follows(device.device())) {
      unfollowed.add(samples.size());
      return;
    }
    messages.increment();
    long arrived = clock.millis();
    enqueue(() -> apply(device.device(), samples, arrived));
  }

  /**
   * A device or its edge node died. Its Bad samples came just before, but a crashed edge node's
   * death is its MQTT will, stamped when it connected: so the machine is also marked unreachable at
   * the time the death arrived.
   */
  @Override
  public void onOffline(DeviceKey device) {
    if (!device.isNode() && !device.node().equals(nodeId) && engine.follows(device.device())) {
      long arrived = clock.millis();
      enqueue(() -> engine.offline(device.device(), arrived));
    }
  }

  private void enqueue(Runnable work) {
    try {
      queue.put(work);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Hands one message to the engine as groups of readings that share a time, oldest first: a
   * connector reads a machine's tags in one pass, so one message is usually one group.
   */
  private void apply(String machineId, List<MetricSample> samples, long arrived) {
    List<MetricSample> sorted = new ArrayList<>(samples.size());
    for (MetricSample m : samples) {
      long t = m.sample().timestamp();
      // A wrong clock on an edge box must not move a machine's time years ahead (every later
      // reading would be late) or back to 1970 (decades of shifts to walk): such readings are
      // counted and left out.
      if (t > arrived + FUTURE_LIMIT.toMillis() || t < arrived - MEMORY.toMillis()) {
        outOfRange.increment();
      } else {
        sorted.add(m);
      }
    }
    sorted.sort(Comparator.comparingLong(m -> m.sample().timestamp()));
    List<Reading> group = new ArrayList<>();
    long at = Long.MIN_VALUE;
    for (MetricSample m : sorted) {
      long t = m.sample().timestamp();
      if (t != at && !group.isEmpty()) {
        engine.accept(machineId, at, group);
        group = new ArrayList<>();
      }
      at = t;
      group.add(new Reading(m.metric(), m.sample()));
    }
    if (!group.isEmpty() && engine.accept(machineId, at, group)) {
      lag.put(machineId, Math.max(0, arrived - at));
    }
  }

  private void work() {
    long nextTick = clock.millis();
    long nextForget = nextTick;
    long nextCheckpoint = nextTick + CHECKPOINT_EVERY.toMillis();
    while (!closing || !queue.isEmpty()) {
      try {
        long wait = Math.max(0, nextTick - clock.millis());
        Runnable r = queue.poll(wait, TimeUnit.MILLISECONDS);
        if (r != null) {
          r.run();
        }
        // Checked after every message too: a steady backlog must not hold back the tick, the
        // archive's flush or publishing.
        long now = clock.millis();
        if (now < nextTick) {
          continue;
        }
        long t0 = System.nanoTime();
        tick(now);
        tickNanos = System.nanoTime() - t0;
        nextTick = now + TICK.toMillis();
        if (now >= nextCheckpoint) {
          engine.checkpoint();
          nextCheckpoint = now + CHECKPOINT_EVERY.toMillis();
        }
        if (now >= nextForget) {
          engine.forget(now - MEMORY.toMillis());
          archive.expire(now - ARCHIVE_RETENTION.toMillis());
          nextForget = now + Duration.ofHours(1).toMillis();
        }
      } catch (InterruptedException e) {
        if (closing) {
          break;
        }
      } catch (IllegalStateException e) {
        archiveFailures.increment();
        LOG.log(System.Logger.Level.WARNING, "OEE archive: " + e.getMessage());
      } catch (RuntimeException e) {
        // One bad message or a failed publish must not stop the role; it is counted and logged.
        workFailures.increment();
        LOG.log(System.Logger.Level.WARNING, "OEE engine: " + e.getMessage(), e);
      }
    }
  }

  private void tick(long now) {
    // Each machine's time moves on behind the wall clock by the grace plus how far its readings
    // lag (a connector whose clock is behind ours): otherwise its next readings would all be late.
    for (String id : engine.machineIds()) {
      engine.tick(id, now - DELIVERY_GRACE.toMillis() - lag.getOrDefault(id, 0L));
    }
    try {
      archive.flush();
    } catch (IllegalStateException e) {
      archiveFailures.increment();
    }
    Optional<ShiftInstance> shift = engine.currentShift(now);
    if (shift.isEmpty()) {
      return;
    }
    LiveFigures figures = engine.live(shift.get(), now);
    live.set(figures);
    // States go out as they change; the shift's figures, which move a little every second, every
    // ten seconds, so 1,000 machines do not flood the historian.
    boolean withFigures = now >= nextGroups;
    publish(figures, withFigures);
    if (withFigures) {
      groups.publish(figures);
      nextGroups = now + GROUPS_EVERY.toMillis();
    }
  }

  private void publish(LiveFigures figures, boolean withFigures) {
    for (MachineStatus s : engine.statuses()) {
      if (s.sinceMillis() < 0) {
        continue; // not seen yet: nothing to say about it
      }
      DeviceHandle d = devices.get(s.machineId());
      OeeFigures f = figures.machines().get(s.machineId());
      long t = figures.atMillis();
      List<TagSample> out = new ArrayList<>();
      // Stamped with when the state began: in the historian the state is an event at its time.
      long since = Math.min(t, s.sinceMillis());
      long reasonSince = Math.min(t, s.reasonSinceMillis());
      out.add(new TagSample(PREFIX + "state", Sample.good(since, Value.of(s.state().wireName()))));
      out.add(
          new TagSample(PREFIX + "reason", Sample.good(reasonSince, Value.of((long) s.reason()))));
      if (!withFigures) {
        publish(d, out);
        continue;
      }
      out.add(new TagSample(PREFIX + "shift/name", Sample.good(t, Value.of(figures.shift().id()))));
      double[] values = {f.availability(), f.performance(), f.quality(), f.oee()};
      for (int i = 0; i < values.length; i++) {
        out.add(new TagSample(PREFIX + "shift/" + FIGURES.get(i), ratio(t, values[i])));
      }
      out.add(new TagSample(PREFIX + "shift/good", Sample.good(t, Value.of(f.good()))));
      out.add(new TagSample(PREFIX + "shift/scrap", Sample.good(t, Value.of(f.scrap()))));
      publish(d, out);
    }
  }

  private void publish(DeviceHandle d, List<TagSample> out) {
    try {
      d.publish(out);
    } catch (RuntimeException e) {
      publishFailures.increment();
    }
  }

  /** A ratio that cannot be computed yet (no planned time) is published as Uncertain 0. */
  private static Sample ratio(long t, double v) {
    return Double.isNaN(v)
        ? new Sample(t, Value.of(0.0), Quality.uncertain("Uncertain_NoPlannedTime"))
        : Sample.good(t, Value.of(v));
  }

  /** Messages handed to the engine. */
  public long messages() {
    return messages.sum();
  }

  /** Samples of devices the role does not follow (no state model). */
  public long unfollowed() {
    return unfollowed.sum();
  }

  /** Readings refused for a timestamp far in the future or older than the memory. */
  public long outOfRange() {
    return outOfRange.sum();
  }

  /** Messages or ticks that failed unexpectedly (logged). */
  public long workFailures() {
    return workFailures.sum();
  }

  /** Finished segments waiting for the archive's next write. */
  public int archivePending() {
    return archive.pending();
  }

  public long archiveFailures() {
    return archiveFailures.sum();
  }

  public long publishFailures() {
    return publishFailures.sum() + groups.failed();
  }

  /** Line and site messages published. */
  public long groupMessages() {
    return groups.published();
  }

  public int queued() {
    return queue.size();
  }

  /** How long the last recomputation of every machine, line and the site took. */
  public double lastTickSeconds() {
    return tickNanos / 1e9;
  }

  @Override
  public void close() {
    host.close();
    // The worker drains what was delivered (it wakes at least once a second), then every machine's
    // time is finished and written, so a restart loses nothing but the time it is down.
    closing = true;
    try {
      worker.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (worker.isAlive()) {
      worker.interrupt();
    } else {
      engine.finish(clock.millis());
    }
    node.close();
    groups.close();
    archive.close();
  }
}
