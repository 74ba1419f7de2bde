package io.millwright.simulator.plant;

import io.millwright.core.alarm.AlarmDefinition;
import io.millwright.core.alarm.AlarmPriority;
import io.millwright.core.machine.DataType;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A coordinate measuring machine: after each inspected part it reports three deviations and whether
 * they all lie within the tolerance. The lab's temperature biases the diameter a little, as thermal
 * expansion does on a real CMM.
 */
final class InspectionProcess implements MachineProcess {

  private final int pass;
  private final int diameter;
  private final int flatness;
  private final int position;
  private final int tolerance;
  private final ProcessVariable room;

  InspectionProcess(TagTable.Builder tags) {
    DataType real = tags.real();
    pass = tags.process("result/pass", DataType.BOOL, "");
    diameter = tags.process("result/deviation/diameter", real, "mm");
    flatness = tags.process("result/deviation/flatness", real, "mm");
    position = tags.process("result/deviation/position", real, "mm");
    tolerance = tags.setpoint("inspection/tolerance", real, "mm", 0.001, 1, 0.05);
    room =
        new ProcessVariable(
            tags.process("room/temperature", real, "degC"), 20, 60_000, 0.02, 0.4, 0);
  }

  @Override
  public void step(TagTable tags, boolean running, double cycleFraction, SplittableRandom rnd) {
    room.track(tags, 20, rnd);
  }

  @Override
  public boolean cycleCompleted(TagTable tags, long cycleMillis, SplittableRandom rnd) {
    double warm = tags.getDouble(room.tag()) - 20;
    tags.setDouble(diameter, 0.018 * rnd.nextGaussian() + 0.004 * warm);
    tags.setDouble(flatness, Math.abs(0.015 * rnd.nextGaussian()));
    tags.setDouble(position, Math.abs(0.018 * rnd.nextGaussian()));
    // Judged on the served deviations, so an injected drift on one shows up as failing parts.
    double limit = tags.getDouble(tolerance);
    boolean good =
        Math.abs(tags.getDouble(diameter)) <= limit
            && Math.abs(tags.getDouble(flatness)) <= limit
            && Math.abs(tags.getDouble(position)) <= limit;
    tags.setBool(pass, good);
    return good;
  }

  /** A measuring room off 20 degC by more than a degree makes every measurement doubtful. */
  @Override
  public List<AlarmDefinition> alarms() {
    return List.of(
        DemoAlarms.limits(
            "room/temperature", null, 21.0, 19.0, null, 0.2, AlarmPriority.MEDIUM, Set.of()),
        DemoAlarms.drift("room/temperature", AlarmPriority.LOW));
  }
}
