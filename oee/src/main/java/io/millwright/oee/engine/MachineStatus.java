package io.millwright.oee.engine;

import io.millwright.core.machine.MachineState;

/**
 * A machine's state now, as the andon board shows it.
 *
 * @param sinceMillis when the state began, -1 before the machine's first reading
 * @param reasonSinceMillis when the reason began, -1 before the first reading
 */
public record MachineStatus(
    String machineId,
    String area,
    String line,
    MachineState state,
    int reason,
    String reasonLabel,
    long sinceMillis,
    long reasonSinceMillis,
    String product) {}
