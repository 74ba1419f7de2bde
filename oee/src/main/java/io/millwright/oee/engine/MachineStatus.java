package io.millwright.oee.engine;

import io.millwright.core.machine.MachineState;

/** A machine's state now, as the andon board shows it. */
public record MachineStatus(
    String machineId,
    String area,
    String line,
    MachineState state,
    int reason,
    String reasonLabel,
    long sinceMillis,
    String product) {}
