package io.millwright.simulator.plant;

import io.millwright.core.machine.MachineState;

/**
 * One state transition as it really happened. The first entry of a machine comes from {@link
 * MachineState#UNKNOWN}: the state it was switched on in.
 *
 * @param atMillis when, epoch milliseconds of simulated time
 * @param fromReason reason code of the state left, {@link ReasonCode#NONE} for producing
 * @param reason reason code of the state entered, {@link ReasonCode#NONE} for producing
 */
public record StateChange(
    long atMillis, MachineState from, int fromReason, MachineState to, int reason) {}
