package io.millwright.alarms.engine;

import io.millwright.core.alarm.AlarmPriority;

/**
 * One alarm as it stands: what operators see and what the journal keeps to bring it back after a
 * restart.
 *
 * @param state what operators see (A to G)
 * @param base the state under shelving, suppression or out-of-service (A to D)
 * @param inAlarm whether the condition is present (after its delays), shown or not
 * @param sinceMillis the time of the latest transition; 0 when it never had one
 * @param activatedMillis when it was last raised; 0 when never
 * @param shelvedUntilMillis when the shelving expires; 0 when not shelved
 * @param user who made the latest operator transition
 */
public record AlarmView(
    String machine,
    String alarm,
    String area,
    String line,
    AlarmPriority priority,
    String kind,
    String tag,
    AlarmState state,
    AlarmState base,
    boolean inAlarm,
    long sinceMillis,
    long activatedMillis,
    long shelvedUntilMillis,
    boolean suppressed,
    boolean outOfService,
    String value,
    String message,
    String user,
    String comment) {

  /** {@code machine/alarm}. */
  public String id() {
    return machine + "/" + alarm;
  }
}
