package io.millwright.alarms.notify;

import io.millwright.alarms.engine.AlarmEvent;
import java.util.List;

/** The text of an alarm digest mail. */
final class EmailDigest {

  private EmailDigest() {}

  /** {@code [Millwright plant-1] 3 alarms: cnc-02 spindle-bearing-temperature-high…} */
  static String subject(String site, List<AlarmEvent> events) {
    AlarmEvent first = events.getFirst();
    int n = events.size();
    return "[Millwright "
        + site
        + "] "
        + n
        + (n == 1 ? " alarm: " : " alarms: ")
        + oneLine(first.machine())
        + " "
        + oneLine(first.alarm())
        + (n == 1 ? " " + first.transition().wireName() : "…");
  }

  /**
   * One line per entry: time, priority, id, transition, state, value, message, then who and why for
   * operator actions.
   */
  static String body(List<AlarmEvent> events) {
    StringBuilder out = new StringBuilder(160 * events.size());
    for (AlarmEvent e : events) {
      out.append(EventJson.time(e.timeMillis()))
          .append("  ")
          .append(e.priority().wireName())
          .append("  ")
          .append(oneLine(e.id()))
          .append("  ")
          .append(e.transition().wireName())
          .append(" -> ")
          .append(e.state().wireName());
      if (!e.value().isEmpty()) {
        out.append("  value ").append(oneLine(e.value()));
      }
      if (!e.message().isEmpty()) {
        out.append("  ").append(oneLine(e.message()));
      }
      if (!e.user().isEmpty()) {
        out.append("  by ").append(oneLine(e.user()));
      }
      if (!e.comment().isEmpty()) {
        out.append(": ").append(oneLine(e.comment()));
      }
      out.append('\n');
    }
    return out.toString();
  }

  // A message or comment with line breaks would break the one-line-per-entry layout.
  private static String oneLine(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) ? ' ' : c);
    }
    return out.toString();
  }
}
