package io.millwright.web.plant;

import java.util.List;
import java.util.Map;

/**
 * One machine as the plant overview and andon show it, from what the namespace carries: the
 * connector's link, the OEE role's state and shift figures, the jobs role's current job, the alarms
 * role's active alarms. A part that the namespace has not shown yet is null.
 *
 * @param version grows with every change of the tile, for sending only what changed
 * @param job the current job as the jobs role publishes it (id, orderNumber, product, quantity,
 *     good, remaining, status…); null when the machine has none
 */
public record MachineTile(
    String id,
    String name,
    String area,
    String line,
    boolean online,
    String state,
    Long stateSince,
    Long reason,
    Double oee,
    Double availability,
    Double performance,
    Double quality,
    Long shiftGood,
    Long shiftScrap,
    Map<String, Object> job,
    List<ActiveAlarm> alarms,
    long version) {

  /** An alarm in the operator's view: active, or returned but still owed an acknowledgement. */
  public record ActiveAlarm(
      String alarm, String priority, String state, String message, String time) {}
}
