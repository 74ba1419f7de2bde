package io.millwright.core.machine;

import java.util.List;

/**
 * The machine is in {@code state} when every condition holds; a rule without conditions always
 * holds (the fallback at the end of a list).
 */
public record StateRule(MachineState state, List<StateCondition> when) {

  public StateRule {
    if (state == null) {
      throw new DefinitionException("state", "is missing");
    }
    if (state == MachineState.UNKNOWN) {
      throw new DefinitionException(
          "state", "unknown is what a machine is without data; a rule cannot set it");
    }
    when = when == null ? List.of() : List.copyOf(when);
  }
}
