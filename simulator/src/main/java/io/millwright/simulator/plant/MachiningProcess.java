package io.millwright.simulator.plant;

import io.millwright.core.alarm.AlarmDefinition;
import io.millwright.core.alarm.AlarmPriority;
import io.millwright.core.machine.DataType;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A machining centre or lathe: spindle, feed and the tool in use. A worn spindle bearing (cnc-02 in
 * the demo) heats up a little more every minute until the machine trips on overheating, unless
 * maintenance replaces it first.
 */
final class MachiningProcess implements MachineProcess {

  /** Bearing temperature at which the spindle drive trips (fault 530). */
  static final double TRIP_TEMPERATURE = 90.0;

  private static final double SCRAP_RATE = 0.012;

  /**
   * Spindle time a fresh bearing runs cool before it starts to wear again, so after a repair or
   * maintenance the demo tells the story again a few hours later rather than at once.
   */
  static final long RUN_IN_MILLIS = 4 * 3_600_000L;

  private final ProcessVariable speed;
  private final ProcessVariable load;
  private final ProcessVariable bearing;
  private final ProcessVariable feed;
  private final int speedSetpoint;
  private final int toolNumber;
  private final int[] program;
  private final double feedRate;
  private final double wearPerStep;
  private double wear;
  private long coolFor;

  /**
   * @param rpm spindle speed the programs run at
   * @param maxRpm highest speed an operator may set
   * @param feedRate feed while cutting, mm/min
   * @param program the tools one part needs, in order
   * @param bearingWearPerMinute how much hotter a worn bearing runs after every minute of spindle
   *     time, degC; 0 when healthy
   */
  MachiningProcess(
      TagTable.Builder tags,
      double rpm,
      double maxRpm,
      double feedRate,
      int[] program,
      double bearingWearPerMinute) {
    DataType real = tags.real();
    speed =
        ProcessVariable.proportional(tags.process("spindle/speed", real, "rpm"), 800, 0.002, 0.002);
    speedSetpoint = tags.setpoint("spindle/speed/setpoint", real, "rpm", 0, maxRpm, rpm);
    load = ProcessVariable.proportional(tags.process("spindle/load", real, "%"), 500, 0.04, 0.05);
    bearing =
        new ProcessVariable(
            tags.process("spindle/bearing-temperature", real, "degC"), 30, 8 * 60_000, 0.1, 0.6, 0);
    feed = ProcessVariable.proportional(tags.process("feed/rate", real, "mm/min"), 400, 0.01, 0.02);
    toolNumber = tags.process("tool/number", DataType.INT16, "");
    this.program = program.clone();
    this.feedRate = feedRate;
    this.wearPerStep = bearingWearPerMinute * Plant.STEP_MILLIS / 60_000.0;
  }

  @Override
  public void step(TagTable tags, boolean running, double cycleFraction, SplittableRandom rnd) {
    if (running) {
      // A bearing wears only while it turns.
      if (coolFor > 0) {
        coolFor -= Plant.STEP_MILLIS;
      } else {
        wear += wearPerStep;
      }
    }
    double setpoint = tags.getDouble(speedSetpoint);
    speed.track(tags, running ? setpoint : 0, rnd);
    // Roughing at the start of a program loads the spindle more than finishing at its end.
    load.track(tags, running ? 55 - 25 * cycleFraction : 0, rnd);
    // The extra heat of a worn bearing is friction: it is there while the spindle turns and goes
    // with the same lag as the rest when it stops.
    double heat = running ? 38 + 8 * Math.min(1.5, setpoint / 12_000) + wear : 29;
    bearing.track(tags, heat, rnd);
    feed.track(tags, running ? feedRate : 0, rnd);
    int step = Math.min(program.length - 1, (int) (cycleFraction * program.length));
    tags.setLong(toolNumber, program[step]);
  }

  @Override
  public boolean cycleCompleted(TagTable tags, long cycleMillis, SplittableRandom rnd) {
    return rnd.nextDouble() >= SCRAP_RATE;
  }

  @Override
  public boolean overheated(TagTable tags) {
    return tags.getDouble(bearing.tag()) >= TRIP_TEMPERATURE;
  }

  @Override
  public void maintained() {
    wear = 0;
    coolFor = RUN_IN_MILLIS;
  }

  /**
   * A hot spindle bearing is the machine's most expensive failure: warn at 75 degC, well below the
   * 90 degC trip, and again at 85 degC; the trip itself (fault 530) is critical.
   */
  @Override
  public List<AlarmDefinition> alarms() {
    return List.of(
        DemoAlarms.high("spindle/bearing-temperature", 75, 85.0, 1, AlarmPriority.HIGH, Set.of()),
        DemoAlarms.reason(
            "overheating",
            530,
            AlarmPriority.CRITICAL,
            "{machine} tripped on overheating: bearing at {spindle/bearing-temperature} degC"),
        DemoAlarms.bearingWear());
  }
}
