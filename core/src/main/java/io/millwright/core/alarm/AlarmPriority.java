package io.millwright.core.alarm;

import io.millwright.core.machine.DefinitionException;
import java.util.Locale;

/**
 * How urgently an operator must act (ISA-18.2 clause 6.5: a few priorities, each with a defined
 * response). Ordered from least to most urgent, so priorities compare by {@link #compareTo}.
 */
public enum AlarmPriority {
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  /** The name in configuration, REST and topics: {@code high}. */
  public String wireName() {
    return wireName;
  }

  /** One step more urgent, for the high-high and low-low levels of a limit alarm. */
  public AlarmPriority raised() {
    return this == CRITICAL ? CRITICAL : values()[ordinal() + 1];
  }

  /**
   * @throws DefinitionException on {@code priority}, listing the accepted names
   */
  public static AlarmPriority parse(String text) {
    for (AlarmPriority p : values()) {
      if (p.wireName.equals(text)) {
        return p;
      }
    }
    throw new DefinitionException(
        "priority", "\"" + text + "\" is not a priority; use low, medium, high or critical");
  }
}
