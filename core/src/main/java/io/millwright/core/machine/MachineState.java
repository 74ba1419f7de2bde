package io.millwright.core.machine;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a machine is doing, the states that OEE and the andon board are built on. {@link #UNKNOWN}
 * is not a machine state but the absence of one: no data, or the link is down; it is never counted
 * as run or stop time.
 */
public enum MachineState {
  PRODUCING(Category.RUN),
  IDLE(Category.UNPLANNED_STOP),
  SETUP(Category.UNPLANNED_STOP),
  PLANNED_STOP(Category.PLANNED_STOP),
  UNPLANNED_STOP(Category.UNPLANNED_STOP),
  FAULT(Category.UNPLANNED_STOP),
  UNKNOWN(Category.NO_DATA);

  /**
   * How a state counts in OEE: planned stops leave planned production time, the other stops are
   * availability loss.
   */
  public enum Category {
    RUN,
    UNPLANNED_STOP,
    PLANNED_STOP,
    NO_DATA
  }

  private final Category category;
  private final String wireName;

  MachineState(Category category) {
    this.category = category;
    this.wireName = name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static final MachineState[] VALUES = values();

  public Category category() {
    return category;
  }

  /** The name on the wire and in configuration: {@code planned-stop}. */
  public String wireName() {
    return wireName;
  }

  /**
   * @throws IllegalArgumentException listing the accepted names
   */
  public static MachineState parse(String name) {
    // Called for every state reading the oee role receives: a loop over seven constants, no
    // allocation.
    for (MachineState s : VALUES) {
      if (s.wireName.equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown machine state \""
            + name
            + "\"; use one of "
            + Arrays.stream(values())
                .map(MachineState::wireName)
                .collect(Collectors.joining(", ")));
  }
}
