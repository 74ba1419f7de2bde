package io.millwright.oee.figures;

import io.millwright.core.machine.MachineState;
import io.millwright.oee.calendar.Window;
import io.millwright.oee.state.Segment;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
   */
  void add(
      List<Segment> segments,
      List<Window> scheduled,
      Map<Long, Integer> classified,
      long microStopMillis,
      long from,
      long to) {
    int w = 0;
    MachineState before = MachineState.UNKNOWN;
    int reasonBefore = -1;
    for (Segment s : segments) {
      long a = Math.max(s.startMillis(), from);
      long b = Math.min(s.endMillis(), to);
      if (b <= a) {
        before = s.state();
        reasonBefore = -1;
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
          planned += b - a;
        }
        case PLANNED_STOP -> {
          plannedStop += inSchedule;
          notScheduled += outside;
        }
        default -> {
          notScheduled += outside;
          boolean micro = s.stopMillis() < microStopMillis;
          boolean stopBegins = s.startMillis() == s.stopStartMillis() && s.startMillis() >= from;
          if (micro) {
            microStop += inSchedule;
            run += inSchedule;
            planned += inSchedule;
            if (stopBegins && inSchedule > 0) {
              microStops++;
            }
          } else {
            downtime += inSchedule;
            planned += inSchedule;
            int reason =
                s.reason() != 0 ? s.reason() : classified.getOrDefault(s.stopStartMillis(), 0);
            long[] r = byReason.computeIfAbsent(reason, k -> new long[2]);
            r[0] += inSchedule;
            if (inSchedule > 0 && (stopBegins || reason != reasonBefore)) {
              r[1]++;
            }
            reasonBefore = reason;
            if (s.state() == MachineState.SETUP) {
              setup += inSchedule;
            } else {
              equipmentFailure += inSchedule;
            }
            if (s.state() == MachineState.FAULT) {
              faultMillis += inSchedule;
              if (before != MachineState.FAULT && s.startMillis() >= from && inSchedule > 0) {
                failures++;
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
      if (!s.isStop()) {
        reasonBefore = -1;
      }
      before = s.state();
    }
    // Time no segment covers is time nobody saw the machine: before it was first seen, or while
    // the oee role itself was down.
    unknown += (to - from) - covered;
    covered = to - from;
  }

  void merge(Tally o) {
    planned += o.planned;
    run += o.run;
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
