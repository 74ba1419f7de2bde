package io.millwright.simulator.plant;

import io.millwright.core.alarm.AlarmDefinition;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The process values of one kind of machine (press, machining, moulding...): the tags it declares
 * besides state, counters and job, how they move while the machine runs or stands, and whether a
 * finished part is good.
 */
interface MachineProcess {

  /**
   * Moves the process values on by one step.
   *
   * @param running whether the machine is producing during this step
   * @param cycleFraction how far the current cycle has got, 0 to 1
   */
  void step(TagTable tags, boolean running, double cycleFraction, SplittableRandom rnd);

  /**
   * A cycle has finished.
   *
   * @return whether the part is good (false: scrap)
   */
  boolean cycleCompleted(TagTable tags, long cycleMillis, SplittableRandom rnd);

  /** Whether the machine must trip on overheating (fault 530). */
  default boolean overheated(TagTable tags) {
    return false;
  }

  /** Maintenance or a repair has put wearing parts right again. */
  default void maintained() {}

  /** The alarms on this kind of machine's process values, besides the link and fault stops. */
  default List<AlarmDefinition> alarms() {
    return List.of();
  }
}
