package io.millwright.oee.figures;

import io.millwright.core.machine.MachineState;
import io.millwright.oee.calendar.Window;
import io.millwright.oee.state.Segment;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiPredicate;

/**
 * Sums the time and parts of segments over a range, for one machine or, merged, for a line or the
 * site. Aggregates are sums of times and parts, so a line's availability is its machines' run time
 * over their planned time, not an average of percentages.
 */
final class Tally {

  long planned;
  long run;
  long downtime;
  long microStop;
  // Run time and micro-stops of machines that count parts: only these can have a performance, so
  // a line's performance is not diluted by a machine without counters.
  long countedRun;
  long countedMicroStop;
  long plannedStop;
  long notScheduled;
  long unknown;
  long covered;
  double good;
  double scrap;
  double startupScrapIdeal;
  double scrapIdeal;
  double idealMillis;
  long microStops;
  long failures;
  // Fault time of the failures counted in this range, for MTTR.
  long faultMillis;
  long equipmentFailure;
  long setup;
  final Map<Integer, long[]> byReason = new TreeMap<>();

  /** Each code's label from the table of the first machine that used it. */
  final Map<Integer, String> labels = new TreeMap<>();

  /**
   * Adds one machine's segments, in time order, cut to [from, to).
   *
   * @param scheduled the machine's planned production windows in [from, to), sorted
   * @param classified operators' reasons for stops that had none, by the stop's start
   * @param microStopMillis stops shorter than this are micro-stops
   * @param scheduledBetween whether the machine had planned time in [a, b): a stop that began
   *     before {@code from} was counted in an earlier range if it met planned time there
   */
  void add(
      List<Segment> segments,
      List<Window> scheduled,
      Map<Long, Integer> classified,
      long microStopMillis,
      long from,
      long to,
      BiPredicate<Long, Long> scheduledBetween) {
    int w = 0;
    // A stop, a run of one reason within it, and a run of fault are each counted once: at their
    // first planned moment in the range, unless that moment came before the range.
    long reasonRun = Long.MIN_VALUE;
    long faultRun = Long.MIN_VALUE;
    int runReason = -1;
    Segment previous = null;
    long countedStop = Long.MIN_VALUE;
    long countedReasonRun = Long.MIN_VALUE;
    long countedFaultRun = Long.MIN_VALUE;
    boolean faultRunHere = false;
    for (Segment s : segments) {
      int effective =
          s.isStop() && s.reason() == 0
              ? classified.getOrDefault(s.stopStartMillis(), 0)
              : s.reason();
      boolean sameStop =
          previous != null
              && s.isStop()
              && previous.isStop()
              && previous.stopStartMillis() == s.stopStartMillis();
      if (!sameStop || effective != runReason) {
        reasonRun = s.startMillis();
      }
      runReason = effective;
      if (s.state() == MachineState.FAULT
          && !(sameStop && previous.state() == MachineState.FAULT)) {
        faultRun = s.startMillis();
      }
      previous = s;
      long a = Math.max(s.startMillis(), from);
      long b = Math.min(s.endMillis(), to);
      if (b <= a) {
        continue;
      }
      covered += b - a;
      while (w < scheduled.size() && scheduled.get(w).endMillis() <= a) {
        w++;
      }
      long inSchedule = 0;
      for (int k = w; k < scheduled.size() && scheduled.get(k).startMillis() < b; k++) {
        Window win = scheduled.get(k);
        inSchedule += Math.min(b, win.endMillis()) - Math.max(a, win.startMillis());
      }
      long outside = (b - a) - inSchedule;
      switch (s.state()) {
        case UNKNOWN -> unknown += b - a;
        case PRODUCING -> {
          run += b - a;
          if (s.idealCycleMillis() > 0) {
            countedRun += b - a;
          }
          planned += b - a;
        }
        case PLANNED_STOP -> {
          plannedStop += inSchedule;
          notScheduled += outside;
        }
        default -> {
          notScheduled += outside;
          boolean micro = s.stopMillis() < microStopMillis;
          if (micro) {
            microStop += inSchedule;
            run += inSchedule;
            if (s.idealCycleMillis() > 0) {
              countedRun += inSchedule;
              countedMicroStop += inSchedule;
            }
            planned += inSchedule;
            if (inSchedule > 0
                && countedStop != s.stopStartMillis()
                && firstHere(s.stopStartMillis(), from, scheduledBetween)) {
              microStops++;
            }
            countedStop = inSchedule > 0 ? s.stopStartMillis() : countedStop;
          } else {
            downtime += inSchedule;
            planned += inSchedule;
            long[] r = byReason.computeIfAbsent(effective, k -> new long[2]);
            r[0] += inSchedule;
            if (inSchedule > 0
                && countedReasonRun != reasonRun
                && firstHere(reasonRun, from, scheduledBetween)) {
              r[1]++;
            }
            countedReasonRun = inSchedule > 0 ? reasonRun : countedReasonRun;
            if (s.state() == MachineState.SETUP) {
              setup += inSchedule;
            } else {
              equipmentFailure += inSchedule;
            }
            if (s.state() == MachineState.FAULT) {
              if (inSchedule > 0 && countedFaultRun != faultRun) {
                countedFaultRun = faultRun;
                faultRunHere = firstHere(faultRun, from, scheduledBetween);
                failures += faultRunHere ? 1 : 0;
              }
              // Repair time belongs with its failure: a fault counted in an earlier range keeps
              // its time out of this range's MTTR.
              if (countedFaultRun == faultRun && faultRunHere) {
                faultMillis += inSchedule;
              }
            }
          }
        }
      }
      if (s.state() != MachineState.UNKNOWN && s.total() > 0) {
        double share = (double) (b - a) / s.length();
        double g = s.good() * share;
        double sc = s.scrap() * share;
        good += g;
        scrap += sc;
        idealMillis += (g + sc) * s.idealCycleMillis();
        if (s.startup()) {
          startupScrapIdeal += sc * s.idealCycleMillis();
        } else {
          scrapIdeal += sc * s.idealCycleMillis();
        }
      }
    }
    // Time no segment covers is time nobody saw the machine: before it was first seen, or while
    // the oee role itself was down.
    unknown += (to - from) - covered;
    covered = to - from;
  }

  /**
   * Whether an event that began at {@code start} belongs to a range that begins at {@code from}.
   */
  private static boolean firstHere(
      long start, long from, BiPredicate<Long, Long> scheduledBetween) {
    return start >= from || !scheduledBetween.test(start, from);
  }

  void merge(Tally o) {
    planned += o.planned;
    run += o.run;
    countedRun += o.countedRun;
    countedMicroStop += o.countedMicroStop;
    downtime += o.downtime;
    microStop += o.microStop;
    plannedStop += o.plannedStop;
    notScheduled += o.notScheduled;
    unknown += o.unknown;
    covered += o.covered;
    good += o.good;
    scrap += o.scrap;
    startupScrapIdeal += o.startupScrapIdeal;
    scrapIdeal += o.scrapIdeal;
    idealMillis += o.idealMillis;
    microStops += o.microStops;
    failures += o.failures;
    faultMillis += o.faultMillis;
    equipmentFailure += o.equipmentFailure;
    setup += o.setup;
    o.labels.forEach(labels::putIfAbsent);
    o.byReason.forEach(
        (code, v) -> {
          long[] r = byReason.computeIfAbsent(code, k -> new long[2]);
          r[0] += v[0];
          r[1] += v[1];
        });
  }
}
