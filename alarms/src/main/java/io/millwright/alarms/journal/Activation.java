package io.millwright.alarms.journal;

import io.millwright.core.alarm.AlarmPriority;

/** One alarm raised: the unit of the alarm-rate KPIs. */
public record Activation(
    long timeMillis, String machine, String alarm, String area, AlarmPriority priority) {

  public String id() {
    return machine + "/" + alarm;
  }
}
