package io.millwright.oee.state;

import io.millwright.core.machine.MachineState;

/**
 * A stretch of one machine's time in one state, with one reason and one product, and the parts
 * counted during it. A tracker cuts segments at every change and at shift boundaries, so the parts
 * of a shift are exact.
 *
 * @param startMillis inclusive
 * @param endMillis exclusive; for the open segment, the time of the snapshot
 * @param reason the stop reason the machine reported, 0 for none (and always 0 while producing)
 * @param product the product being made, "" when unknown
 * @param good good parts counted in the segment
 * @param scrap scrap parts counted in the segment
 * @param idealCycleMillis the ideal time per part for the product
 * @param startup whether the segment falls in the start-up window after a changeover, whose scrap
 *     is a start-up loss
 * @param stopStartMillis for a stop (idle, setup, unplanned stop, fault), when the stop began: a
 *     stop runs over several segments when its reason changes or a shift ends; 0 otherwise
 * @param stopMillis for a stop, how long the whole stop lasted (so far, for one still going)
 */
public record Segment(
    long startMillis,
    long endMillis,
    MachineState state,
    int reason,
    String product,
    long good,
    long scrap,
    long idealCycleMillis,
    boolean startup,
    long stopStartMillis,
    long stopMillis) {

  public long length() {
    return endMillis - startMillis;
  }

  public long total() {
    return good + scrap;
  }

  /** Whether the state stops production without being planned. */
  public boolean isStop() {
    return isStop(state);
  }

  static boolean isStop(MachineState s) {
    return s == MachineState.IDLE
        || s == MachineState.SETUP
        || s == MachineState.UNPLANNED_STOP
        || s == MachineState.FAULT;
  }

  Segment withStopLength(long length) {
    return new Segment(
        startMillis,
        endMillis,
        state,
        reason,
        product,
        good,
        scrap,
        idealCycleMillis,
        startup,
        stopStartMillis,
        length);
  }
}
