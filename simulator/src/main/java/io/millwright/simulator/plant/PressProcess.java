package io.millwright.simulator.plant;

import io.millwright.core.alarm.AlarmDefinition;
import io.millwright.core.alarm.AlarmPriority;
import io.millwright.core.machine.DataType;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/** A press: peak force per stroke, stroke rate, and the hydraulic unit that drives it. */
final class PressProcess implements MachineProcess {

  private static final double SCRAP_RATE = 0.008;

  private final ProcessVariable force;
  private final ProcessVariable strokeRate;
  private final ProcessVariable oilTemperature;
  private final ProcessVariable pressure;
  private final int pressureSetpoint;
  private final double strokesPerMinute;

  PressProcess(TagTable.Builder tags, long idealCycleMillis) {
    DataType real = tags.real();
    force = ProcessVariable.proportional(tags.process("press/force", real, "kN"), 300, 0.012, 0.02);
    strokeRate =
        ProcessVariable.proportional(
            tags.process("press/stroke-rate", real, "strokes/min"), 2_000, 0.01, 0.01);
    oilTemperature =
        new ProcessVariable(
            tags.process("hydraulics/oil-temperature", real, "degC"),
            34,
            15 * 60_000,
            0.15,
            1.0,
            0);
    pressure =
        new ProcessVariable(
            tags.process("hydraulics/pressure", real, "bar"), 15, 1_500, 1.5, 3.0, 0);
    pressureSetpoint = tags.setpoint("hydraulics/pressure/setpoint", real, "bar", 50, 315, 210);
    strokesPerMinute = 60_000.0 / idealCycleMillis;
  }

  @Override
  public void step(TagTable tags, boolean running, double cycleFraction, SplittableRandom rnd) {
    double setpoint = tags.getDouble(pressureSetpoint);
    // Peak force scales with system pressure: 210 bar gives about 2,600 kN on a 400 t press.
    force.track(tags, running ? setpoint * 12.4 : 0, rnd);
    strokeRate.track(tags, running ? strokesPerMinute : 0, rnd);
    oilTemperature.track(tags, running ? 52 : 36, rnd);
    pressure.track(tags, running ? setpoint : 15, rnd);
  }

  @Override
  public boolean cycleCompleted(TagTable tags, long cycleMillis, SplittableRandom rnd) {
    return rnd.nextDouble() >= SCRAP_RATE;
  }

  /** Hot oil thins and wears the pumps; low pressure while pressing means a leak or a weak pump. */
  @Override
  public List<AlarmDefinition> alarms() {
    return List.of(
        DemoAlarms.high("hydraulics/oil-temperature", 60, 66.0, 1, AlarmPriority.MEDIUM, Set.of()),
        DemoAlarms.limits(
            "hydraulics/pressure",
            null,
            null,
            180.0,
            null,
            5,
            AlarmPriority.MEDIUM,
            DemoAlarms.NOT_PRODUCING));
  }
}
