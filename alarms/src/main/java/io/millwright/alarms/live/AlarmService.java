package io.millwright.alarms.live;

import io.millwright.alarms.engine.AlarmEngine;
import io.millwright.alarms.engine.AlarmEvent;
import io.millwright.alarms.engine.AlarmState;
import io.millwright.alarms.engine.AlarmView;
import io.millwright.alarms.journal.AlarmJournal;
import io.millwright.core.machine.MachineState;
import io.millwright.uns.mqtt.MqttEndpoint;
import io.millwright.uns.sparkplug.host.DeviceKey;
import io.millwright.uns.sparkplug.host.HostApplicationSession;
import io.millwright.uns.sparkplug.host.HostConfig;
import io.millwright.uns.sparkplug.host.HostState;
import io.millwright.uns.sparkplug.host.MetricSample;
import io.millwright.uns.sparkplug.host.SparkplugListener;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The {@code alarms} role at work: follows the site's namespace as a Sparkplug host (and the {@code
 * oee} role's machine states for state alarms and suppression by design), evaluates every alarm on
 * one thread, writes each transition to the journal, and only then publishes it to the namespace,
 * the live stream and the notification channels.
 */
public final class AlarmService implements SparkplugListener, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(AlarmService.class.getName());

  /** How often delays, stale tags and shelving expiry are checked: the on-delay resolution. */
  static final Duration TICK = Duration.ofMillis(100);

  /** Samples stamped further ahead of their arrival than this are refused (a wrong clock). */
  static final Duration FUTURE_LIMIT = Duration.ofMinutes(5);

  /** Messages waiting for the engine before delivery pushes back on MQTT. */
  static final int QUEUE = 50_000;

  /**
   * Transitions held while the journal cannot be written (a full disk): kept in order and retried,
   * never published before they are journaled; beyond this many the oldest are dropped and counted.
   */
  static final int UNJOURNALED_LIMIT = 100_000;

  private static final String STATE_METRIC = "oee/state";

  /** Journal rows deleted at most per expiry pass. */
  static final int EXPIRE_SLICE = 5_000;

  static final long JOURNAL_RETRY_FIRST = 100;
  static final long JOURNAL_RETRY_MAX = 10_000;

  private final AlarmEngine engine;
  private final AlarmJournal journal;
  private final Clock clock;
  private final HostApplicationSession host;
  private final AlarmPublisher publisher;
  private final String statesNode;
  private final Runnable journaled;
  private final Duration retention;
  private final BlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(QUEUE);
  private final Map<String, AlarmView> views = new ConcurrentHashMap<>();

  /**
   * Alarms per state, kept as views change: the metrics read it on every scrape and gauge, and
   * counting 50,000 views each time cost more CPU than evaluating the samples.
   */
  private final AtomicIntegerArray byState = new AtomicIntegerArray(AlarmState.values().length);

  private final List<Consumer<AlarmEvent>> listeners = new CopyOnWriteArrayList<>();
  private final List<AlarmEvent> unjournaled = new ArrayList<>();
  private final LongAdder messages = new LongAdder();
  private final LongAdder samples = new LongAdder();
  private final LongAdder historical = new LongAdder();
  private final LongAdder outOfRange = new LongAdder();
  private final LongAdder states = new LongAdder();
  private final LongAdder statesRefused = new LongAdder();
  private final LongAdder transitions = new LongAdder();
  private final LongAdder journalFailures = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder workFailures = new LongAdder();
  private final Thread worker;
  private volatile boolean closing;
  private volatile Error failure;
  // Engine thread only: the machines whose connector this role has heard since it started, and
  // the latest state of each machine not heard yet (see state()).
  private final Set<String> heard = new HashSet<>();
  private final Map<String, Runnable> heldStates = new HashMap<>();
  // Engine thread only: the pause before the next journal write after a failed one.
  private long journalPause;
  private long journalRetryAt;

  /**
   * @param hostId this role's Sparkplug host id
   * @param statesNode the edge node id the {@code oee} role publishes machine states from
   * @param journaled called after every journal write (the notifier's wake-up); must not block
   * @param retention how long the journal keeps transitions
   */
  public AlarmService(
      AlarmEngine engine,
      AlarmJournal journal,
      MqttEndpoint endpoint,
      String hostId,
      String enterprise,
      String site,
      String statesNode,
      Runnable journaled,
      Duration retention,
      Clock clock) {
    this.engine = engine;
    this.journal = journal;
    this.clock = clock;
    this.statesNode = statesNode;
    this.journaled = journaled;
    this.retention = retention;
    this.host = new HostApplicationSession(endpoint, HostConfig.of(hostId).withGroup(site), this);
    this.publisher = new AlarmPublisher(endpoint, enterprise, site);
    engine.views().forEach(this::putView);
    this.worker = Thread.ofPlatform().name("alarm-engine").daemon().unstarted(this::work);
  }

  /**
   * @throws Exception when the publisher cannot connect to the broker
   */
  public void start() throws Exception {
    publisher.start();
    worker.start();
    host.start();
  }

  /** Whether the role follows the namespace. */
  public boolean online() {
    return host.state() == HostState.ONLINE;
  }

  /** Why the engine thread stopped, if it did: the role is then dead, not just unready. */
  public Optional<Error> failure() {
    return Optional.ofNullable(failure);
  }

  @Override
  public void onSamples(DeviceKey device, List<MetricSample> batch) {
    if (device.isNode()) {
      return;
    }
    if (device.node().equals(statesNode)) {
      for (MetricSample m : batch) {
        if (m.metric().equals(STATE_METRIC) && m.sample().quality().isGood()) {
          long arrived = clock.millis();
          enqueue(() -> state(device.device(), m, arrived));
        }
      }
      return;
    }
    if (!engine.follows(device.device())) {
      return;
    }
    messages.increment();
    long arrived = clock.millis();
    enqueue(() -> apply(device.device(), batch, arrived));
  }

  /**
   * A connector's device died (its link to the machine is down) or the connector itself died:
   * stamped when the death arrived, since a crashed node's will carries the time it connected.
   * Deaths this role makes up when it loses its own broker connection are not the machines' and are
   * left out: the role's health says it is not following the namespace instead.
   */
  @Override
  public void onOffline(DeviceKey device) {
    if (!device.isNode()
        && !device.node().equals(statesNode)
        && engine.follows(device.device())
        && host.state() == HostState.ONLINE) {
      long arrived = clock.millis();
      enqueue(
          () -> {
            engine.linkLost(device.device(), arrived);
            // The machine's values will not come now: its state goes in with what is known.
            releaseState(device.device());
          });
    }
  }

  /**
   * A machine state from the {@code oee} role. Until this role has heard the machine's connector
   * (its birth, which carries every value), the state is held and goes in after that birth: a role
   * that starts after the connectors hears the {@code oee} role's states before the rebirth it
   * asked the connectors for, and a state alarm raised then would say "stopped on fault ?" for
   * ever.
   */
  private void state(String machine, MetricSample m, long arrived) {
    MachineState state;
    try {
      state = MachineState.parse(m.sample().value().toString());
    } catch (IllegalArgumentException e) {
      statesRefused.increment();
      return;
    }
    states.increment();
    if (!engine.follows(machine)) {
      return; // not one of this role's machines: nothing to hold either
    }
    if (heard.contains(machine)) {
      engine.machineState(machine, state, arrived);
    } else {
      heldStates.put(machine, () -> engine.machineState(machine, state, arrived));
    }
  }

  private void releaseState(String machine) {
    heard.add(machine);
    Runnable held = heldStates.remove(machine);
    if (held != null) {
      held.run();
    }
  }

  /**
   * One message of a connector's device. Only a death says the link is down (a message of Bad
   * samples may be one failed sensor, the only tag that changed); any Good sample says it is up.
   */
  private void apply(String machine, List<MetricSample> batch, long arrived) {
    boolean anyGood = false;
    for (MetricSample m : batch) {
      long t = m.sample().timestamp();
      if (m.historical()) {
        // Replayed from a connector's store-and-forward buffer: history, not a live condition.
        historical.increment();
        continue;
      }
      if (t > arrived + FUTURE_LIMIT.toMillis()) {
        outOfRange.increment();
        continue;
      }
      if (m.sample().quality().isGood()) {
        anyGood = true;
        samples.increment();
        engine.accept(machine, m.metric(), t, arrived, m.sample().value());
      }
    }
    if (anyGood) {
      engine.linkUp(machine, arrived);
    }
    releaseState(machine);
  }

  /**
   * The role cannot take the action now: the journal cannot be written (the action is held and
   * journaled once it can) or the engine is overloaded (the action was not taken).
   */
  public static final class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unavailable(String message) {
      super(message);
    }
  }

  /**
   * Runs an operator's command on the engine's thread; the future completes once its transition is
   * journaled, or fails with the engine's refusal ({@link java.util.NoSuchElementException}, {@link
   * IllegalArgumentException}, {@link IllegalStateException}) or with {@link Unavailable}.
   */
  public CompletableFuture<AlarmView> command(String id, Consumer<AlarmEngine> action) {
    CompletableFuture<AlarmView> done = new CompletableFuture<>();
    boolean queued =
        queue.offer(
            () -> {
              try {
                action.accept(engine);
              } catch (RuntimeException e) {
                done.completeExceptionally(e);
                return;
              }
              flush(clock.millis());
              if (unjournaled.isEmpty()) {
                done.complete(views.get(id));
              } else {
                done.completeExceptionally(
                    new Unavailable(
                        "the alarm journal cannot be written; the action is held and will be"
                            + " journaled once it can"));
              }
            });
    if (!queued) {
      done.completeExceptionally(
          new Unavailable("the alarm engine is overloaded; the action was not taken"));
    }
    return done;
  }

  private void enqueue(Runnable work) {
    try {
      queue.put(work);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void work() {
    long nextTick = clock.millis();
    long nextExpiry = nextTick;
    List<Runnable> batch = new ArrayList<>(256);
    while (!closing || !queue.isEmpty()) {
      try {
        long wait = Math.max(0, nextTick - clock.millis());
        Runnable r = queue.poll(wait, TimeUnit.MILLISECONDS);
        if (r != null) {
          batch.add(r);
          queue.drainTo(batch, 255);
          for (Runnable b : batch) {
            run(b);
          }
          batch.clear();
        }
        long now = clock.millis();
        if (now >= nextTick) {
          engine.tick(now);
          nextTick = now + TICK.toMillis();
        }
        flush(now);
        if (now >= nextExpiry) {
          // Bounded: a retention cut to a fraction deletes in slices, not in one long stall.
          nextExpiry = now + Duration.ofHours(1).toMillis();
          if (journal.expire(now - retention.toMillis(), EXPIRE_SLICE) == EXPIRE_SLICE) {
            nextExpiry = now + 1_000;
          }
        }
      } catch (InterruptedException e) {
        if (closing) {
          break;
        }
      } catch (RuntimeException e) {
        workFailures.increment();
        LOG.log(System.Logger.Level.WARNING, "alarm engine: " + e.getMessage(), e);
      } catch (Error e) {
        // Out of memory, a native library's failure: the engine cannot be trusted any more. The
        // role reports itself dead, so the process is restarted rather than silently deaf.
        failure = e;
        LOG.log(System.Logger.Level.ERROR, "alarm engine stopped: " + e, e);
        return;
      }
    }
  }

  /** One message or command: its failure is counted and logged, the rest of the batch goes on. */
  private void run(Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      workFailures.increment();
      LOG.log(System.Logger.Level.WARNING, "alarm engine: " + e.getMessage(), e);
    }
  }

  /**
   * Journals what the engine decided, then publishes it: never the other way round. While the
   * journal cannot be written (a full disk) the transitions wait in order and the write is retried
   * with a growing pause, logged once per outage.
   */
  private void flush(long now) {
    List<AlarmEvent> fresh = engine.drain();
    if (fresh.isEmpty() && unjournaled.isEmpty()) {
      return;
    }
    unjournaled.addAll(fresh);
    int excess = unjournaled.size() - UNJOURNALED_LIMIT;
    if (excess > 0) {
      unjournaled.subList(0, excess).clear();
      dropped.add(excess);
    }
    if (now < journalRetryAt) {
      return;
    }
    Map<String, AlarmView> changed = new LinkedHashMap<>();
    for (AlarmEvent e : unjournaled) {
      changed.computeIfAbsent(e.id(), id -> engine.view(id).orElseThrow());
    }
    List<AlarmEvent> written;
    try {
      written = journal.append(unjournaled, List.copyOf(changed.values()));
    } catch (IllegalStateException e) {
      journalFailures.increment();
      if (journalPause == 0) {
        LOG.log(System.Logger.Level.WARNING, e.getMessage() + "; retrying, transitions held");
      }
      journalPause = Math.min(JOURNAL_RETRY_MAX, Math.max(JOURNAL_RETRY_FIRST, journalPause * 2));
      journalRetryAt = now + journalPause;
      return;
    }
    if (journalPause != 0) {
      LOG.log(System.Logger.Level.INFO, "alarm journal written again");
      journalPause = 0;
      journalRetryAt = 0;
    }
    unjournaled.clear();
    changed.values().forEach(this::putView);
    for (AlarmEvent e : written) {
      transitions.increment();
      publisher.publish(e);
      for (Consumer<AlarmEvent> l : listeners) {
        try {
          l.accept(e);
        } catch (RuntimeException ex) {
          LOG.log(System.Logger.Level.DEBUG, "live stream listener failed: " + ex.getMessage());
        }
      }
    }
    journaled.run();
  }

  private void putView(AlarmView v) {
    AlarmView old = views.put(v.id(), v);
    if (old != null) {
      byState.decrementAndGet(old.state().ordinal());
    }
    byState.incrementAndGet(v.state().ordinal());
  }

  /**
   * Adds a live-stream listener: called on the engine's thread with each journaled transition, so
   * it must hand off and never block. Closing the returned handle removes it.
   */
  public AutoCloseable listen(Consumer<AlarmEvent> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Every alarm as it stands (as of the last journal write). */
  public List<AlarmView> views() {
    List<AlarmView> out = new ArrayList<>(views.values());
    out.sort(
        (a, b) ->
            a.machine().equals(b.machine())
                ? a.alarm().compareTo(b.alarm())
                : a.machine().compareTo(b.machine()));
    return out;
  }

  public AlarmEngine engine() {
    return engine;
  }

  public AlarmJournal journal() {
    return journal;
  }

  /** Counters for the role's metrics, by name. */
  public Map<String, Double> figures() {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("alarms", (double) engine.size());
    int active = 0;
    int unacked = 0;
    for (AlarmState state : AlarmState.values()) {
      int n = byState.get(state.ordinal());
      active += state.active() ? n : 0;
      unacked += state.unacknowledged() ? n : 0;
    }
    int shelved = byState.get(AlarmState.SHELVED.ordinal());
    int suppressed = byState.get(AlarmState.SUPPRESSED.ordinal());
    int outOfService = byState.get(AlarmState.OUT_OF_SERVICE.ordinal());
    out.put("active", (double) active);
    out.put("unacknowledged", (double) unacked);
    out.put("shelved", (double) shelved);
    out.put("suppressed", (double) suppressed);
    out.put("out_of_service", (double) outOfService);
    out.put("messages_total", (double) messages.sum());
    out.put("samples_total", (double) samples.sum());
    out.put("samples_historical_total", (double) historical.sum());
    out.put("samples_out_of_range_total", (double) outOfRange.sum());
    out.put("machine_states_total", (double) states.sum());
    out.put("machine_states_refused_total", (double) statesRefused.sum());
    out.put("transitions_total", (double) transitions.sum());
    out.put("journal_failures_total", (double) journalFailures.sum());
    out.put("transitions_dropped_total", (double) dropped.sum());
    out.put("publish_failures_total", (double) publisher.failed());
    out.put("work_failures_total", (double) workFailures.sum());
    out.put("queued", (double) queue.size());
    return out;
  }

  @Override
  public void close() {
    host.close();
    closing = true;
    try {
      worker.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (worker.isAlive()) {
      worker.interrupt();
    }
    publisher.close();
    engine.close();
    // The journal is the owner's to close, after the notification channels that read it.
  }
}
