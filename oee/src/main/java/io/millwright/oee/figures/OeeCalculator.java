package io.millwright.oee.figures;

import io.millwright.oee.calendar.ShiftCalendar;
import io.millwright.oee.reason.ReasonTables;
import io.millwright.oee.state.Segment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

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
    return computeGroups(machines, m -> List.of(""), from, to).getOrDefault("", empty(from, to));
  }

  /**
   * The figures of groups of these machines over [from, to), each machine tallied once: a group's
   * figures are sums of its machines' times and parts. A machine may belong to several groups (its
   * own, its line, the site).
   *
   * @param groupsOf the groups a machine id belongs to
   * @return figures by group, in the order groups first appear
   * @throws IllegalArgumentException when from is not before to
   */
  public Map<String, OeeFigures> computeGroups(
      List<MachineHistory> machines, Function<String, List<String>> groupsOf, long from, long to) {
    if (from >= to) {
      throw new IllegalArgumentException("from must be before to");
    }
    Map<String, Tally> groups = new LinkedHashMap<>();
    for (MachineHistory m : machines) {
      Tally one = new Tally();
      one.add(
          m.segments(),
          calendar.scheduled(m.machineId(), from, to),
          m.classified(),
          m.microStopMillis(),
          from,
          to,
          (a, b) -> a < b && !calendar.scheduled(m.machineId(), a, b).isEmpty());
      for (Integer code : one.byReason.keySet()) {
        one.labels.put(code, reasons.label(m.reasonTable(), code));
      }
      for (String group : groupsOf.apply(m.machineId())) {
        groups.computeIfAbsent(group, g -> new Tally()).merge(one);
      }
    }
    Map<String, OeeFigures> out = new LinkedHashMap<>();
    groups.forEach((group, tally) -> out.put(group, figures(tally, from, to)));
    return out;
  }

  private OeeFigures empty(long from, long to) {
    Tally none = new Tally();
    none.add(List.of(), List.of(), Map.of(), 0, from, to, (a, b) -> false);
    none.unknown = 0; // no machine: nothing was unseen either
    return figures(none, from, to);
  }

  private OeeFigures figures(Tally t, long from, long to) {
    long good = Math.round(t.good);
    long scrap = Math.round(t.scrap);
    double availability = ratio(t.run, t.planned);
    double performance = ratio(t.idealMillis, t.countedRun);
    double quality = ratio(t.good, t.good + t.scrap);
    List<OeeFigures.ReasonLoss> pareto = new ArrayList<>();
    t.byReason.forEach(
        (code, v) ->
            pareto.add(
                new OeeFigures.ReasonLoss(
                    code, t.labels.getOrDefault(code, "unknown reason code " + code), v[0], v[1])));
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
            t.countedRun - t.countedMicroStop - Math.round(t.idealMillis),
            Math.round(t.startupScrapIdeal),
            Math.round(t.scrapIdeal)),
        pareto);
  }

  private static double ratio(double part, double whole) {
    return whole > 0 ? part / whole : Double.NaN;
  }
}
