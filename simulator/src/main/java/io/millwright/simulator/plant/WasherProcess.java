package io.millwright.simulator.plant;

import io.millwright.core.alarm.AlarmDefinition;
import io.millwright.core.alarm.AlarmPriority;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.MachineState;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A batch parts washer: heated bath, pump pressure, and the bath's conductivity, which climbs with
 * every batch (dirt and cleaner carry-over) until the bath is changed automatically.
 */
final class WasherProcess implements MachineProcess {

  private static final double SCRAP_RATE = 0.005;
  private static final double FRESH_BATH = 120;
  private static final double CHANGE_BATH_AT = 900;
  private static final double PER_BATCH = 6;

  private final ProcessVariable water;
  private final ProcessVariable conductivity;
  private final ProcessVariable pump;
  private final int waterSetpoint;
  private double contamination = FRESH_BATH;

  WasherProcess(TagTable.Builder tags) {
    DataType real = tags.real();
    water =
        new ProcessVariable(
            tags.process("water/temperature", real, "degC"), 58, 10 * 60_000, 0.2, 0.7, 0);
    waterSetpoint = tags.setpoint("water/temperature/setpoint", real, "degC", 20, 90, 60);
    conductivity =
        new ProcessVariable(
            tags.process("water/conductivity", real, "uS/cm"), FRESH_BATH, 30_000, 2, 5, 0);
    pump =
        ProcessVariable.proportional(tags.process("pump/pressure", real, "bar"), 1_500, 0.02, 0.03);
  }

  @Override
  public void step(TagTable tags, boolean running, double cycleFraction, SplittableRandom rnd) {
    water.track(tags, tags.getDouble(waterSetpoint), rnd);
    conductivity.track(tags, contamination, rnd);
    // Spraying takes most of a batch; the rest is draining and drying.
    pump.track(tags, running && cycleFraction < 0.8 ? 4.5 : 0, rnd);
  }

  @Override
  public boolean cycleCompleted(TagTable tags, long cycleMillis, SplittableRandom rnd) {
    contamination += PER_BATCH;
    if (contamination >= CHANGE_BATH_AT) {
      contamination = FRESH_BATH;
    }
    return rnd.nextDouble() >= SCRAP_RATE;
  }

  @Override
  public void maintained() {
    contamination = FRESH_BATH;
  }

  /**
   * A cold bath does not clean; a contaminated one (high conductivity) is due for a change, an
   * advisory for the shift.
   */
  @Override
  public List<AlarmDefinition> alarms() {
    return List.of(
        DemoAlarms.limits(
            "water/temperature",
            null,
            null,
            50.0,
            null,
            1,
            AlarmPriority.MEDIUM,
            Set.of(MachineState.PLANNED_STOP)),
        DemoAlarms.high("water/conductivity", 850, null, 20, AlarmPriority.LOW, Set.of()));
  }
}
