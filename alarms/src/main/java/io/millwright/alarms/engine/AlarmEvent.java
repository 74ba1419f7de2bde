package io.millwright.alarms.engine;

import io.millwright.core.alarm.AlarmPriority;

/**
 * One transition of one alarm: a journal entry, a message on the namespace and a notification.
 *
 * @param seq the journal's sequence number, from 1, in the order the transitions happened; 0 before
 *     the journal has it
 * @param timeMillis when it happened: the sample's time for condition changes, the request's for
 *     operator actions
 * @param alarm the alarm's name on its machine; {@link #id()} is {@code machine/alarm}
 * @param kind the definition's kind ({@code high}, {@code is}, {@code state}, {@code anomaly}...)
 * @param state the alarm's state after the transition
 * @param value the value that caused it, as text; empty for operator actions
 * @param user who did it; empty for the process and the system
 */
public record AlarmEvent(
    long seq,
    long timeMillis,
    String machine,
    String alarm,
    String area,
    String line,
    AlarmPriority priority,
    String kind,
    Transition transition,
    AlarmState state,
    String value,
    String message,
    String user,
    String comment) {

  public AlarmEvent {
    value = value == null ? "" : value;
    message = message == null ? "" : message;
    user = user == null ? "" : user;
    comment = comment == null ? "" : comment;
  }

  /** {@code machine/alarm}: unique per site. */
  public String id() {
    return machine + "/" + alarm;
  }

  /** The same event with its journal sequence number. */
  public AlarmEvent withSeq(long s) {
    return new AlarmEvent(
        s,
        timeMillis,
        machine,
        alarm,
        area,
        line,
        priority,
        kind,
        transition,
        state,
        value,
        message,
        user,
        comment);
  }
}
