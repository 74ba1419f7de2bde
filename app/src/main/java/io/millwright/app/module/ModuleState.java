package io.millwright.app.module;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The lifecycle of a module; the transition table is the only place that says which moves are legal
 * (LIFECYCLE.md).
 */
public enum ModuleState {
  NEW,
  STARTING,
  RUNNING,
  STOPPING,
  STOPPED,
  FAILED;

  private static final Map<ModuleState, Set<ModuleState>> NEXT =
      Map.of(
          NEW, EnumSet.of(STARTING, STOPPED),
          STARTING, EnumSet.of(RUNNING, FAILED),
          RUNNING, EnumSet.of(STOPPING, FAILED),
          STOPPING, EnumSet.of(STOPPED, FAILED),
          FAILED, EnumSet.of(STOPPING, STOPPED),
          STOPPED, EnumSet.noneOf(ModuleState.class));

  public boolean canMoveTo(ModuleState next) {
    return NEXT.get(this).contains(next);
  }

  /** Whether the module may hold resources that a stop must release. */
  public boolean needsStop() {
    return this == STARTING || this == RUNNING || this == FAILED;
  }
}
