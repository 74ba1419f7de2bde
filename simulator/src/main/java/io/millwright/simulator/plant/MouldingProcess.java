package io.millwright.simulator.plant;

import io.millwright.core.alarm.AlarmDefinition;
import io.millwright.core.alarm.AlarmPriority;
import io.millwright.core.machine.DataType;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * An injection moulding machine: four barrel heating zones, injection pressure, mould temperature
 * and the last cycle time. The mould temperature wanders around its setpoint, and parts moulded off
 * setpoint turn to scrap (short shots, sink marks), the more the further off.
 */
final class MouldingProcess implements MachineProcess {

  private static final double[] ZONE_TEMPERATURES = {215, 225, 235, 240};

  private final ProcessVariable[] zones = new ProcessVariable[ZONE_TEMPERATURES.length];
  private final ProcessVariable pressure;
  private final ProcessVariable mould;
  private final int mouldSetpoint;
  private final int cycleTime;

  private final double mouldTemperature;

  MouldingProcess(TagTable.Builder tags, double mouldTemperature) {
    this.mouldTemperature = mouldTemperature;
    DataType real = tags.real();
    for (int z = 0; z < zones.length; z++) {
      zones[z] =
          new ProcessVariable(
              tags.process("barrel/zone-" + (z + 1) + "/temperature", real, "degC"),
              ZONE_TEMPERATURES[z],
              3 * 60_000,
              0.3,
              0.8,
              0);
    }
    pressure =
        ProcessVariable.proportional(
            tags.process("injection/pressure", real, "bar"), 600, 0.015, 0.02);
    mould =
        new ProcessVariable(
            tags.process("mould/temperature", real, "degC"),
            mouldTemperature,
            6 * 60_000,
            0.2,
            1.5,
            0);
    mouldSetpoint =
        tags.setpoint("mould/temperature/setpoint", real, "degC", 20, 140, mouldTemperature);
    cycleTime = tags.process("cycle/time", real, "s");
  }

  @Override
  public void step(TagTable tags, boolean running, double cycleFraction, SplittableRandom rnd) {
    for (int z = 0; z < zones.length; z++) {
      zones[z].track(tags, ZONE_TEMPERATURES[z], rnd);
    }
    // Injection and hold take the first third of a cycle; cooling the rest, at no pressure.
    pressure.track(tags, running && cycleFraction < 0.33 ? 850 : 0, rnd);
    // The mould temperature controller keeps working through stops.
    mould.track(tags, tags.getDouble(mouldSetpoint), rnd);
  }

  @Override
  public boolean cycleCompleted(TagTable tags, long cycleMillis, SplittableRandom rnd) {
    tags.setDouble(cycleTime, cycleMillis / 1000.0);
    return rnd.nextDouble()
        >= scrapRate(tags.getDouble(mould.tag()) - tags.getDouble(mouldSetpoint));
  }

  /** Scrap share for a mould temperature {@code deviation} degrees off setpoint. */
  static double scrapRate(double deviation) {
    double excess = Math.max(0, Math.abs(deviation) - 2);
    return Math.min(0.6, 0.012 + 0.02 * Math.pow(excess, 1.5));
  }

  /**
   * Scrap rises when the mould runs off its setpoint; a cold barrel zone makes short shots. The
   * mould controller works through stops, so its limits hold in every state.
   */
  @Override
  public List<AlarmDefinition> alarms() {
    return List.of(
        DemoAlarms.limits(
            "mould/temperature",
            null,
            mouldTemperature + 6,
            mouldTemperature - 6,
            null,
            1,
            AlarmPriority.MEDIUM,
            Set.of()),
        DemoAlarms.limits(
            "barrel/zone-1/temperature",
            null,
            null,
            200.0,
            null,
            2,
            AlarmPriority.MEDIUM,
            Set.of()),
        DemoAlarms.drift("mould/temperature", AlarmPriority.MEDIUM));
  }
}
