package io.millwright.alarms.engine;

import java.util.Locale;

/** What happened to an alarm: every journal entry is one of these. */
public enum Transition {
  /** The condition appeared (after its on-delay): an alarm for the operator. */
  ACTIVATED,
  /** The condition went away (after its deadband and off-delay). */
  CLEARED,
  ACKNOWLEDGED,
  SHELVED,
  /** Unshelved by an operator or because the shelving expired. */
  UNSHELVED,
  SUPPRESSED,
  UNSUPPRESSED,
  REMOVED_FROM_SERVICE,
  RETURNED_TO_SERVICE;

  private final String wireName = name().toLowerCase(Locale.ROOT).replace('_', '-');

  public String wireName() {
    return wireName;
  }

  /**
   * @throws IllegalArgumentException listing the names
   */
  public static Transition parse(String text) {
    for (Transition t : values()) {
      if (t.wireName.equals(text)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown alarm transition \"" + text + "\"");
  }
}
