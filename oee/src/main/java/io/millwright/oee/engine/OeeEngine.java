package io.millwright.oee.engine;

import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.MachineState;
import io.millwright.core.machine.StateModel;
import io.millwright.oee.calendar.PlannedDowntime;
import io.millwright.oee.calendar.ShiftCalendar;
import io.millwright.oee.calendar.ShiftInstance;
import io.millwright.oee.figures.OeeCalculator;
import io.millwright.oee.figures.OeeFigures;
import io.millwright.oee.reason.Reason;
import io.millwright.oee.reason.ReasonTables;
import io.millwright.oee.state.MachineTracker;
import io.millwright.oee.state.Reading;
import io.millwright.oee.state.Segment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The machines' states and OEE: one tracker per machine that has a state model, the segments they
 * cut, operators' classifications of stops, and the figures over any range. Time comes from the
 * caller, so the same engine runs live on the wall clock and in tests on the simulator's clock.
 * Thread-safe: one lock, held briefly; the archive is read outside it, and figures are computed
 * from copies.
 */
public final class OeeEngine {

  private final ShiftCalendar calendar;
  private final ReasonTables reasons;
  private final OeeCalculator calculator;
  private final SegmentArchive archive;
  private final Map<String, Followed> machines = new LinkedHashMap<>();
  private long memoryFrom = Long.MIN_VALUE;

  /** One followed machine. */
  private static final class Followed {
    final MachineDefinition definition;
    final StateModel model;
    final MachineTracker tracker;
    final List<Segment> segments = new ArrayList<>();
    final Map<Long, Stop.Classification> classified = new TreeMap<>();

    Followed(MachineDefinition definition, MachineTracker tracker) {
      this.definition = definition;
      this.model = definition.states().orElseThrow();
      this.tracker = tracker;
    }
  }

  /**
   * @param definitions the site's machines; those without a state model are not followed
   * @param archive where finished segments go and older ranges come from
   * @throws IllegalArgumentException naming a machine whose reason table the site does not have
   */
  public OeeEngine(
      List<MachineDefinition> definitions,
      ShiftCalendar calendar,
      ReasonTables reasons,
      SegmentArchive archive) {
    this.calendar = calendar;
    this.reasons = reasons;
    this.calculator = new OeeCalculator(calendar, reasons);
    this.archive = archive;
    Set<String> ids = new HashSet<>();
    definitions.forEach(d -> ids.add(d.id()));
    for (PlannedDowntime downtime : calendar.plannedDowntime()) {
      for (String m : downtime.machines()) {
        if (!ids.contains(m)) {
          throw new IllegalArgumentException(
              "planned downtime \""
                  + downtime.reason()
                  + "\" names the machine \""
                  + m
                  + "\", which the site does not have");
        }
      }
    }
    for (MachineDefinition d : definitions) {
      if (d.states().isEmpty()) {
        continue;
      }
      String table = d.states().get().reasonTable();
      if (!reasons.has(table)) {
        throw new IllegalArgumentException(
            "machine "
                + d.id()
                + ": states.reasonTable \""
                + table
                + "\" is not a reason table of the site; it has "
                + String.join(", ", reasons.names()));
      }
      Followed[] self = new Followed[1];
      MachineTracker tracker =
          new MachineTracker(
              d.id(),
              d.states().get(),
              calendar,
              s -> {
                self[0].segments.add(s);
                archive.append(d.id(), s);
              });
      self[0] = new Followed(d, tracker);
      machines.put(d.id(), self[0]);
    }
  }

  /** Loads what the archive kept from {@code since} on, before any reading arrives. */
  public synchronized void restore(long since) {
    memoryFrom = since;
    for (Followed f : machines.values()) {
      f.segments.addAll(archive.segments(f.definition.id(), since, Long.MAX_VALUE));
      f.classified.putAll(archive.classifications(f.definition.id()));
    }
  }

  public ShiftCalendar calendar() {
    return calendar;
  }

  public ReasonTables reasons() {
    return reasons;
  }

  /** Whether the engine follows this machine (it has a state model). */
  public boolean follows(String machineId) {
    return machines.containsKey(machineId);
  }

  public synchronized List<MachineDefinition> followed() {
    return machines.values().stream().map(f -> f.definition).toList();
  }

  /**
   * Readings of one machine taken at one time.
   *
   * @return false for a machine not followed or readings older than what is already cut
   */
  public synchronized boolean accept(String machineId, long at, List<Reading> readings) {
    Followed f = machines.get(machineId);
    return f != null && f.tracker.accept(at, readings);
  }

  /** The machine cannot be reached from {@code at}. */
  public synchronized void offline(String machineId, long at) {
    Followed f = machines.get(machineId);
    if (f != null) {
      f.tracker.offline(at);
    }
  }

  /** Moves every machine's time on to {@code now}. */
  public synchronized void tick(long now) {
    for (Followed f : machines.values()) {
      f.tracker.tick(now);
    }
  }

  /** Moves one machine's time on to {@code now}. */
  public synchronized void tick(String machineId, long now) {
    Followed f = machines.get(machineId);
    if (f != null) {
      f.tracker.tick(now);
    }
  }

  /** Drops segments that ended before {@code before} from memory; the archive keeps them. */
  public synchronized void forget(long before) {
    memoryFrom = Math.max(memoryFrom, before);
    for (Followed f : machines.values()) {
      f.segments.removeIf(s -> s.endMillis() <= before);
    }
  }

  public synchronized Optional<MachineStatus> status(String machineId) {
    Followed f = machines.get(machineId);
    if (f == null) {
      return Optional.empty();
    }
    MachineTracker t = f.tracker;
    return Optional.of(
        new MachineStatus(
            machineId,
            f.definition.area(),
            f.definition.line(),
            t.state(),
            t.reason(),
            t.state() == MachineState.PRODUCING
                ? ""
                : reasons.label(f.model.reasonTable(), t.reason()),
            t.since(),
            t.reasonSince(),
            t.product()));
  }

  public synchronized List<MachineStatus> statuses() {
    List<MachineStatus> out = new ArrayList<>();
    for (String id : machines.keySet()) {
      out.add(status(id).orElseThrow());
    }
    return out;
  }

  /** The segments of a machine overlapping [from, to), the unfinished ones as they stand at now. */
  public List<Segment> segments(String machineId, long from, long to, long now) {
    Followed f = machines.get(machineId);
    if (f == null) {
      return List.of();
    }
    long horizon;
    synchronized (this) {
      horizon = memoryFrom;
    }
    // Old ranges come from the archive without holding the engine: a long report must not stop
    // the readings of every machine while it reads.
    List<Segment> out = new ArrayList<>();
    if (from < horizon) {
      out.addAll(archive.segments(machineId, from, Math.min(to, horizon)));
    }
    synchronized (this) {
      if (memoryFrom > horizon && from < memoryFrom) {
        // Memory was trimmed meanwhile: what it dropped is in the archive.
        out.addAll(archive.segments(machineId, Math.max(from, horizon), Math.min(to, memoryFrom)));
      }
      addKept(f, out, from, to, now);
    }
    return out;
  }

  private void addKept(Followed f, List<Segment> out, long from, long to, long now) {
    List<Segment> kept = f.segments;
    int i = firstEndingAfter(kept, Math.max(from, memoryFrom));
    long last = out.isEmpty() ? Long.MIN_VALUE : out.getLast().endMillis();
    for (; i < kept.size() && kept.get(i).startMillis() < to; i++) {
      if (kept.get(i).startMillis() >= last) {
        out.add(kept.get(i));
      }
    }
    for (Segment s : f.tracker.unfinished(now)) {
      if (s.endMillis() > from && s.startMillis() < to) {
        out.add(s);
      }
    }
  }

  private static int firstEndingAfter(List<Segment> list, long t) {
    int lo = 0;
    int hi = list.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (list.get(mid).endMillis() <= t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * OEE of the machines that {@code which} selects over [from, to).
   *
   * @throws IllegalArgumentException when from is not before to
   */
  public OeeFigures figures(Predicate<MachineDefinition> which, long from, long to, long now) {
    if (from >= to) {
      throw new IllegalArgumentException("from must be before to");
    }
    List<OeeCalculator.MachineHistory> input = new ArrayList<>();
    for (Followed f : machines.values()) {
      if (which.test(f.definition)) {
        input.add(history(f, from, to, now));
      }
    }
    return calculator.compute(input, from, to);
  }

  /**
   * The figures of several groups of machines over [from, to), each machine's segments tallied once
   * however many groups it is in: what the live view needs every second.
   *
   * @param groupsOf the groups a machine belongs to, none to leave it out
   */
  public Map<String, OeeFigures> figuresByGroup(
      Function<MachineDefinition, List<String>> groupsOf, long from, long to, long now) {
    if (from >= to) {
      throw new IllegalArgumentException("from must be before to");
    }
    List<OeeCalculator.MachineHistory> input = new ArrayList<>();
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (Followed f : machines.values()) {
      List<String> of = groupsOf.apply(f.definition);
      if (!of.isEmpty()) {
        groups.put(f.definition.id(), of);
        input.add(history(f, from, to, now));
      }
    }
    return calculator.computeGroups(input, groups::get, from, to);
  }

  /**
   * The figures of a shift from its start until now (or its end) for every machine, line and the
   * site, each machine tallied once: what the role recomputes every second.
   */
  public LiveFigures live(ShiftInstance shift, long now) {
    long from = shift.startMillis();
    long to = Math.max(from + 1, Math.min(now, shift.endMillis()));
    Map<String, OeeFigures> all =
        figuresByGroup(
            m -> List.of(MACHINE + m.id(), LINE + m.area() + "/" + m.line(), SITE), from, to, now);
    Map<String, OeeFigures> byMachine = new LinkedHashMap<>();
    Map<String, OeeFigures> byLine = new LinkedHashMap<>();
    all.forEach(
        (group, f) -> {
          if (group.startsWith(MACHINE)) {
            byMachine.put(group.substring(MACHINE.length()), f);
          } else if (group.startsWith(LINE)) {
            byLine.put(group.substring(LINE.length()), f);
          }
        });
    OeeFigures site = all.containsKey(SITE) ? all.get(SITE) : figures(d -> true, from, to, now);
    return new LiveFigures(shift, now, byMachine, byLine, site);
  }

  private static final String MACHINE = "machine:";
  private static final String LINE = "line:";
  private static final String SITE = "site";

  private OeeCalculator.MachineHistory history(Followed f, long from, long to, long now) {
    List<Segment> segs = segments(f.definition.id(), from, to, now);
    // Only the classifications these segments can use, not every one the machine ever had.
    Map<Long, Integer> classified = new TreeMap<>();
    synchronized (this) {
      for (Segment s : segs) {
        if (s.isStop() && s.reason() == 0) {
          Stop.Classification c = f.classified.get(s.stopStartMillis());
          if (c != null) {
            classified.put(s.stopStartMillis(), c.code());
          }
        }
      }
    }
    return new OeeCalculator.MachineHistory(
        f.definition.id(), f.model.reasonTable(), f.model.microStop().toMillis(), segs, classified);
  }

  /** The shift going on at {@code now}, or the last one if none is. */
  public Optional<ShiftInstance> currentShift(long now) {
    return calendar.currentOrLast(now);
  }

  /** The stops of a machine that began in [from, to), oldest first. */
  public synchronized List<Stop> stops(String machineId, long from, long to, long now) {
    Followed f = machines.get(machineId);
    if (f == null) {
      return List.of();
    }
    List<Stop> out = new ArrayList<>();
    long micro = f.model.microStop().toMillis();
    String table = f.model.reasonTable();
    List<Segment> unfinished = f.tracker.unfinished(now);
    Segment last = unfinished.isEmpty() ? null : unfinished.getLast();
    long ongoing = last != null && last.isStop() ? last.stopStartMillis() : Long.MIN_VALUE;
    Segment first = null;
    int reason = 0;
    boolean unexplained = false;
    for (Segment s : segments(machineId, from, Long.MAX_VALUE, now)) {
      if (!s.isStop() || s.stopStartMillis() < from || s.stopStartMillis() >= to) {
        continue;
      }
      if (first == null || first.stopStartMillis() != s.stopStartMillis()) {
        if (first != null) {
          out.add(stop(f, first, reason, unexplained, micro, table, ongoing));
        }
        first = s;
        reason = 0;
        unexplained = false;
      }
      if (reason == 0 && s.reason() != 0) {
        reason = s.reason();
      }
      unexplained |= s.reason() == 0;
    }
    if (first != null) {
      out.add(stop(f, first, reason, unexplained, micro, table, ongoing));
    }
    return out;
  }

  private Stop stop(
      Followed f,
      Segment first,
      int reason,
      boolean unexplained,
      long micro,
      String table,
      long ongoing) {
    long start = first.stopStartMillis();
    return new Stop(
        f.definition.id(),
        start,
        start + first.stopMillis(),
        start == ongoing,
        first.state(),
        reason,
        reason == 0 ? "unclassified" : reasons.label(table, reason),
        unexplained,
        first.stopMillis() < micro,
        f.classified.get(start));
  }

  /** Why a classification was refused. */
  public static final class ClassificationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What the REST layer answers: 404 no such stop, 409 it already has a reason, 400 bad code. */
    public enum Kind {
      NO_SUCH_STOP,
      HAS_REASON,
      UNKNOWN_REASON
    }

    private final Kind kind;

    ClassificationException(Kind kind, String message) {
      super(message);
      this.kind = kind;
    }

    public Kind kind() {
      return kind;
    }
  }

  /**
   * Gives a reason to a stop the machine reported none for; the figures include it from then on. An
   * operator may correct a classification they or another made before.
   *
   * @throws ClassificationException for an unknown machine or stop, a stop that has the machine's
   *     own reason, or a code the machine's reason table does not have
   */
  public Stop.Classification classify(
      String machineId, long stopStart, int code, String user, String comment, long now) {
    Stop.Classification c;
    synchronized (this) {
      Followed f = machines.get(machineId);
      if (f == null) {
        throw new ClassificationException(
            ClassificationException.Kind.NO_SUCH_STOP,
            "no machine \"" + machineId + "\" with a state model");
      }
      String table = f.model.reasonTable();
      Optional<Reason> reason = reasons.find(table, code);
      if (reason.isEmpty()) {
        throw new ClassificationException(
            ClassificationException.Kind.UNKNOWN_REASON,
            "reason code "
                + code
                + " is not in the reason table \""
                + table
                + "\" of "
                + machineId);
      }
      Stop stop =
          stops(machineId, stopStart, stopStart + 1, now).stream()
              .findFirst()
              .orElseThrow(
                  () ->
                      new ClassificationException(
                          ClassificationException.Kind.NO_SUCH_STOP,
                          machineId + " has no stop that began at " + stopStart));
      if (!stop.unexplained()) {
        throw new ClassificationException(
            ClassificationException.Kind.HAS_REASON,
            "the machine gave this stop its own reason, "
                + stop.reason()
                + " ("
                + stop.reasonLabel()
                + "); only stops without one are classified by hand");
      }
      c =
          new Stop.Classification(
              code, reason.get().label(), user, comment == null ? "" : comment, now);
      archive.classify(machineId, stopStart, c);
      f.classified.put(stopStart, c);
    }
    return c;
  }

  /**
   * Writes every machine's unfinished segments to the archive as they stand, so that a crash loses
   * no more than the time since: finished versions replace them later.
   */
  public synchronized void checkpoint() {
    for (Followed f : machines.values()) {
      for (Segment s : f.tracker.unfinished(f.tracker.now())) {
        archive.append(f.definition.id(), s);
      }
    }
  }

  /** Finishes every machine's time at {@code now}: the role stops. */
  public synchronized void finish(long now) {
    for (Followed f : machines.values()) {
      f.tracker.finish(now);
    }
  }

  /** Late readings, counter resets and unmappable state values, summed over the machines. */
  public synchronized long[] problems() {
    long[] out = new long[5];
    for (Followed f : machines.values()) {
      out[0] += f.tracker.lateReadings();
      out[1] += f.tracker.counterResets();
      out[2] += f.tracker.unmappedStates();
      out[3] += f.tracker.productsCut();
      out[4] += f.tracker.reasonsRefused();
    }
    return out;
  }

  /** The followed machines, unmodifiable, in configuration order. */
  public synchronized List<String> machineIds() {
    return Collections.unmodifiableList(new ArrayList<>(machines.keySet()));
  }
}
