package io.millwright.app.alarms;

import io.millwright.alarms.engine.AlarmEvent;
import io.millwright.alarms.engine.AlarmSpec;
import io.millwright.alarms.engine.AlarmView;
import io.millwright.core.alarm.AlarmCondition;
import io.millwright.core.alarm.AnomalySpec;
import io.millwright.core.alarm.MessageTemplate;
import io.millwright.core.machine.MachineState;
import io.millwright.core.time.Durations;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of {@code /api/v1/alarms}: times ISO-8601, states by their wire names. */
final class AlarmsApi {

  private AlarmsApi() {}

  /** One alarm as it stands. */
  record Alarm(
      String id,
      String machine,
      String alarm,
      String area,
      String line,
      String priority,
      String kind,
      String tag,
      String state,
      boolean inAlarm,
      Instant since,
      Instant activated,
      Instant shelvedUntil,
      String value,
      String message,
      String user,
      String comment) {}

  /** One journal entry. */
  record Entry(
      long seq,
      Instant time,
      String id,
      String machine,
      String alarm,
      String area,
      String line,
      String priority,
      String kind,
      String transition,
      String state,
      String value,
      String message,
      String user,
      String comment) {}

  /** One alarm's definition. */
  record Definition(
      String id,
      String machine,
      String alarm,
      String area,
      String line,
      String priority,
      String kind,
      String tag,
      Map<String, Object> condition,
      double deadband,
      String onDelay,
      String offDelay,
      String message,
      List<String> suppressIn) {}

  /** The body of ack, unshelve, out-of-service and return-to-service. */
  record Note(String comment) {}

  /** The body of shelve: how long, as a duration ({@code 30m}, {@code 2h}), and why. */
  record Shelve(String duration, String comment) {}

  static Alarm alarm(AlarmView v) {
    return new Alarm(
        v.id(),
        v.machine(),
        v.alarm(),
        v.area(),
        v.line(),
        v.priority().wireName(),
        v.kind(),
        v.tag(),
        v.state().wireName(),
        v.inAlarm(),
        instant(v.sinceMillis()),
        instant(v.activatedMillis()),
        instant(v.shelvedUntilMillis()),
        v.value(),
        v.message(),
        v.user(),
        v.comment());
  }

  static Entry entry(AlarmEvent e) {
    return new Entry(
        e.seq(),
        Instant.ofEpochMilli(e.timeMillis()),
        e.id(),
        e.machine(),
        e.alarm(),
        e.area(),
        e.line(),
        e.priority().wireName(),
        e.kind(),
        e.transition().wireName(),
        e.state().wireName(),
        e.value(),
        e.message(),
        e.user(),
        e.comment());
  }

  static Definition definition(AlarmSpec s) {
    var d = s.definition();
    return new Definition(
        s.id(),
        s.machine(),
        s.name(),
        s.area(),
        s.line(),
        s.priority().wireName(),
        s.kind(),
        d.tag().orElse(null),
        condition(s),
        d.deadband(),
        Durations.format(d.onDelay()),
        Durations.format(d.offDelay()),
        d.message().map(MessageTemplate::text).orElse(null),
        d.suppressIn().stream().map(MachineState::wireName).sorted().toList());
  }

  private static Map<String, Object> condition(AlarmSpec s) {
    Map<String, Object> out = new LinkedHashMap<>();
    switch (s.definition().condition()) {
      case AlarmCondition.Limits l -> {
        AlarmCondition.Level level = s.point().level().orElseThrow();
        out.put(level.above() ? "above" : "below", level.limit());
      }
      case AlarmCondition.Digital d -> out.put("is", d.values());
      case AlarmCondition.InState st ->
          out.put("state", st.states().stream().map(MachineState::wireName).sorted().toList());
      case AlarmCondition.RateOfChange r -> {
        out.put("perMinute", r.perMinute());
        out.put("window", Durations.format(r.window()));
      }
      case AlarmCondition.Stale st -> out.put("after", Durations.format(st.after()));
      case AlarmCondition.CommsLost c -> out.put("commsLost", true);
      case AlarmCondition.Anomaly a -> {
        switch (a.spec()) {
          case AnomalySpec.Ewma e -> {
            out.put("method", "ewma");
            out.put("alpha", e.alpha());
            out.put("z", e.z());
            out.put("warmUp", e.warmUp());
          }
          case AnomalySpec.Seasonal se -> {
            out.put("method", "seasonal");
            out.put("period", Durations.format(se.period()));
            out.put("slots", se.slots());
            out.put("z", se.z());
            out.put("warmUp", se.warmUp());
          }
          case AnomalySpec.Model m -> {
            out.put("method", "model");
            out.put("model", m.model());
            out.put("inputs", m.inputs());
            out.put("window", m.window());
            out.put("step", Durations.format(m.step()));
            out.put("threshold", m.threshold());
          }
        }
      }
    }
    return out;
  }

  private static Instant instant(long millis) {
    return millis == 0 ? null : Instant.ofEpochMilli(millis);
  }
}
