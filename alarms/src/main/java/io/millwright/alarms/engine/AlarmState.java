package io.millwright.alarms.engine;

import java.util.Locale;

/**
 * The states of ISA-18.2's alarm state model (ANSI/ISA-18.2-2016 clause 5.2.2, figure 3; letters as
 * there). The first four follow the process condition and the operator's acknowledgement; the last
 * three take the alarm out of the operator's view for a reason and hold it there until the reason
 * ends.
 */
public enum AlarmState {
  /** A: the condition is absent and nothing is owed. */
  NORMAL,
  /** B: in alarm, not yet acknowledged. */
  UNACKNOWLEDGED,
  /** C: in alarm, acknowledged. */
  ACKNOWLEDGED,
  /** D: the condition went away before anyone acknowledged it. */
  RETURNED_UNACKNOWLEDGED,
  /** E: an operator shelved it for a while. */
  SHELVED,
  /** F: suppressed by design, e.g. the machine is in a planned stop. */
  SUPPRESSED,
  /** G: taken out of service by an engineer (maintenance, a broken sensor). */
  OUT_OF_SERVICE;

  private final String wireName = name().toLowerCase(Locale.ROOT).replace('_', '-');

  /** The name in REST and topics: {@code active-unacknowledged} etc. */
  public String wireName() {
    return switch (this) {
      case UNACKNOWLEDGED -> "active-unacknowledged";
      case ACKNOWLEDGED -> "active-acknowledged";
      default -> wireName;
    };
  }

  /** Whether the alarm's condition is present and shown (B and C). */
  public boolean active() {
    return this == UNACKNOWLEDGED || this == ACKNOWLEDGED;
  }

  /** Whether an operator owes it an acknowledgement (B and D). */
  public boolean unacknowledged() {
    return this == UNACKNOWLEDGED || this == RETURNED_UNACKNOWLEDGED;
  }

  /** Whether the alarm is hidden from operators for a reason (E, F, G). */
  public boolean hidden() {
    return this == SHELVED || this == SUPPRESSED || this == OUT_OF_SERVICE;
  }

  /**
   * @throws IllegalArgumentException listing the names
   */
  public static AlarmState parse(String text) {
    for (AlarmState s : values()) {
      if (s.wireName().equals(text)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown alarm state \""
            + text
            + "\"; use normal, active-unacknowledged, active-acknowledged,"
            + " returned-unacknowledged, shelved, suppressed or out-of-service");
  }
}
