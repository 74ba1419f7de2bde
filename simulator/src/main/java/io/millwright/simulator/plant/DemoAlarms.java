package io.millwright.simulator.plant;

import io.millwright.core.alarm.AlarmCondition;
import io.millwright.core.alarm.AlarmDefinition;
import io.millwright.core.alarm.AlarmPriority;
import io.millwright.core.alarm.MessageTemplate;
import io.millwright.core.machine.MachineState;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The alarms the demo's machines ship with: what a plant engineer would define for such a machine,
 * set against the simulated process's own normal values.
 */
final class DemoAlarms {

  /** The states in which a process value says nothing: the machine is not producing. */
  static final Set<MachineState> NOT_PRODUCING =
      EnumSet.of(
          MachineState.IDLE,
          MachineState.SETUP,
          MachineState.PLANNED_STOP,
          MachineState.UNPLANNED_STOP,
          MachineState.FAULT);

  private DemoAlarms() {}

  /** Every production machine: its link, and a fault stop. */
  static List<AlarmDefinition> common() {
    return List.of(
        new AlarmDefinition(
            Optional.empty(),
            Optional.empty(),
            new AlarmCondition.CommsLost(),
            0,
            Duration.ofSeconds(15),
            Duration.ofSeconds(5),
            AlarmPriority.HIGH,
            Optional.empty(),
            Optional.empty(),
            Set.of()),
        new AlarmDefinition(
            Optional.of("fault"),
            Optional.empty(),
            new AlarmCondition.InState(Set.of(MachineState.FAULT)),
            0,
            null,
            null,
            AlarmPriority.HIGH,
            Optional.of(MessageTemplate.parse("{machine} stopped on fault {state/reason}")),
            Optional.empty(),
            Set.of()));
  }

  /**
   * A high (and high-high) limit with a deadband and an on-delay, suppressed by design in the given
   * states.
   */
  static AlarmDefinition high(
      String tag,
      double high,
      Double highHigh,
      double deadband,
      AlarmPriority priority,
      Set<MachineState> suppressIn) {
    return limits(tag, highHigh, high, null, null, deadband, priority, suppressIn);
  }

  static AlarmDefinition limits(
      String tag,
      Double highHigh,
      Double high,
      Double low,
      Double lowLow,
      double deadband,
      AlarmPriority priority,
      Set<MachineState> suppressIn) {
    return new AlarmDefinition(
        Optional.empty(),
        Optional.of(tag),
        new AlarmCondition.Limits(highHigh, high, low, lowLow),
        deadband,
        Duration.ofSeconds(10),
        Duration.ofSeconds(5),
        priority,
        Optional.empty(),
        Optional.empty(),
        suppressIn);
  }

  /** A fault code the machine reports in {@code state/reason} that deserves its own alarm. */
  static AlarmDefinition reason(String name, int code, AlarmPriority priority, String message) {
    return new AlarmDefinition(
        Optional.of(name),
        Optional.of("state/reason"),
        new AlarmCondition.Digital(List.of(Integer.toString(code))),
        0,
        null,
        null,
        priority,
        Optional.of(MessageTemplate.parse(message)),
        Optional.empty(),
        Set.of());
  }
}
