package io.millwright.oee.engine;

import io.millwright.core.machine.MachineState;

/**
 * One stop of a machine as the downtime list shows it: a run of segments in idle, setup, unplanned
 * stop or fault, from when production stopped until it resumed (or the machine went out of sight).
 *
 * @param endMillis when it ended, or the time of the query for a stop still going
 * @param ongoing whether it is still going
 * @param state the state it began in
 * @param reason the first code the machine reported during the stop, 0 for none
 * @param unexplained whether some of the stop had no reason from the machine: an operator may
 *     classify it
 * @param micro shorter than the machine's micro-stop threshold
 * @param classification what an operator said it was, for a stop the machine gave no reason for
 */
public record Stop(
    String machineId,
    long startMillis,
    long endMillis,
    boolean ongoing,
    MachineState state,
    int reason,
    String reasonLabel,
    boolean unexplained,
    boolean micro,
    Classification classification) {

  /** An operator's reason for a stop, with who said it and when. */
  public record Classification(
      int code, String label, String user, String comment, long atMillis) {}
}
