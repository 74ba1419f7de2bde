package io.millwright.simulator.plant;

import io.millwright.core.alarm.AlarmCondition;
import io.millwright.core.alarm.AlarmDefinition;
import io.millwright.core.alarm.AlarmPriority;
import io.millwright.core.alarm.AnomalySpec;
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

  /**
   * The shipped bearing model on a machining centre or lathe (alarms/model/README.md): the bearing
   * hotter than the spindle's speed and load explain. The score falls while the spindle stands, so
   * the off-delay keeps one wear episode one alarm through short stops.
   */
  static AlarmDefinition bearingWear() {
    return new AlarmDefinition(
        Optional.of("spindle-bearing-wear"),
        Optional.empty(),
        new AlarmCondition.Anomaly(
            new AnomalySpec.Model(
                "builtin:cnc-bearing",
                List.of("spindle/speed", "spindle/load", "spindle/bearing-temperature"),
                30,
                Duration.ofMinutes(1),
                5.0)),
        0,
        Duration.ofMinutes(2),
        Duration.ofMinutes(10),
        AlarmPriority.HIGH,
        Optional.of(
            MessageTemplate.parse(
                "Spindle bearing {value} degC hotter than speed and load explain"
                    + " ({spindle/bearing-temperature} degC): plan maintenance")),
        Optional.empty(),
        Set.of());
  }

  /**
   * A slow statistical watch on a value that should hold steady: it remembers about 1/alpha samples
   * (a few hours at the demo's rates) and needs an hour to learn.
   */
  static AlarmDefinition drift(String tag, AlarmPriority priority) {
    return new AlarmDefinition(
        Optional.of(tag.replace('/', '-') + "-drift"),
        Optional.of(tag),
        new AlarmCondition.Anomaly(new AnomalySpec.Ewma(0.0001, 6, 3600)),
        0,
        Duration.ofMinutes(1),
        null,
        priority,
        Optional.empty(),
        Optional.empty(),
        Set.of());
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
