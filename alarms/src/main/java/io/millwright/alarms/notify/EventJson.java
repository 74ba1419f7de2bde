package io.millwright.alarms.notify;

import io.millwright.alarms.engine.AlarmEvent;
import io.millwright.uns.json.JsonStrings;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The one JSON shape of an alarm event, shared by webhooks and the namespace's alarm topics:
 *
 * <pre>{@code
 * {"seq":12,"time":"2026-11-23T10:15:30.123Z","id":"cnc-02/spindle-bearing-temperature-high",
 *  "machine":"cnc-02","alarm":"spindle-bearing-temperature-high","area":"machining","line":"line-1",
 *  "priority":"high","kind":"high","transition":"activated","state":"active-unacknowledged",
 *  "value":"81.2","message":"...","user":"","comment":""}
 * }</pre>
 *
 * Written by hand because the alarms module carries no JSON library and the shape is fixed.
 */
public final class EventJson {

  // Always three fraction digits, so receivers can parse the time with one fixed pattern.
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private EventJson() {}

  /** One event as a JSON object. */
  public static String json(AlarmEvent e) {
    StringBuilder out = new StringBuilder(384);
    append(out, e);
    return out.toString();
  }

  /** Events as {@code {"events":[...]}}, in the list's order. */
  public static String json(List<AlarmEvent> events) {
    StringBuilder out = new StringBuilder(32 + 384 * events.size());
    out.append("{\"events\":[");
    for (int i = 0; i < events.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      append(out, events.get(i));
    }
    return out.append("]}").toString();
  }

  /** The event's time as in the JSON: ISO-8601 UTC with milliseconds. */
  public static String time(long timeMillis) {
    return TIME.format(Instant.ofEpochMilli(timeMillis));
  }

  private static void append(StringBuilder out, AlarmEvent e) {
    out.append("{\"seq\":").append(e.seq());
    field(out, "time", time(e.timeMillis()));
    field(out, "id", e.id());
    field(out, "machine", e.machine());
    field(out, "alarm", e.alarm());
    field(out, "area", e.area());
    field(out, "line", e.line());
    field(out, "priority", e.priority().wireName());
    field(out, "kind", e.kind());
    field(out, "transition", e.transition().wireName());
    field(out, "state", e.state().wireName());
    field(out, "value", e.value());
    field(out, "message", e.message());
    field(out, "user", e.user());
    field(out, "comment", e.comment());
    out.append('}');
  }

  private static void field(StringBuilder out, String name, String value) {
    out.append(",\"").append(name).append("\":");
    // area, line and kind may be absent in a definition; JSON gets "" rather than "null".
    JsonStrings.append(out, value == null ? "" : value);
  }
}
