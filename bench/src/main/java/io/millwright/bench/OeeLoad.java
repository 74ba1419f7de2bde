package io.millwright.bench;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.MachineState;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.StateModel;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.oee.calendar.Shift;
import io.millwright.oee.calendar.ShiftBreak;
import io.millwright.oee.calendar.ShiftCalendar;
import io.millwright.oee.calendar.ShiftInstance;
import io.millwright.oee.calendar.Window;
import io.millwright.oee.state.Reading;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The synthetic plant of the OEE benchmark: 1,000 machines on 50 lines of 20, three shifts a day,
 * and each machine's messages reported by exception as a Sparkplug edge node would send them: the
 * counters when a part is done, state and reason when the machine stops or starts again, the
 * product with a changeover. Seeded, so every run feeds the same history.
 */
final class OeeLoad {

  static final ZoneId ZONE = ZoneId.of("Europe/Rome");
  static final int LINES = 50;
  static final int MACHINES_PER_LINE = 20;
  static final int LINES_PER_AREA = 10;
  static final Duration IDEAL_CYCLE = Duration.ofSeconds(30);
  static final Duration MICRO_STOP = Duration.ofSeconds(30);

  static final String STATE = "state";
  static final String REASON = "state/reason";
  static final String CYCLES = "counts/cycles";
  static final String GOOD = "counts/good";
  static final String SCRAP = "counts/scrap";
  static final String PRODUCT = "job/product";

  private static final long SECOND = 1000;
  private static final long MINUTE = 60 * SECOND;
  private static final long HOUR = 60 * MINUTE;

  // A cycle takes 30-35 s against the ideal 30 s: the usual few percent of speed loss.
  private static final long CYCLE_MIN = 30 * SECOND;
  private static final long CYCLE_MAX = 35 * SECOND;
  private static final double SCRAP_RATE = 0.02;
  // Right after a changeover the first parts are set-up parts: more of them are scrap.
  private static final double STARTUP_SCRAP_RATE = 0.08;
  private static final long STARTUP = 10 * MINUTE;
  // Short stops (starved, blocked, a jam cleared at once): a few an hour, 5-25 s each.
  private static final double MICRO_STOPS_PER_HOUR = 4;
  // Longer stops (faults, no material, no operator, changeovers): three a shift, 5-60 min each.
  private static final double LONG_STOPS_PER_HOUR = 3.0 / 8;
  // Operators stop up to a minute before the break and start again up to two minutes after it.
  private static final long BREAK_EARLY = MINUTE;
  private static final long BREAK_LATE = 2 * MINUTE;

  private static final List<String> PRODUCTS =
      List.of(
          "bracket-a",
          "bracket-b",
          "hinge-40",
          "hinge-60",
          "flange-dn50",
          "flange-dn80",
          "housing-s",
          "housing-l");
  private static final List<Value> PRODUCT_VALUES =
      PRODUCTS.stream().map(p -> (Value) Value.of(p)).toList();

  /** The longer stops a machine reports: state, reason code, relative weight. */
  private record StopKind(MachineState state, int reason, int weight) {}

  private static final List<StopKind> LONG_STOPS =
      List.of(
          new StopKind(MachineState.FAULT, 500, 20), // mechanical fault
          new StopKind(MachineState.FAULT, 510, 10), // hydraulic fault
          new StopKind(MachineState.UNPLANNED_STOP, 110, 20), // material shortage
          new StopKind(MachineState.UNPLANNED_STOP, 120, 15), // no operator
          new StopKind(MachineState.SETUP, 200, 35)); // changeover to another product

  private static final int LONG_STOP_WEIGHTS = LONG_STOPS.stream().mapToInt(StopKind::weight).sum();

  private static final Value PRODUCING = state(MachineState.PRODUCING);
  private static final Value IDLE = state(MachineState.IDLE);
  private static final Value PLANNED_STOP = state(MachineState.PLANNED_STOP);
  private static final Value NO_REASON = Value.of(0L);
  private static final Value BREAK = Value.of(410L);
  private static final Value STARVED = Value.of(600L);
  private static final Value BLOCKED = Value.of(610L);

  private static Value state(MachineState s) {
    return Value.of(s.wireName());
  }

  /** One message of one machine: readings that share a time. */
  record Message(int machine, long at, List<Reading> readings) {}

  private final List<Run> runs = new ArrayList<>();
  private final List<Window> breaks;

  /**
   * @param from when the machines come online (each a few seconds apart)
   * @param to a bound past the last message that will be asked for
   */
  OeeLoad(int machines, ShiftCalendar calendar, long from, long to, long seed) {
    List<Window> all = new ArrayList<>();
    for (ShiftInstance s : calendar.shifts(from, to)) {
      all.addAll(s.breaks());
    }
    this.breaks = List.copyOf(all);
    SplittableRandom seeds = new SplittableRandom(seed);
    for (int i = 0; i < machines; i++) {
      runs.add(new Run(i, seeds.split(), from + seeds.nextLong(10 * SECOND)));
    }
  }

  /** The site: m-0001 to m-1000, 20 to a line, 10 lines to an area. */
  static List<MachineDefinition> machines() {
    List<MachineDefinition> out = new ArrayList<>();
    List<Tag> tags =
        List.of(
            Tag.of(STATE, "input:0:8", DataType.STRING),
            Tag.of(REASON, "input:8", DataType.INT16),
            Tag.of(CYCLES, "input:9", DataType.UINT32),
            Tag.of(GOOD, "input:11", DataType.UINT32),
            Tag.of(SCRAP, "input:13", DataType.UINT32),
            Tag.of(PRODUCT, "holding:8:8", DataType.STRING));
    StateModel model =
        new StateModel(
            List.of(),
            Optional.of(STATE),
            Map.of(),
            Optional.of(REASON),
            StateModel.DEFAULT_REASON_TABLE,
            Optional.of(CYCLES),
            Optional.of(GOOD),
            Optional.of(SCRAP),
            Optional.of(PRODUCT),
            IDEAL_CYCLE,
            Map.of(),
            MICRO_STOP);
    for (int line = 0; line < LINES; line++) {
      for (int k = 0; k < MACHINES_PER_LINE; k++) {
        int n = line * MACHINES_PER_LINE + k + 1;
        out.add(
            new MachineDefinition(
                    String.format("m-%04d", n),
                    null,
                    String.format("area-%02d", line / LINES_PER_AREA + 1),
                    String.format("line-%02d", line + 1),
                    Protocol.MODBUS,
                    "tcp://127.0.0.1:502",
                    Map.of(),
                    null,
                    tags)
                .withStates(model));
      }
    }
    return out;
  }

  /** Three shifts round the clock, each with a 30 min break in its middle. */
  static ShiftCalendar calendar() {
    Duration half = Duration.ofMinutes(30);
    return new ShiftCalendar(
        ZONE,
        List.of(
            new Shift(
                "early",
                LocalTime.of(6, 0),
                LocalTime.of(14, 0),
                List.of(new ShiftBreak(LocalTime.of(10, 0), half))),
            new Shift(
                "late",
                LocalTime.of(14, 0),
                LocalTime.of(22, 0),
                List.of(new ShiftBreak(LocalTime.of(18, 0), half))),
            new Shift(
                "night",
                LocalTime.of(22, 0),
                LocalTime.of(6, 0),
                List.of(new ShiftBreak(LocalTime.of(2, 0), half)))),
        List.of(),
        Set.of());
  }

  /**
   * Every machine's messages up to {@code until} (exclusive), in time order; machines in id order
   * within a millisecond.
   */
  List<Message> next(long until) {
    List<Message> out = new ArrayList<>();
    for (Run r : runs) {
      r.emit(until, out);
    }
    out.sort(Comparator.comparingLong(Message::at));
    return out;
  }

  private enum Mode {
    OFFLINE,
    PRODUCING,
    STOPPED,
    BREAK
  }

  /** One machine going through its days. */
  private final class Run {
    final int index;
    final SplittableRandom random;
    Mode mode = Mode.OFFLINE;
    long online;
    long cycles;
    long good;
    long scrap;
    int product;
    long startupUntil;
    long nextPart;
    long nextMicro;
    long nextLong;
    long stopEnd;
    int nextBreak;
    long breakGo;
    long breakBack;

    Run(int index, SplittableRandom random, long online) {
      this.index = index;
      this.random = random;
      this.online = online;
      this.product = random.nextInt(PRODUCTS.size());
      // Counters keep what the machine made before the benchmark's history begins.
      this.good = random.nextLong(1_000_000);
      this.scrap = good / 50;
      this.cycles = good + scrap;
      while (nextBreak < breaks.size() && breaks.get(nextBreak).startMillis() <= online) {
        nextBreak++;
      }
      planBreak();
    }

    private void planBreak() {
      if (nextBreak < breaks.size()) {
        Window b = breaks.get(nextBreak);
        breakGo = b.startMillis() - random.nextLong(BREAK_EARLY);
        breakBack = b.endMillis() + random.nextLong(BREAK_LATE);
      } else {
        breakGo = breakBack = Long.MAX_VALUE;
      }
    }

    private long nextEvent() {
      return switch (mode) {
        case OFFLINE -> online;
        case PRODUCING -> Math.min(Math.min(nextPart, breakGo), Math.min(nextMicro, nextLong));
        case STOPPED -> Math.min(stopEnd, breakGo);
        case BREAK -> breakBack;
      };
    }

    void emit(long until, List<Message> out) {
      for (long t = nextEvent(); t < until; t = nextEvent()) {
        out.add(new Message(index, t, step(t)));
      }
    }

    /** Does what happens at {@code t} and returns what the machine reports of it. */
    private List<Reading> step(long t) {
      if (mode == Mode.OFFLINE) {
        // The birth: every tag once.
        produce(t);
        return List.of(
            reading(STATE, t, PRODUCING),
            reading(REASON, t, NO_REASON),
            reading(CYCLES, t, Value.of(cycles)),
            reading(GOOD, t, Value.of(good)),
            reading(SCRAP, t, Value.of(scrap)),
            reading(PRODUCT, t, PRODUCT_VALUES.get(product)));
      }
      if (mode == Mode.BREAK) {
        nextBreak++;
        planBreak();
        produce(t);
        return List.of(reading(STATE, t, PRODUCING), reading(REASON, t, NO_REASON));
      }
      if (t == breakGo) {
        // A stop still going when the break begins is left for the break; it is over after it.
        mode = Mode.BREAK;
        return List.of(reading(STATE, t, PLANNED_STOP), reading(REASON, t, BREAK));
      }
      if (mode == Mode.STOPPED) {
        produce(t);
        return List.of(reading(STATE, t, PRODUCING), reading(REASON, t, NO_REASON));
      }
      if (t == nextPart) {
        nextPart = t + random.nextLong(CYCLE_MIN, CYCLE_MAX + 1);
        cycles++;
        double rate = t < startupUntil ? STARTUP_SCRAP_RATE : SCRAP_RATE;
        if (random.nextDouble() < rate) {
          scrap++;
          return List.of(reading(CYCLES, t, Value.of(cycles)), reading(SCRAP, t, Value.of(scrap)));
        }
        good++;
        return List.of(reading(CYCLES, t, Value.of(cycles)), reading(GOOD, t, Value.of(good)));
      }
      mode = Mode.STOPPED;
      if (t == nextMicro) {
        stopEnd = t + random.nextLong(5 * SECOND, 25 * SECOND + 1);
        return List.of(
            reading(STATE, t, IDLE), reading(REASON, t, random.nextBoolean() ? STARVED : BLOCKED));
      }
      // A longer stop, 5 to 60 min, shorter ones more often (log-uniform).
      stopEnd = t + Math.round(5 * MINUTE * Math.exp(random.nextDouble() * Math.log(12)));
      StopKind kind = longStopKind();
      List<Reading> readings = new ArrayList<>(3);
      readings.add(reading(STATE, t, state(kind.state())));
      readings.add(reading(REASON, t, Value.of((long) kind.reason())));
      if (kind.state() == MachineState.SETUP) {
        product = (product + 1 + random.nextInt(PRODUCTS.size() - 1)) % PRODUCTS.size();
        readings.add(reading(PRODUCT, t, PRODUCT_VALUES.get(product)));
        startupUntil = stopEnd + STARTUP;
      }
      return readings;
    }

    private StopKind longStopKind() {
      int pick = random.nextInt(LONG_STOP_WEIGHTS);
      for (StopKind k : LONG_STOPS) {
        pick -= k.weight();
        if (pick < 0) {
          return k;
        }
      }
      return LONG_STOPS.getLast();
    }

    /** Production starts at {@code t}: the next part, and when the next stops come. */
    private void produce(long t) {
      mode = Mode.PRODUCING;
      nextPart = t + random.nextLong(CYCLE_MIN, CYCLE_MAX + 1);
      nextMicro = t + exponential(MICRO_STOPS_PER_HOUR);
      nextLong = t + exponential(LONG_STOPS_PER_HOUR);
    }

    private long exponential(double perHour) {
      return 1 + Math.round(-Math.log(1 - random.nextDouble()) / perHour * HOUR);
    }

    private Reading reading(String tag, long t, Value value) {
      return new Reading(tag, Sample.good(t, value));
    }
  }
}
