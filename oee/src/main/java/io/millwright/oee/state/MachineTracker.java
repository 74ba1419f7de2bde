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
  private long totalParts;
  private boolean startup;
  private long stopStart;
  private boolean stopHadSetup;

  private long lastTotal = -1;
  private long lastGood = -1;
  private long lastScrap = -1;

  private long startupUntil = Long.MAX_VALUE;
  private long stateSince;
  private long reasonSince;
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
    // A death can carry an old time (an edge node's will is stamped when it connected): the
    // machine is unreachable from now on at the latest.
    at = started ? Math.max(at, now) : at;
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
    totalParts += total;
    good += g;
    scrap += s;
  }

  /**
   * The segment's good and scrap parts. Two of the three counters give the third, settled over the
   * whole segment: a PLC may move total and good in different scans, so one message can carry the
   * total and the next the good count.
   */
  private long[] parts() {
    boolean hasGood = goodTag != null;
    boolean hasScrap = scrapTag != null;
    if (hasGood && hasScrap) {
      return new long[] {good, scrap};
    }
    if (hasGood) {
      return new long[] {good, Math.max(0, totalParts - good)};
    }
    if (hasScrap) {
      return new long[] {Math.max(0, totalParts - scrap), scrap};
    }
    return new long[] {totalParts, 0}; // no quality signal: every part counts as good
  }

  /** Cuts at every boundary up to {@code to}: shift edges, start-up ends, rules that expire. */
  private void advance(long to) {
    if (!started) {
      started = true;
      now = to;
      openStart = to;
      stateSince = to;
      reasonSince = to;
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
        if (shiftEdgeIsCut) {
          cut(next);
        }
        shiftEdge = nextShiftEdge(next);
      }
      if (next == startupUntil) {
        if (startup) {
          cut(next);
        }
        startup = false;
        startupUntil = Long.MAX_VALUE;
      }
      if (next == deadline) {
        decide(next);
      }
    }
    now = to;
  }

  /**
   * The next shift start or end after {@code after}. A weekend or a run of holidays can leave days
   * without shifts; then the search resumes from the end of the window looked at, which is not a
   * cut.
   */
  private long nextShiftEdge(long after) {
    long edge = Long.MAX_VALUE;
    for (ShiftInstance s : calendar.shifts(after, after + SHIFT_LOOK_AHEAD)) {
      if (s.startMillis() > after) {
        edge = Math.min(edge, s.startMillis());
      }
      if (s.endMillis() > after) {
        edge = Math.min(edge, s.endMillis());
      }
    }
    shiftEdgeIsCut = edge != Long.MAX_VALUE;
    return shiftEdgeIsCut ? edge : after + SHIFT_LOOK_AHEAD;
  }

  private static final long SHIFT_LOOK_AHEAD = 2 * 86_400_000L;
  private boolean shiftEdgeIsCut;

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
      // The start-up window runs from the end of a changeover for its whole length: a micro-stop
      // inside it pauses production, not the window.
      if (wasStop && stopHadSetup) {
        startupUntil = at + STARTUP_WINDOW_MILLIS;
      }
      startup = startupUntil != Long.MAX_VALUE && at < startupUntil;
    } else if (next != MachineState.PRODUCING) {
      startup = false;
    }
    if (!isStop) {
      stopStart = 0;
    }
    if (next != state) {
      stateSince = at;
    }
    if (next != state || nextReason != reason) {
      reasonSince = at;
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
    if (v == null) {
      return 0;
    }
    double code = v.asDouble();
    if (!(code >= 0 && code <= MAX_REASON) || code != Math.rint(code)) {
      // Not a reason code (text, a fraction, out of range): the stop counts as unexplained.
      reasonsRefused++;
      return 0;
    }
    return (int) code;
  }

  private String productValue() {
    if (model.productTag().isEmpty()) {
      return "";
    }
    Value v = decider.value(model.productTag().get());
    if (v == null) {
      return product;
    }
    String text = v.toString();
    if (text.length() > MAX_PRODUCT) {
      // A product code is short; a longer value is a wrong tag or garbage, kept cut and counted.
      productsCut++;
      return text.substring(0, MAX_PRODUCT);
    }
    return text;
  }

  /** The longest product name kept, as the archive stores it. */
  public static final int MAX_PRODUCT = 256;

  private long productsCut;
  private long reasonsRefused;

  /** The highest reason code accepted. */
  static final int MAX_REASON = 999_999;

  /** Reason values that were no reason code. */
  public long reasonsRefused() {
    return reasonsRefused;
  }

  /** Product values longer than {@link #MAX_PRODUCT} that were cut. */
  public long productsCut() {
    return productsCut;
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
      totalParts = 0;
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
    long[] parts = parts();
    return new Segment(
        openStart,
        end,
        state,
        reason,
        product,
        parts[0],
        parts[1],
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
   * Ends the machine's time at {@code at} (the role stops): the open segment and a stop still going
   * are finished there, and what follows is unknown until the next reading.
   */
  public void finish(long at) {
    if (!started) {
      return;
    }
    at = Math.max(at, now);
    advance(at);
    decider.clear();
    decide(at);
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

  /** Since when the machine is in its state; -1 before its first reading. */
  public long since() {
    return started ? stateSince : -1;
  }

  /** Since when the machine reports its reason; -1 before its first reading. */
  public long reasonSince() {
    return started ? reasonSince : -1;
  }

  /** Whether a reading has come yet. */
  public boolean started() {
    return started;
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
