package io.millwright.oee.figures;

import java.util.List;

/**
 * OEE and its parts for one machine, line or the site over [from, to). Times are milliseconds. A
 * ratio that cannot be computed (no planned time, no run time, no parts) is NaN, shown as null.
 *
 * @param plannedMillis planned production time: scheduled time that was not a planned stop, plus
 *     production outside the schedule
 * @param runMillis producing time plus micro-stops
 * @param downtimeMillis unplanned stops longer than the micro-stop threshold, in schedule
 * @param microStopMillis stops shorter than the threshold, counted in run time as speed loss
 * @param plannedStopMillis planned stops the machine reported within the schedule
 * @param notScheduledMillis time outside the schedule (breaks, off shifts, holidays, planned
 *     downtime) when the machine was not producing
 * @param unknownMillis time without data: the machine could not be seen; left out of every ratio
 * @param idealMillis ideal cycle time times parts made: the net productive time
 * @param mtbfMillis run time per failure (fault stop), -1 with no failures
 * @param mttrMillis fault downtime per failure, -1 with no failures
 */
public record OeeFigures(
    long fromMillis,
    long toMillis,
    long plannedMillis,
    long runMillis,
    long downtimeMillis,
    long microStopMillis,
    long plannedStopMillis,
    long notScheduledMillis,
    long unknownMillis,
    long total,
    long good,
    long scrap,
    long idealMillis,
    double availability,
    double performance,
    double quality,
    double oee,
    long microStops,
    long failures,
    long mtbfMillis,
    long mttrMillis,
    SixBigLosses losses,
    List<ReasonLoss> pareto) {

  public OeeFigures {
    pareto = List.copyOf(pareto);
  }

  /**
   * Nakajima's six big losses, as time. Long unplanned stops that are not setups (faults, waiting,
   * idle) are equipment failure; quality losses are the ideal time of the scrapped parts.
   */
  public record SixBigLosses(
      long equipmentFailureMillis,
      long setupAndAdjustmentsMillis,
      long idlingAndMinorStopsMillis,
      long reducedSpeedMillis,
      long startupRejectsMillis,
      long productionRejectsMillis) {}

  /** Downtime of one reason, for the Pareto chart, largest first. */
  public record ReasonLoss(int code, String label, long millis, long occurrences) {}
}
