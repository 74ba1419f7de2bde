package io.millwright.alarms.engine;

import io.millwright.core.alarm.AlarmCondition;
import io.millwright.core.alarm.MessageTemplate;
import io.millwright.core.machine.MachineState;
import io.millwright.core.sample.Value;
import io.millwright.core.time.Durations;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One alarm at run time: its condition with the on/off delays, its place in the lifecycle ({@link
 * Lifecycle} for A to D, shelving, suppression and out-of-service over it), and the events it owes
 * the journal. Owned by the engine's thread.
 */
final class AlarmPoint {

  private static final long NONE = Long.MIN_VALUE;

  final AlarmSpec spec;
  final Watch watch;
  private final long onDelay;
  private final long offDelay;
  private final MessageTemplate template;
  private final Map<String, Value> shown;
  private final List<AlarmEvent> out;
  private final Set<AlarmPoint> timed;

  // The condition: raw is what the last sample said, present is raw after the delays.
  private boolean raw;
  private boolean present;
  private long deadline = NONE;
  private Value value;

  // The lifecycle: base is A to D; the overlays hide it.
  private AlarmState base = AlarmState.NORMAL;
  private long shelvedUntil;
  private boolean suppressed;
  private boolean outOfService;
  private long lastEvent = Long.MIN_VALUE;
  private long activatedAt;
  private String message = "";
  private String user = "";
  private String comment = "";

  /**
   * @param shown the latest values of the machine's tags that messages show
   * @param out where transitions go, in order
   * @param timed the alarms with a delay running or a shelving to expire, which the engine's tick
   *     visits (the others need no tick)
   */
  AlarmPoint(
      AlarmSpec spec,
      Watch watch,
      Map<String, Value> shown,
      List<AlarmEvent> out,
      Set<AlarmPoint> timed) {
    this.spec = spec;
    this.watch = watch;
    this.onDelay = spec.definition().onDelay().toMillis();
    this.offDelay = spec.definition().offDelay().toMillis();
    this.template = spec.definition().message().orElse(null);
    this.shown = shown;
    this.out = out;
    this.timed = timed;
  }

  /**
   * A sample of one of the alarm's inputs.
   *
   * @param t the sample's own time: what the transition is stamped with
   * @param now when it arrived, on this server's clock: what the delays run on
   */
  void sample(int input, long t, long now, Value v) {
    int verdict = watch.update(input, t, now, v, present);
    if (verdict == Watch.SAME) {
      due(now);
      return;
    }
    value = v;
    condition(verdict == Watch.PRESENT, t, now);
  }

  /**
   * The raw condition. A change starts the on- or off-delay, on this server's clock (a device clock
   * that runs behind or ahead must not shorten it); going back before it ends cancels it, so a
   * value that crosses the limit for less than the on-delay raises nothing. A change without a
   * delay is stamped with {@code t}, one after a delay with the time the delay ran out.
   */
  void condition(boolean now, long t, long clock) {
    due(clock);
    if (now == raw) {
      return;
    }
    raw = now;
    if (raw == present) {
      deadline = NONE;
      return;
    }
    long delay = raw ? onDelay : offDelay;
    if (delay == 0) {
      settle(t);
    } else {
      deadline = clock + delay;
      timed.add(this);
    }
  }

  /** Moves time on: a delay that has run out settles the condition, at the time it ran out. */
  void due(long now) {
    if (deadline != NONE && now >= deadline) {
      settle(deadline);
    }
    if (shelvedUntil != 0 && now >= shelvedUntil) {
      unshelve("", "shelving expired", shelvedUntil);
    }
  }

  /** When {@link #due} next has work, or {@code Long.MAX_VALUE}. */
  long nextDue() {
    long next = deadline == NONE ? Long.MAX_VALUE : deadline;
    return shelvedUntil == 0 ? next : Math.min(next, shelvedUntil);
  }

  private void settle(long t) {
    deadline = NONE;
    present = raw;
    if (hidden()) {
      return; // watched, not annunciated: on return the alarm is raised if still present
    }
    AlarmState next =
        Lifecycle.next(base, present ? Lifecycle.Input.CONDITION : Lifecycle.Input.RETURN);
    if (next != null) {
      base = next;
      if (present) {
        activatedAt = t;
      }
      message = render();
      user = "";
      comment = "";
      emit(present ? Transition.ACTIVATED : Transition.CLEARED, t);
    }
  }

  /**
   * @throws IllegalStateException saying why the alarm cannot be acknowledged
   */
  void acknowledge(String who, String note, long t) {
    if (hidden()) {
      throw new IllegalStateException(
          id() + " is " + state().wireName() + ", nothing to acknowledge");
    }
    AlarmState next = Lifecycle.next(base, Lifecycle.Input.ACK);
    if (next == null) {
      throw new IllegalStateException(
          id() + " is " + state().wireName() + ", nothing to acknowledge");
    }
    base = next;
    operator(who, note);
    emit(Transition.ACKNOWLEDGED, t);
  }

  /**
   * Shelves the alarm until {@code until}; shelving a shelved alarm again moves its expiry.
   *
   * @throws IllegalStateException when it is out of service or suppressed by design
   */
  void shelve(long until, String who, String note, long t) {
    if (outOfService || suppressed) {
      throw new IllegalStateException(
          id() + " is " + state().wireName() + "; only an alarm operators see can be shelved");
    }
    hide();
    shelvedUntil = until;
    timed.add(this);
    operator(who, note);
    emit(Transition.SHELVED, t);
  }

  /**
   * @throws IllegalStateException when it is not shelved
   */
  void unshelve(String who, String note, long t) {
    if (shelvedUntil == 0) {
      throw new IllegalStateException(id() + " is not shelved");
    }
    shelvedUntil = 0;
    operator(who, note);
    emit(Transition.UNSHELVED, t);
    reveal(t);
  }

  /** The machine entered or left a state the alarm is suppressed in. */
  void suppress(boolean on, long t) {
    if (on == suppressed) {
      return;
    }
    if (on) {
      hide();
    }
    suppressed = on;
    operator("", "");
    emit(on ? Transition.SUPPRESSED : Transition.UNSUPPRESSED, t);
    if (!on) {
      reveal(t);
    }
  }

  /**
   * @throws IllegalStateException when it already is (or is not) out of service
   */
  void outOfService(boolean on, String who, String note, long t) {
    if (on == outOfService) {
      throw new IllegalStateException(
          id() + (on ? " is already out of service" : " is not out of service"));
    }
    if (on) {
      hide();
    }
    outOfService = on;
    operator(who, note);
    emit(on ? Transition.REMOVED_FROM_SERVICE : Transition.RETURNED_TO_SERVICE, t);
    if (!on) {
      reveal(t);
    }
  }

  private void hide() {
    base = AlarmState.NORMAL;
  }

  /**
   * The last overlay ended: A, and the condition's on-delay starts again if it is present, as if it
   * had just appeared. A value a machine only holds while producing (assist gas, pressure) has its
   * on-delay to come up after a suppressing stop, rather than raising an alarm at every start.
   */
  private void reveal(long t) {
    if (!hidden() && present) {
      present = false;
      raw = false;
      condition(true, t, t);
    }
  }

  private void operator(String who, String note) {
    user = who == null ? "" : who;
    comment = note == null ? "" : note;
  }

  boolean hidden() {
    return outOfService || suppressed || shelvedUntil != 0;
  }

  AlarmState state() {
    if (outOfService) {
      return AlarmState.OUT_OF_SERVICE;
    }
    if (suppressed) {
      return AlarmState.SUPPRESSED;
    }
    return shelvedUntil != 0 ? AlarmState.SHELVED : base;
  }

  String id() {
    return spec.id();
  }

  private void emit(Transition transition, long t) {
    // Times never go back for one alarm, even when a sample arrives a little late.
    long at = Math.max(t, lastEvent);
    lastEvent = at;
    out.add(
        new AlarmEvent(
            0,
            at,
            spec.machine(),
            spec.name(),
            spec.area(),
            spec.line(),
            spec.priority(),
            spec.kind(),
            transition,
            state(),
            valueText(),
            message,
            user,
            comment));
  }

  private String valueText() {
    if (watch.showsCompared()) {
      return number(watch.compared()); // "?" before the first rate or score
    }
    return value == null ? "" : text(value);
  }

  private String render() {
    if (template == null) {
      return defaultMessage();
    }
    return template.render(
        word ->
            switch (word) {
              case "value" -> valueText();
              case "limit" -> number(watch.limit());
              case "machine" -> spec.machine();
              case "alarm" -> spec.name();
              case "tag" -> spec.definition().tag().orElse("");
              case "unit" -> spec.unit();
              case "priority" -> spec.priority().wireName();
              case "area" -> spec.area();
              default -> {
                Value v = shown.get(word);
                yield v == null ? "?" : text(v);
              }
            });
  }

  private String defaultMessage() {
    String tag = spec.definition().tag().orElse("");
    String unit = spec.unit().isEmpty() ? "" : " " + spec.unit();
    return switch (spec.definition().condition()) {
      case AlarmCondition.Limits l ->
          spec.machine()
              + " "
              + tag
              + " "
              + valueText()
              + unit
              + (present ? " beyond " : " back inside ")
              + spec.kind()
              + " limit "
              + number(watch.limit())
              + unit;
      case AlarmCondition.Digital d -> spec.machine() + " " + tag + " is " + valueText();
      case AlarmCondition.InState s ->
          spec.machine() + (present ? " is in " : " left ") + String.join(" or ", stateNames(s));
      case AlarmCondition.RateOfChange r ->
          spec.machine()
              + " "
              + tag
              + " changes "
              + valueText()
              + unit
              + "/min (limit "
              + number(r.perMinute())
              + ")";
      case AlarmCondition.Stale s ->
          spec.machine()
              + " "
              + tag
              + (present ? " has sent nothing for " : " reports again after ")
              + Durations.format(s.after());
      case AlarmCondition.CommsLost c ->
          spec.machine() + (present ? ": communication lost" : ": communication back");
      case AlarmCondition.Anomaly a ->
          spec.machine()
              + " "
              + (tag.isEmpty() ? spec.name() : tag)
              + (present ? " anomalous" : " normal again")
              + " (score "
              + valueText()
              + ", limit "
              + number(watch.limit())
              + ")";
    };
  }

  private static List<String> stateNames(AlarmCondition.InState s) {
    return s.states().stream().map(MachineState::wireName).sorted().toList();
  }

  static String text(Value v) {
    return switch (v) {
      case Value.Text t -> t.value();
      case Value.Bool b -> Boolean.toString(b.value());
      default -> number(v.asDouble());
    };
  }

  /** At most three decimals, no trailing zeros: 81.2, 530, 0.125. */
  static String number(double d) {
    if (Double.isNaN(d)) {
      return "?";
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    String s = String.format(Locale.ROOT, "%.3f", d);
    int end = s.length();
    while (s.charAt(end - 1) == '0') {
      end--;
    }
    return s.substring(0, s.charAt(end - 1) == '.' ? end - 1 : end);
  }

  /** What the journal keeps to bring the alarm back after a restart. */
  AlarmView view() {
    return new AlarmView(
        spec.machine(),
        spec.name(),
        spec.area(),
        spec.line(),
        spec.priority(),
        spec.kind(),
        spec.definition().tag().orElse(""),
        state(),
        base,
        present,
        lastEvent == Long.MIN_VALUE ? 0 : lastEvent,
        activatedAt,
        shelvedUntil,
        suppressed,
        outOfService,
        value == null ? "" : valueText(),
        message,
        user,
        comment);
  }

  /** Brings back what the journal kept: the condition is decided again by the next samples. */
  void restore(AlarmView v) {
    base = v.base();
    present = v.inAlarm();
    raw = present;
    shelvedUntil = v.shelvedUntilMillis();
    if (shelvedUntil != 0) {
      timed.add(this);
    }
    suppressed = v.suppressed();
    outOfService = v.outOfService();
    lastEvent = v.sinceMillis();
    activatedAt = v.activatedMillis();
    message = v.message();
    user = v.user();
    comment = v.comment();
  }
}
