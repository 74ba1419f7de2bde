package io.millwright.simulator.plant;

import io.millwright.core.alarm.AlarmDefinition;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.MachineState;
import io.millwright.core.machine.StateModel;
import io.millwright.core.sample.Value;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A machine that makes parts: the state machine (producing, idle, setup, planned and unplanned
 * stops, faults), the cycle and part counters, the current job, and the ground truth of it all.
 *
 * <p>Each step first books the state held during the step, then runs the cycle and the process
 * values, then decides the state for the next step. State changes therefore fall on step boundaries
 * and every millisecond belongs to exactly one state.
 */
final class ProductionMachine extends SimulatedMachine {

  /** How long a maintenance call stops the machine (planned maintenance, reason 400). */
  static final long MAINTENANCE_MILLIS = 10 * 60_000L;

  /** Repair of an overheated spindle includes a new bearing, hence the long stop. */
  private static final long OVERHEAT_REPAIR_MILLIS = 60 * 60_000L;

  private static final long MIN_IDLE_BEFORE_NEXT_ORDER = 2 * 60_000L;
  private static final long MAX_IDLE_BEFORE_NEXT_ORDER = 15 * 60_000L;
  private static final long NEVER = Long.MAX_VALUE;

  private final MachineSpec spec;
  private final int number;
  private final MachineProcess process;
  private final SplittableRandom rnd;
  private final TruthLedger truth;
  private final BreakSchedule breaks = new BreakSchedule();
  private boolean takesBreaks = true;

  private final int stateTag;
  private final int reasonTag;
  private final int cyclesTag;
  private final int goodTag;
  private final int scrapTag;
  private final int orderTag;
  private final int productTag;
  private final int targetTag;

  private MachineState state = MachineState.UNKNOWN;
  private ReasonCode reason;
  private long until = NEVER;
  private ReasonCode injectedFault;
  // An injected stop holds for its whole length, through a break too, so tests see it whenever
  // they run.
  private boolean injectedStop;

  private long cycleElapsed;
  private long cycleLength;
  private long cycles;
  private long good;
  private long scrap;
  private long jobGood;
  private String setUpFor;
  private boolean jobChanged;
  private boolean autoDispatch = true;
  private long nextOrderAt = NEVER;
  private int ordersDispatched;

  private ProductionMachine(
      MachineSpec spec,
      int number,
      TagTable.Builder declared,
      MachineProcess process,
      SplittableRandom rnd,
      LinkState link,
      long startMillis,
      int[] statusTags) {
    super(
        spec.id(),
        spec.name(),
        spec.area(),
        spec.line(),
        spec.protocol(),
        declared.build(),
        link,
        startMillis);
    this.spec = spec;
    this.number = number;
    this.process = process;
    this.rnd = rnd;
    this.truth = new TruthLedger(spec.id(), startMillis);
    stateTag = statusTags[0];
    reasonTag = statusTags[1];
    cyclesTag = statusTags[2];
    goodTag = statusTags[3];
    scrapTag = statusTags[4];
    orderTag = statusTags[5];
    productTag = statusTags[6];
    targetTag = statusTags[7];
    cycleLength = drawCycle();
    dispatchNextOrder();
    setUpFor = product();
    settle();
    process.step(tags, false, 0, rnd);
  }

  /** What it makes and how fast, for the ERP simulator's orders. */
  MachineProducts products() {
    return new MachineProducts(spec.id(), spec.products(), spec.idealCycleMillis());
  }

  /**
   * @param number the machine's place in the plant, 1 for the first; it numbers order ids
   * @param rnd the machine's own random stream
   * @param link its network link
   */
  static ProductionMachine create(
      MachineSpec spec, int number, SplittableRandom rnd, LinkState link, long startMillis) {
    TagTable.Builder t = TagTable.builder(spec.protocol());
    int[] status = {
      t.text("state", MachineState.UNKNOWN.wireName()),
      t.status("state/reason", DataType.INT16, ""),
      t.status("counts/cycles", DataType.UINT32, ""),
      t.status("counts/good", DataType.UINT32, ""),
      t.status("counts/scrap", DataType.UINT32, ""),
      t.writableText("job/order", ""),
      t.writableText("job/product", ""),
      t.setpoint("job/target", DataType.UINT32, "", 0, 4_294_967_295L, 0),
    };
    MachineProcess process = spec.process().apply(t);
    return new ProductionMachine(spec, number, t, process, rnd, link, startMillis, status);
  }

  /** The link, fault stops, and what the machine's kind of process calls for (DemoAlarms). */
  @Override
  public List<AlarmDefinition> alarms() {
    List<AlarmDefinition> out = new ArrayList<>(DemoAlarms.common());
    out.addAll(process.alarms());
    return out;
  }

  /**
   * The demo's state model: the machine names its own state and reason, counts cycles, good parts
   * and scrap, and its ideal cycle is the one of DEMO-PLANT.md for every product.
   */
  @Override
  public Optional<StateModel> stateModel() {
    return Optional.of(
        new StateModel(
            List.of(),
            Optional.of("state"),
            Map.of(),
            Optional.of("state/reason"),
            StateModel.DEFAULT_REASON_TABLE,
            Optional.of("counts/cycles"),
            Optional.of("counts/good"),
            Optional.of("counts/scrap"),
            Optional.of("job/product"),
            Duration.ofMillis(spec.idealCycleMillis()),
            Map.of(),
            StateModel.DEFAULT_MICRO_STOP));
  }

  @Override
  synchronized void step() {
    truth.spend(state, reason, Plant.STEP_MILLIS, link.up());
    boolean running = state == MachineState.PRODUCING;
    long finished = 0;
    if (running) {
      cycleElapsed += Plant.STEP_MILLIS;
      if (cycleElapsed >= cycleLength) {
        finished = cycleLength;
        cycleElapsed -= cycleLength;
        cycleLength = drawCycle();
      }
    }
    now += Plant.STEP_MILLIS;
    tags.stepDrifts();
    process.step(tags, running, (double) cycleElapsed / cycleLength, rnd);
    if (finished > 0) {
      countPart(process.cycleCompleted(tags, finished, rnd));
    }
    link.step(now);
    decide();
  }

  private void countPart(boolean isGood) {
    cycles++;
    if (isGood) {
      good++;
      jobGood++;
    } else {
      scrap++;
    }
    truth.part(isGood);
    tags.setLong(cyclesTag, cycles);
    tags.setLong(goodTag, good);
    tags.setLong(scrapTag, scrap);
  }

  /** Chooses the state for the next step. */
  private void decide() {
    if (injectedFault != null) {
      return;
    }
    if (state != MachineState.FAULT && process.overheated(tags)) {
      enter(ReasonCode.OVERHEATING, now + OVERHEAT_REPAIR_MILLIS);
      return;
    }
    switch (state) {
      case PRODUCING -> {
        if (onBreak() || jobChanged || !jobOpen()) {
          settle();
        } else {
          Disturbances.Stop stop = spec.disturbances().draw(rnd);
          if (stop != null) {
            enter(stop.reason(), now + stop.duration(rnd));
          }
        }
      }
      case IDLE -> {
        if (onBreak() || jobChanged) {
          settle();
        } else if (autoDispatch && now >= nextOrderAt) {
          dispatchNextOrder();
          settle();
        }
      }
      case UNPLANNED_STOP -> {
        // A break ends a waiting stop: the operators leave for it anyway.
        if ((!injectedStop && onBreak()) || now >= until) {
          settle();
        }
      }
      default -> {
        if (now >= until) {
          if (reason == ReasonCode.OVERHEATING) {
            // The repair is a full service: new bearing, and whatever else ran hot is put right.
            process.maintained();
            tags.resetDrifts();
          }
          settle();
        }
      }
    }
  }

  /** Goes to where the machine belongs when nothing stops it: break, changeover, work or idle. */
  private void settle() {
    jobChanged = false;
    if (onBreak()) {
      enter(ReasonCode.BREAK, breaks.end());
    } else if (jobOpen() && !product().equals(setUpFor)) {
      setUpFor = product();
      long span = spec.changeoverMaxMillis() - spec.changeoverMinMillis();
      long d = spec.changeoverMinMillis() + (long) (rnd.nextDouble() * span);
      enter(ReasonCode.CHANGEOVER, now + d - d % Plant.STEP_MILLIS);
    } else if (jobOpen()) {
      enter(null, NEVER);
    } else {
      if (state != MachineState.IDLE) {
        long span = MAX_IDLE_BEFORE_NEXT_ORDER - MIN_IDLE_BEFORE_NEXT_ORDER;
        nextOrderAt = now + MIN_IDLE_BEFORE_NEXT_ORDER + (long) (rnd.nextDouble() * span);
      }
      enter(ReasonCode.NO_ORDER, NEVER);
    }
  }

  /** Enters the state of {@code why}, producing when null, logging the change if there is one. */
  private void enter(ReasonCode why, long end) {
    MachineState next = why == null ? MachineState.PRODUCING : why.state();
    injectedStop = false;
    until = end;
    if (next == state && why == reason) {
      return;
    }
    truth.transition(new StateChange(now, state, code(reason), next, code(why)));
    state = next;
    reason = why;
    tags.setText(stateTag, next.wireName());
    tags.setLong(reasonTag, why == null ? ReasonCode.NONE : why.served());
  }

  private static int code(ReasonCode r) {
    return r == null ? ReasonCode.NONE : r.code();
  }

  private boolean jobOpen() {
    return !tags.getText(orderTag).isEmpty() && jobGood < tags.getLong(targetTag);
  }

  private String product() {
    return tags.getText(productTag);
  }

  @Override
  protected void written(int tag, Value value) {
    String before = tag == orderTag ? tags.getText(orderTag) : null;
    super.written(tag, value);
    if (tag == orderTag && !before.equals(tags.getText(orderTag))) {
      jobGood = 0; // a new order counts from zero towards its own target
    }
    if (tag == orderTag || tag == productTag || tag == targetTag) {
      jobChanged = true;
    }
  }

  /** Forgets the order the machine made up for itself; the jobs role sends the next one. */
  synchronized void dropOrder() {
    tags.setText(orderTag, "");
    tags.setText(productTag, "");
    tags.setLong(targetTag, 0);
    jobGood = 0;
    jobChanged = true;
  }

  /**
   * Makes up the next order, as a planner would: one of the machine's products, enough parts for
   * two to six hours.
   */
  private void dispatchNextOrder() {
    ordersDispatched++;
    String product = spec.products().get(rnd.nextInt(spec.products().size()));
    double hours = 2 + 4 * rnd.nextDouble();
    long target = Math.max(10, Math.round(hours * 3_600_000 / spec.idealCycleMillis() / 10) * 10);
    tags.setText(orderTag, String.format(Locale.ROOT, "PO-%02d%04d", number, ordersDispatched));
    tags.setText(productTag, product);
    tags.setLong(targetTag, target);
    jobGood = 0;
    jobChanged = true;
  }

  /** A cycle a little slower than ideal, as real cycles are: 0 to 8 % over. */
  private long drawCycle() {
    return Math.round(spec.idealCycleMillis() * (1 + 0.08 * rnd.nextDouble()));
  }

  // Injection, called by the plant.

  synchronized void injectFault(ReasonCode fault) {
    injectedFault = fault;
    enter(fault, NEVER);
  }

  synchronized void injectStop(ReasonCode stop, Duration length) {
    if (length.isNegative() || length.isZero()) {
      throw new IllegalArgumentException("a stop must last longer than 0");
    }
    if (injectedFault == null) {
      long d =
          Math.max(Plant.STEP_MILLIS, length.toMillis() - length.toMillis() % Plant.STEP_MILLIS);
      enter(stop, now + d);
      injectedStop = true;
    }
  }

  synchronized boolean clearFault() {
    if (injectedFault == null) {
      return false;
    }
    injectedFault = null;
    settle();
    return true;
  }

  /**
   * Services the machine: takes out injected drifts and wear, and stops it for planned maintenance,
   * unless an injected fault holds it (that one only clears on request).
   */
  @Override
  synchronized void maintenance() {
    tags.resetDrifts();
    process.maintained();
    if (injectedFault == null) {
      enter(ReasonCode.PLANNED_MAINTENANCE, now + MAINTENANCE_MILLIS);
    }
  }

  /** Works through the shift breaks from now on; a break under way ends. */
  synchronized void skipBreaks() {
    takesBreaks = false;
    if (reason == ReasonCode.BREAK) {
      settle();
    }
  }

  private boolean onBreak() {
    return takesBreaks && breaks.onBreak(now);
  }

  synchronized void autoDispatch(boolean on) {
    autoDispatch = on;
  }

  synchronized GroundTruth truth() {
    return truth.snapshot(now);
  }
}
