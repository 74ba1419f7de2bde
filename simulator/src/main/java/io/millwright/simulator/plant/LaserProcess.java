package io.millwright.simulator.plant;

import io.millwright.core.alarm.AlarmDefinition;
import io.millwright.core.alarm.AlarmPriority;
import io.millwright.core.machine.DataType;
import java.util.List;
import java.util.SplittableRandom;

/** A laser cutter: beam power (with its setpoint) and assist gas pressure. */
final class LaserProcess implements MachineProcess {

  private static final double SCRAP_RATE = 0.01;

  private final ProcessVariable power;
  private final ProcessVariable gas;
  private final int powerSetpoint;

  LaserProcess(TagTable.Builder tags) {
    DataType real = tags.real();
    power = ProcessVariable.proportional(tags.process("laser/power", real, "W"), 200, 0.005, 0.01);
    powerSetpoint = tags.setpoint("laser/power/setpoint", real, "W", 500, 6_000, 4_000);
    gas =
        ProcessVariable.proportional(tags.process("gas/pressure", real, "bar"), 1_000, 0.01, 0.02);
  }

  @Override
  public void step(TagTable tags, boolean running, double cycleFraction, SplittableRandom rnd) {
    // The beam is off while the head moves between contours, about a tenth of a cycle.
    boolean cutting = running && cycleFraction % 0.25 < 0.225;
    power.track(tags, cutting ? tags.getDouble(powerSetpoint) : 0, rnd);
    gas.track(tags, running ? 14 : 0, rnd);
  }

  @Override
  public boolean cycleCompleted(TagTable tags, long cycleMillis, SplittableRandom rnd) {
    return rnd.nextDouble() >= SCRAP_RATE;
  }

  /** Assist gas below 10 bar while cutting leaves dross; at a stop the gas is off by design. */
  @Override
  public List<AlarmDefinition> alarms() {
    return List.of(
        DemoAlarms.limits(
            "gas/pressure",
            null,
            null,
            10.0,
            8.0,
            0.5,
            AlarmPriority.MEDIUM,
            DemoAlarms.NOT_PRODUCING));
  }
}
