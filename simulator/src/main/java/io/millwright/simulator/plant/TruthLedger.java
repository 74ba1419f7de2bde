package io.millwright.simulator.plant;

import io.millwright.core.machine.MachineState;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/** Accumulates a machine's ground truth step by step; not thread-safe, the machine guards it. */
final class TruthLedger {

  private static final ReasonCode[] CODES = ReasonCode.values();

  private final String machineId;
  private final long startMillis;
  private final long[] byState = new long[MachineState.values().length];
  // Slot 0 is producing (no reason), slot k+1 is CODES[k].
  private final long[] byReason = new long[CODES.length + 1];
  private final ArrayDeque<StateChange> log = new ArrayDeque<>();
  private long transitionCount;
  private long cycles;
  private long good;
  private long scrap;
  private long linkDown;

  TruthLedger(String machineId, long startMillis) {
    this.machineId = machineId;
    this.startMillis = startMillis;
  }

  void spend(MachineState state, ReasonCode reason, long millis, boolean linkUp) {
    byState[state.ordinal()] += millis;
    byReason[reason == null ? 0 : reason.ordinal() + 1] += millis;
    if (!linkUp) {
      linkDown += millis;
    }
  }

  void part(boolean isGood) {
    cycles++;
    if (isGood) {
      good++;
    } else {
      scrap++;
    }
  }

  void transition(StateChange change) {
    if (log.size() == GroundTruth.LOG_LIMIT) {
      log.removeFirst();
    }
    log.addLast(change);
    transitionCount++;
  }

  GroundTruth snapshot(long atMillis) {
    Map<MachineState, Long> states = new EnumMap<>(MachineState.class);
    for (MachineState s : MachineState.values()) {
      if (s != MachineState.UNKNOWN) {
        states.put(s, byState[s.ordinal()]);
      }
    }
    Map<Integer, Long> reasons = new TreeMap<>();
    reasons.put(ReasonCode.NONE, byReason[0]);
    for (int k = 0; k < CODES.length; k++) {
      reasons.put(CODES[k].code(), byReason[k + 1]);
    }
    return new GroundTruth(
        machineId,
        startMillis,
        atMillis,
        states,
        reasons,
        cycles,
        good,
        scrap,
        linkDown,
        log.stream().toList(),
        transitionCount);
  }
}
