package io.millwright.alarms.engine;

import static io.millwright.alarms.engine.AlarmState.ACKNOWLEDGED;
import static io.millwright.alarms.engine.AlarmState.NORMAL;
import static io.millwright.alarms.engine.AlarmState.RETURNED_UNACKNOWLEDGED;
import static io.millwright.alarms.engine.AlarmState.UNACKNOWLEDGED;

import java.util.EnumMap;
import java.util.Map;

/**
 * ISA-18.2's transitions between the four states an operator sees (A to D; LIFECYCLE.md beside this
 * file draws them), as a table. Shelving, suppression and out-of-service lie over these: while one
 * holds, the alarm rests in A and its condition is only watched; when the last one ends, the alarm
 * is in A again and is raised at once if its condition is present (clause 5.2.2).
 */
final class Lifecycle {

  /** What moves an alarm between A and D. */
  enum Input {
    /** The condition appeared (after its on-delay). */
    CONDITION,
    /** The condition went away (after its deadband and off-delay). */
    RETURN,
    /** An operator acknowledged it. */
    ACK
  }

  private static final Map<AlarmState, Map<Input, AlarmState>> TABLE =
      new EnumMap<>(AlarmState.class);

  static {
    row(NORMAL, UNACKNOWLEDGED, null, null);
    row(UNACKNOWLEDGED, null, RETURNED_UNACKNOWLEDGED, ACKNOWLEDGED);
    row(ACKNOWLEDGED, null, NORMAL, null);
    // An alarm that comes back before anyone acknowledged its return is a new alarm (B again).
    row(RETURNED_UNACKNOWLEDGED, UNACKNOWLEDGED, null, NORMAL);
  }

  private Lifecycle() {}

  private static void row(AlarmState from, AlarmState condition, AlarmState ret, AlarmState ack) {
    Map<Input, AlarmState> r = new EnumMap<>(Input.class);
    if (condition != null) {
      r.put(Input.CONDITION, condition);
    }
    if (ret != null) {
      r.put(Input.RETURN, ret);
    }
    if (ack != null) {
      r.put(Input.ACK, ack);
    }
    TABLE.put(from, r);
  }

  /**
   * @param from one of A to D
   * @return the next state, or null when the input changes nothing (a condition already present) or
   *     is not allowed (acknowledging an alarm that owes no acknowledgement)
   */
  static AlarmState next(AlarmState from, Input input) {
    Map<Input, AlarmState> r = TABLE.get(from);
    if (r == null) {
      throw new IllegalArgumentException(from + " is not one of the states A to D");
    }
    return r.get(input);
  }
}
