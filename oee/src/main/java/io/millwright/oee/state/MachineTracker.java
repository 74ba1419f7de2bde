package io.millwright.oee.state;

import io.millwright.core.machine.MachineState;
import io.millwright.core.machine.StateModel;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.oee.calendar.ShiftCalendar;
import io.millwright.oee.calendar.ShiftInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Follows one machine through time: turns its readings into segments of state, reason and product
 * with the parts counted in each. Readings must come in time order; older ones are counted as late
 * and left out, because the segments before them are already cut.
 *
 * <p>While the machine is unreachable (its connector lost it, or a tag the decision needs is Bad)
 * its state is {@link MachineState#UNKNOWN}; counters start again from their first value after the
 * gap, so parts made while nobody could see them are not credited to any state.
 *
 * <p>A stop's segments are held back until the stop ends, because whether it was a micro-stop
 * depends on its whole length. Not thread-safe: the engine owns each tracker.
 */
public final class MachineTracker {

  /** Scrap within this time after a changeover counts as start-up loss (reduced yield). */
  public static final long STARTUP_WINDOW_MILLIS = 10 * 60_000L;

  private final String machineId;
  private final StateModel model;
  private final ShiftCalendar calendar;
  private final Consumer<Segment> sink;
  private final StateDecider decider;
  private final List<Segment> stopSegments = new ArrayList<>();
  private final String totalTag;
  private final String goodTag;
  private final String scrapTag;

  private long now = Long.MIN_VALUE;
  private boolean started;
  private long openStart;
  private MachineState state = MachineState.UNKNOWN;
  private int reason;
  private String product = "";
  private long good;
  private long scrap;
  private boolean startup;
  private long stopStart;
  private boolean stopHadSetup;

  private long lastTotal = -1;
  private long lastGood = -1;
  private long lastScrap = -1;

  private long startupUntil = Long.MAX_VALUE;
  private long shiftEdge = Long.MIN_VALUE;

  private long lateReadings;
  private long counterResets;
  private long unmappedStates;

  /**
   * @param sink receives every finished segment, in time order
   */
  public MachineTracker(
      String machineId, StateModel model, ShiftCalendar calendar, Consumer<Segment> sink) {
    this.machineId = machineId;
    this.model = model;
    this.calendar = calendar;
    this.sink = sink;
    this.decider = new StateDecider(model);
    this.totalTag = model.totalTag().orElse(null);
    this.goodTag = model.goodTag().orElse(null);
    this.scrapTag = model.scrapTag().orElse(null);
  }

  public String machineId() {
    return machineId;
  }

  public StateModel model() {
    return model;
  }

  /**
   * Applies readings that all carry the time {@code at} (one message of the machine), then decides
   * the state.
   *
   * @return false when they were older than what the tracker has already cut (counted as late)
   */
  public boolean accept(long at, List<Reading> readings) {
    if (started && at < now) {
      lateReadings += readings.size();
      return false;
    }
    // Parts counted at this time were made before it: they go into the segment that ends here,
    // so a boundary falling exactly at this time is cut after they are booked. The first reading
    // starts the machine's time at its own time: nothing was seen before it.
    advance(started ? at - 1 : at);
    for (Reading r : readings) {
      apply(r.tag(), r.sample());
    }
    bookParts();
    advance(at);
    decide(at);
    return true;
  }

  /** The machine cannot be reached from {@code at}: every value is forgotten. */
  public void offline(long at) {
    if (started && at < now) {
      return;
    }
    advance(at);
    decider.clear();
    decide(at);
  }

  /** Moves time on without new data: shift boundaries, start-up windows, and rules that expire. */
  public void tick(long at) {
    if (started && at > now) {
      advance(at);
    }
  }

  private void apply(String tag, Sample sample) {
    boolean isGood = sample.quality().isGood();
    if (isGood) {
      decider.update(tag, sample.value(), sample.timestamp());
    } else {
      decider.clear(tag);
    }
    Value value = isGood ? sample.value() : null;
    if (tag.equals(totalTag)) {
      lastTotal = count(lastTotal, value, 0);
    } else if (tag.equals(goodTag)) {
      lastGood = count(lastGood, value, 1);
    } else if (tag.equals(scrapTag)) {
      lastScrap = count(lastScrap, value, 2);
    }
  }

  /**
   * Above 2^53 a double no longer holds every whole number, and a count near 2^63 would overflow
   * the sums of parts: no real counter gets there, so such a value is nonsense.
   */
  private static final double MAX_COUNT = 0x1p53;

  // Counter increases of the message being applied: total, good, scrap.
  private final long[] deltas = new long[3];

  /**
   * Notes a counter's increase and returns the new baseline. A counter that goes down was reset by
   * the machine; what it shows after the reset is what it made since.
   */
  private long count(long last, Value value, int which) {
    if (value == null
        || !Double.isFinite(value.asDouble())
        || value.asDouble() < 0
        || value.asDouble() > MAX_COUNT) {
      return -1; // Bad or nonsense: the next good value is a new baseline
    }
    long v = (long) value.asDouble();
    if (last < 0 || state == MachineState.UNKNOWN) {
      return v; // a first value, or one after a gap, is only a baseline
    }
    long delta = v - last;
    if (delta < 0) {
      counterResets++;
      delta = v;
    }
    deltas[which] += delta;
    return v;
  }

  /**
   * Books the message's parts into the open segment. Two of the three counters give the third;
   * connectors read a machine's counters in one pass, so they arrive in one message.
   */
  private void bookParts() {
    long total = deltas[0];
    long g = deltas[1];
    long s = deltas[2];
    deltas[0] = deltas[1] = deltas[2] = 0;
    boolean hasGood = model.goodTag().isPresent();
    boolean hasScrap = model.scrapTag().isPresent();
    if (hasGood && hasScrap) {
      good += g;
      scrap += s;
    } else if (hasGood) {
      good += g;
      scrap += Math.max(0, total - g);
    } else if (hasScrap) {
      scrap += s;
      good += Math.max(0, total - s);
    } else {
      good += total; // no quality signal: every part counts as good
    }
  }

  /** Cuts at every boundary up to {@code to}: shift edges, start-up ends, rules that expire. */
  private void advance(long to) {
    if (!started) {
      started = true;
      now = to;
      openStart = to;
      shiftEdge = nextShiftEdge(to);
      return;
    }
    while (true) {
      long deadline = decider.deadline(now);
      long next = Math.min(Math.min(shiftEdge, startupUntil), deadline);
      if (next > to) {
        break;
      }
      now = next;
      if (next == shiftEdge) {
        cut(next);
        shiftEdge = nextShiftEdge(next);
      }
      if (next == startupUntil) {
        cut(next);
        startup = false;
        startupUntil = Long.MAX_VALUE;
      }
      if (next == deadline) {
        decide(next);
      }
    }
    now = to;
  }

  private long nextShiftEdge(long after) {
    long edge = Long.MAX_VALUE;
    for (ShiftInstance s : calendar.shifts(after, after + 2 * 86_400_000L)) {
      if (s.startMillis() > after) {
        edge = Math.min(edge, s.startMillis());
      }
      if (s.endMillis() > after) {
        edge = Math.min(edge, s.endMillis());
      }
    }
    return edge;
  }

  /** Decides the state at {@code at} and starts a new segment if state, reason or product moved. */
  private void decide(long at) {
    MachineState next = decider.decide(at);
    if (next == MachineState.UNKNOWN) {
      if (decider.unmappedStateValue()) {
        unmappedStates++;
      }
      lastTotal = lastGood = lastScrap = -1;
    }
    int nextReason = next == MachineState.PRODUCING ? 0 : reasonValue();
    String nextProduct = productValue();
    if (next == state && nextReason == reason && nextProduct.equals(product)) {
      return;
    }
    close(at, next);
    boolean wasStop = Segment.isStop(state);
    boolean isStop = Segment.isStop(next);
    if (isStop && !wasStop) {
      stopStart = at;
      stopHadSetup = false;
    }
    if (next == MachineState.SETUP) {
      stopHadSetup = true;
    }
    if (next == MachineState.PRODUCING && state != MachineState.PRODUCING) {
      startup = wasStop && stopHadSetup;
      startupUntil = startup ? at + STARTUP_WINDOW_MILLIS : Long.MAX_VALUE;
    } else if (next != MachineState.PRODUCING) {
      startup = false;
      startupUntil = Long.MAX_VALUE;
    }
    if (!isStop) {
      stopStart = 0;
    }
    state = next;
    reason = nextReason;
    product = nextProduct;
    openStart = at;
  }

  private int reasonValue() {
    if (model.reasonTag().isEmpty()) {
      return 0;
    }
    Value v = decider.value(model.reasonTag().get());
    if (v == null || !Double.isFinite(v.asDouble())) {
      return 0;
    }
    return (int) v.asDouble();
  }

  private String productValue() {
    if (model.productTag().isEmpty()) {
      return "";
    }
    Value v = decider.value(model.productTag().get());
    return v == null ? product : v.toString();
  }

  /** Ends the open segment at {@code at}, the next one keeping state, reason and product. */
  private void cut(long at) {
    if (at > openStart) {
      close(at, state);
      openStart = at;
    }
  }

  /** Finishes the open segment; a stop's segments wait until the stop ends. */
  private void close(long at, MachineState next) {
    if (at > openStart) {
      Segment s = segment(at);
      good = 0;
      scrap = 0;
      if (Segment.isStop(state)) {
        stopSegments.add(s);
      } else {
        sink.accept(s);
      }
    }
    if (!Segment.isStop(next) && !stopSegments.isEmpty()) {
      long length = at - stopStart;
      for (Segment s : stopSegments) {
        sink.accept(s.withStopLength(length));
      }
      stopSegments.clear();
    }
  }

  private Segment segment(long end) {
    boolean stop = Segment.isStop(state);
    return new Segment(
        openStart,
        end,
        state,
        reason,
        product,
        good,
        scrap,
        idealCycleMillis(),
        startup,
        stop ? stopStart : 0,
        0);
  }

  private long idealCycleMillis() {
    Duration ideal = model.idealCycleFor(product.isEmpty() ? null : product);
    return ideal == null ? 0 : ideal.toMillis();
  }

  /**
   * The segments not yet finished, as they stand at {@code at}: the held-back segments of a stop
   * still going and the open segment, with the stop's length so far.
   */
  public List<Segment> unfinished(long at) {
    long end = Math.max(at, openStart);
    List<Segment> out = new ArrayList<>(stopSegments.size() + 1);
    boolean stop = Segment.isStop(state);
    long stopLength = stop ? end - stopStart : 0;
    for (Segment s : stopSegments) {
      out.add(s.withStopLength(stopLength));
    }
    if (started && end > openStart) {
      out.add(segment(end).withStopLength(stopLength));
    }
    return out;
  }

  public MachineState state() {
    return state;
  }

  public int reason() {
    return reason;
  }

  public String product() {
    return product;
  }

  /** Since when the machine is in its state. */
  public long since() {
    return stop() ? stopStart : openStart;
  }

  private boolean stop() {
    return Segment.isStop(state);
  }

  /** The time the tracker has reached. */
  public long now() {
    return now;
  }

  public long lateReadings() {
    return lateReadings;
  }

  public long counterResets() {
    return counterResets;
  }

  /** Decisions that found a state value the model cannot map. */
  public long unmappedStates() {
    return unmappedStates;
  }
}
