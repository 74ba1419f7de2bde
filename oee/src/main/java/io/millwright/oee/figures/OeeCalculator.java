package io.millwright.oee.figures;

import io.millwright.oee.calendar.ShiftCalendar;
import io.millwright.oee.reason.ReasonTables;
import io.millwright.oee.state.Segment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Computes OEE from machines' segments and the shift calendar. Stateless and thread-safe. */
public final class OeeCalculator {

  private final ShiftCalendar calendar;
  private final ReasonTables reasons;

  public OeeCalculator(ShiftCalendar calendar, ReasonTables reasons) {
    this.calendar = calendar;
    this.reasons = reasons;
  }

  /** One machine's share of a computation. */
  public record MachineHistory(
      String machineId,
      String reasonTable,
      long microStopMillis,
      List<Segment> segments,
      Map<Long, Integer> classified) {}

  /**
   * The figures of these machines together over [from, to).
   *
   * @throws IllegalArgumentException when from is not before to
   */
  public OeeFigures compute(List<MachineHistory> machines, long from, long to) {
    if (from >= to) {
      throw new IllegalArgumentException("from must be before to");
    }
    Tally sum = new Tally();
    for (MachineHistory m : machines) {
      Tally one = new Tally();
      one.add(
          m.segments(),
          calendar.scheduled(m.machineId(), from, to),
          m.classified(),
          m.microStopMillis(),
          from,
          to);
      sum.merge(one);
    }
    String table = machines.isEmpty() ? "standard" : machines.getFirst().reasonTable();
    return figures(sum, table, from, to);
  }

  private OeeFigures figures(Tally t, String table, long from, long to) {
    long good = Math.round(t.good);
    long scrap = Math.round(t.scrap);
    double availability = ratio(t.run, t.planned);
    double performance = ratio(t.idealMillis, t.run);
    double quality = ratio(t.good, t.good + t.scrap);
    List<OeeFigures.ReasonLoss> pareto = new ArrayList<>();
    t.byReason.forEach(
        (code, v) ->
            pareto.add(new OeeFigures.ReasonLoss(code, reasons.label(table, code), v[0], v[1])));
    pareto.removeIf(r -> r.millis() == 0);
    pareto.sort(Comparator.comparingLong(OeeFigures.ReasonLoss::millis).reversed());
    return new OeeFigures(
        from,
        to,
        t.planned,
        t.run,
        t.downtime,
        t.microStop,
        t.plannedStop,
        t.notScheduled,
        t.unknown,
        good + scrap,
        good,
        scrap,
        Math.round(t.idealMillis),
        availability,
        performance,
        quality,
        availability * performance * quality,
        t.microStops,
        t.failures,
        t.failures == 0 ? -1 : (t.run - t.microStop) / t.failures,
        t.failures == 0 ? -1 : t.faultMillis / t.failures,
        new OeeFigures.SixBigLosses(
            t.equipmentFailure,
            t.setup,
            t.microStop,
            t.run - t.microStop - Math.round(t.idealMillis),
            Math.round(t.startupScrapIdeal),
            Math.round(t.scrapIdeal)),
        pareto);
  }

  private static double ratio(double part, double whole) {
    return whole > 0 ? part / whole : Double.NaN;
  }
}
