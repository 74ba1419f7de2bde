package io.millwright.alarms.engine;

import io.millwright.alarms.anomaly.AnomalyDetector;
import io.millwright.core.alarm.AlarmCondition;
import io.millwright.core.alarm.AnomalySpec;
import io.millwright.core.machine.MachineState;
import io.millwright.core.sample.Value;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Every alarm of the site, evaluated on one thread: samples, the machines' links and states, and
 * operators' commands go in; transitions come out through {@link #drain()} in the order they
 * happened. Not thread-safe: the service owns it.
 */
public final class AlarmEngine implements AutoCloseable {

  /** Longest an operator may shelve an alarm: ISA-18.2 wants shelving to end by itself. */
  public static final Duration MAX_SHELVE = Duration.ofHours(24);

  private final Map<String, MachineAlarms> machines = new HashMap<>();
  private final Map<String, AlarmPoint> byId = new LinkedHashMap<>();
  private final List<AlarmSpec> specs;
  private final List<Watch.Stale> staleWatches = new ArrayList<>();
  private final List<AlarmPoint> stalePoints = new ArrayList<>();
  private final List<AnomalyDetector> detectors = new ArrayList<>();
  private final List<AlarmEvent> pending = new ArrayList<>();
  private final Set<AlarmPoint> timed = new LinkedHashSet<>();
  private final List<AlarmPoint> due = new ArrayList<>();

  /** One machine's alarms, indexed by the tag each reads. */
  private static final class MachineAlarms {
    final Map<String, Input[]> byTag = new HashMap<>();
    final List<AlarmPoint> comms = new ArrayList<>();
    final List<AlarmPoint> states = new ArrayList<>();
    final List<AlarmPoint> suppressible = new ArrayList<>();
    final Set<String> shownTags = new HashSet<>();
    final Map<String, Value> shown = new HashMap<>();
  }

  private record Input(AlarmPoint point, int index) {}

  /**
   * @param detectors makes the anomaly detector of an anomaly alarm; refuses a model that does not
   *     fit its definition
   * @param startMillis when the role started: stale alarms count from here for tags never seen
   */
  public AlarmEngine(
      List<AlarmSpec> specs, Function<AnomalySpec, AnomalyDetector> detectors, long startMillis) {
    this.specs = List.copyOf(specs);
    try {
      for (AlarmSpec spec : specs) {
        add(spec, detectors, startMillis);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private void add(AlarmSpec spec, Function<AnomalySpec, AnomalyDetector> make, long startMillis) {
    MachineAlarms m = machines.computeIfAbsent(spec.machine(), k -> new MachineAlarms());
    AlarmCondition condition = spec.definition().condition();
    Watch watch =
        switch (condition) {
          case AlarmCondition.Limits l ->
              new Watch.Limit(spec.point().level().orElseThrow(), spec.definition().deadband());
          case AlarmCondition.Digital d -> new Watch.Digital(d);
          case AlarmCondition.RateOfChange r -> new Watch.Rate(r, spec.definition().deadband());
          case AlarmCondition.Stale s -> new Watch.Stale(s, startMillis);
          case AlarmCondition.Anomaly a -> {
            AnomalyDetector d = make.apply(a.spec());
            detectors.add(d);
            yield new Watch.Anomaly(d, threshold(a.spec()));
          }
          case AlarmCondition.InState s -> new Watch.External();
          case AlarmCondition.CommsLost c -> new Watch.External();
        };
    AlarmPoint point = new AlarmPoint(spec, watch, m.shown, pending, timed);
    if (byId.putIfAbsent(spec.id(), point) != null) {
      throw new IllegalArgumentException("the alarm " + spec.id() + " is defined twice");
    }
    List<String> inputs =
        condition instanceof AlarmCondition.Anomaly a && a.spec() instanceof AnomalySpec.Model md
            ? md.inputs()
            : spec.definition().tag().map(List::of).orElse(List.of());
    for (int i = 0; i < inputs.size(); i++) {
      Input[] old = m.byTag.getOrDefault(inputs.get(i), new Input[0]);
      Input[] grown = Arrays.copyOf(old, old.length + 1);
      grown[old.length] = new Input(point, i);
      m.byTag.put(inputs.get(i), grown);
    }
    switch (condition) {
      case AlarmCondition.CommsLost c -> m.comms.add(point);
      case AlarmCondition.InState s -> m.states.add(point);
      case AlarmCondition.Stale s -> {
        staleWatches.add((Watch.Stale) watch);
        stalePoints.add(point);
      }
      default -> {}
    }
    if (!spec.definition().suppressIn().isEmpty()) {
      m.suppressible.add(point);
    }
    spec.definition().message().ifPresent(t -> m.shownTags.addAll(t.tags()));
  }

  private static double threshold(AnomalySpec spec) {
    return switch (spec) {
      case AnomalySpec.Ewma e -> e.z();
      case AnomalySpec.Seasonal s -> s.z();
      case AnomalySpec.Model m -> m.threshold();
    };
  }

  /** Whether any alarm watches the machine. */
  public boolean follows(String machine) {
    return machines.containsKey(machine);
  }

  /**
   * As {@link #accept(String, String, long, long, Value)}, for a sample that arrived at its time.
   */
  public void accept(String machine, String tag, long t, Value value) {
    accept(machine, tag, t, t, value);
  }

  /**
   * One Good sample of one of the machine's tags. Bad samples are not given: a value that cannot be
   * read leaves the alarm as it was (the lost-communication alarm speaks for it).
   *
   * @param t the sample's own time, which transitions are stamped with
   * @param now when it arrived, on this server's clock, which delays and staleness run on
   */
  public void accept(String machine, String tag, long t, long now, Value value) {
    MachineAlarms m = machines.get(machine);
    if (m == null) {
      return;
    }
    if (m.shownTags.contains(tag)) {
      m.shown.put(tag, value);
    }
    Input[] inputs = m.byTag.get(tag);
    if (inputs == null) {
      return;
    }
    for (Input in : inputs) {
      in.point().sample(in.index(), t, now, value);
    }
  }

  /**
   * The machine's connector reported it unreachable (its device died) or died itself:
   * lost-communication alarms. Stamped with the arrival time: a crashed edge node's will carries
   * the time it connected.
   */
  public void linkLost(String machine, long t) {
    link(machine, true, t);
  }

  /** Good data from the machine again. */
  public void linkUp(String machine, long t) {
    link(machine, false, t);
  }

  private void link(String machine, boolean lost, long t) {
    MachineAlarms m = machines.get(machine);
    if (m != null) {
      for (AlarmPoint p : m.comms) {
        p.condition(lost, t, t);
      }
    }
  }

  /**
   * The machine's state as the {@code oee} role decided it: state alarms, and suppression by design
   * for the alarms that name the state in {@code suppressIn}.
   *
   * @param t when the state reached this role (the {@code oee} role stamps a state with its start,
   *     which may be hours ago)
   */
  public void machineState(String machine, MachineState state, long t) {
    MachineAlarms m = machines.get(machine);
    if (m == null) {
      return;
    }
    for (AlarmPoint p : m.states) {
      AlarmCondition.InState s = (AlarmCondition.InState) p.spec.definition().condition();
      p.condition(s.states().contains(state), t, t);
    }
    for (AlarmPoint p : m.suppressible) {
      p.suppress(p.spec.definition().suppressIn().contains(state), t);
    }
  }

  /** Moves time on: delays that ran out, stale tags, shelving that expired. */
  public void tick(long now) {
    // Only the alarms with a delay running or a shelving to expire: a tick over all 50,000 alarms
    // ten times a second cost more than evaluating the samples.
    due.clear();
    for (Iterator<AlarmPoint> it = timed.iterator(); it.hasNext(); ) {
      AlarmPoint p = it.next();
      long next = p.nextDue();
      if (next == Long.MAX_VALUE) {
        it.remove();
      } else if (next <= now) {
        due.add(p); // due() may add to the set: not while iterating it
      }
    }
    for (AlarmPoint p : due) {
      p.due(now);
    }
    for (int i = 0; i < staleWatches.size(); i++) {
      long at = staleWatches.get(i).staleAt();
      if (now >= at) {
        stalePoints.get(i).condition(true, at, now);
      }
    }
  }

  /**
   * @throws NoSuchElementException for an unknown alarm
   * @throws IllegalStateException when it owes no acknowledgement
   */
  public void acknowledge(String id, String user, String comment, long now) {
    point(id).acknowledge(user, comment, now);
  }

  /**
   * @throws IllegalArgumentException for a duration that is not positive or beyond {@link
   *     #MAX_SHELVE}
   */
  public void shelve(String id, Duration d, String user, String comment, long now) {
    if (d.isNegative() || d.isZero() || d.compareTo(MAX_SHELVE) > 0) {
      throw new IllegalArgumentException(
          "shelve for more than 0 and at most " + MAX_SHELVE.toHours() + " h");
    }
    AlarmPoint p = point(id);
    p.shelve(now + d.toMillis(), user, comment, now);
  }

  public void unshelve(String id, String user, String comment, long now) {
    point(id).unshelve(user, comment, now);
  }

  public void outOfService(String id, boolean on, String user, String comment, long now) {
    point(id).outOfService(on, user, comment, now);
  }

  private AlarmPoint point(String id) {
    AlarmPoint p = byId.get(id);
    if (p == null) {
      throw new NoSuchElementException("no alarm " + id);
    }
    return p;
  }

  /** The transitions since the last call, in order; the caller journals them. */
  public List<AlarmEvent> drain() {
    if (pending.isEmpty()) {
      return List.of();
    }
    List<AlarmEvent> out = List.copyOf(pending);
    pending.clear();
    return out;
  }

  /** Brings alarms back as the journal kept them; alarms no longer defined are left out. */
  public void restore(Collection<AlarmView> views) {
    for (AlarmView v : views) {
      AlarmPoint p = byId.get(v.id());
      if (p != null) {
        p.restore(v);
      }
    }
  }

  public Optional<AlarmView> view(String id) {
    AlarmPoint p = byId.get(id);
    return p == null ? Optional.empty() : Optional.of(p.view());
  }

  /** Every alarm, in definition order. */
  public List<AlarmView> views() {
    List<AlarmView> out = new ArrayList<>(byId.size());
    byId.values().forEach(p -> out.add(p.view()));
    return out;
  }

  public List<AlarmSpec> specs() {
    return specs;
  }

  public int size() {
    return byId.size();
  }

  /** Closes the anomaly detectors that hold native resources (ONNX sessions). */
  @Override
  public void close() {
    for (AnomalyDetector d : detectors) {
      if (d instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          // closing at shutdown: nothing left to do with the failure
        }
      }
    }
    detectors.clear();
  }
}
