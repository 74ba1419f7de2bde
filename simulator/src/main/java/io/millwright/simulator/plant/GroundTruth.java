package io.millwright.simulator.plant;

import io.millwright.core.machine.MachineState;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one simulated machine really did since the plant started, to check OEE, downtime and
 * counters against. Durations are exact: the plant moves in whole steps and every step belongs to
 * exactly one state and one reason, so both maps sum to {@link #elapsedMillis()}.
 *
 * @param startMillis when the plant started, epoch milliseconds
 * @param atMillis simulated time of this snapshot
 * @param millisByState time spent in each state (every state but UNKNOWN, zeros included)
 * @param millisByReason time spent per reason code; producing is counted under {@link
 *     ReasonCode#NONE}
 * @param linkDownMillis time the machine's network link was down (the machine ran on regardless)
 * @param transitions the latest transitions, oldest first, at most {@link #LOG_LIMIT}
 * @param transitionCount all transitions since start, including those no longer in the log
 */
public record GroundTruth(
    String machineId,
    long startMillis,
    long atMillis,
    Map<MachineState, Long> millisByState,
    Map<Integer, Long> millisByReason,
    long cycles,
    long good,
    long scrap,
    long linkDownMillis,
    List<StateChange> transitions,
    long transitionCount) {

  /** How many transitions the log keeps; older ones are dropped first. */
  public static final int LOG_LIMIT = 10_000;

  public GroundTruth {
    // Sorted copies, so a snapshot prints in the order of the state and reason tables.
    millisByState = Collections.unmodifiableMap(new EnumMap<>(millisByState));
    millisByReason = Collections.unmodifiableMap(new TreeMap<>(millisByReason));
    transitions = List.copyOf(transitions);
  }

  public long elapsedMillis() {
    return atMillis - startMillis;
  }

  public long millisIn(MachineState state) {
    return millisByState.getOrDefault(state, 0L);
  }

  public long millisFor(int reasonCode) {
    return millisByReason.getOrDefault(reasonCode, 0L);
  }

  /** How many times the log shows the machine entering a state with this reason code. */
  public long occurrences(int reasonCode) {
    return transitions.stream().filter(t -> t.reason() == reasonCode).count();
  }
}
