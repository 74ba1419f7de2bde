package io.millwright.alarms.notify;

import io.millwright.alarms.engine.AlarmEvent;
import io.millwright.alarms.engine.AlarmState;
import io.millwright.alarms.engine.Transition;
import io.millwright.core.alarm.AlarmPriority;

/** Alarm events for the tests, varied only where a test looks. */
final class Events {

  static final long TIME = 1_795_428_930_123L; // 2026-11-23T10:15:30.123Z

  private Events() {}

  static AlarmEvent activated(int n) {
    return event("cnc-02", "alarm-" + n, AlarmPriority.HIGH, "machining", Transition.ACTIVATED);
  }

  static AlarmEvent event(
      String machine, String alarm, AlarmPriority priority, String area, Transition transition) {
    AlarmState state =
        switch (transition) {
          case ACTIVATED -> AlarmState.UNACKNOWLEDGED;
          case ACKNOWLEDGED -> AlarmState.ACKNOWLEDGED;
          case CLEARED -> AlarmState.NORMAL;
          default -> AlarmState.SHELVED;
        };
    return new AlarmEvent(
        0,
        TIME,
        machine,
        alarm,
        area,
        "line-1",
        priority,
        "high",
        transition,
        state,
        "81.2",
        "Spindle bearing temperature 81.2 °C above 80 °C",
        "",
        "");
  }
}
