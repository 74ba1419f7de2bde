package io.millwright.app.oee;

import io.millwright.oee.calendar.ShiftInstance;
import io.millwright.oee.engine.MachineStatus;
import io.millwright.oee.engine.Stop;
import io.millwright.oee.figures.OeeFigures;
import io.millwright.oee.state.Segment;
import java.time.Instant;
import java.util.List;

/**
 * The JSON shapes of {@code /api/v1/oee} and {@code /api/v1/states}: times as instants, durations
 * in seconds, ratios between 0 and 1 or null where they cannot be computed.
 */
final class OeeApi {

  private OeeApi() {}

  record Figures(
      Instant from,
      Instant to,
      Double availability,
      Double performance,
      Double quality,
      Double oee,
      double plannedSeconds,
      double runSeconds,
      double downtimeSeconds,
      double microStopSeconds,
      double plannedStopSeconds,
      double notScheduledSeconds,
      double unknownSeconds,
      long total,
      long good,
      long scrap,
      long microStops,
      long failures,
      Double mtbfSeconds,
      Double mttrSeconds,
      Losses sixBigLosses,
      List<ReasonLoss> downtimeByReason) {}

  record Losses(
      double equipmentFailureSeconds,
      double setupAndAdjustmentsSeconds,
      double idlingAndMinorStopsSeconds,
      double reducedSpeedSeconds,
      double startupRejectsSeconds,
      double productionRejectsSeconds) {}

  record ReasonLoss(int code, String label, double seconds, long occurrences) {}

  record Shift(String id, String name, Instant start, Instant end) {}

  record Named(String name, Figures figures) {}

  record Live(Shift shift, Instant at, Figures site, List<Named> lines, List<Named> machines) {}

  record ShiftFigures(Shift shift, Figures figures) {}

  record Status(
      String machine,
      String area,
      String line,
      String state,
      int reason,
      String reasonLabel,
      Instant since,
      String product) {}

  record TimelineEntry(
      Instant start,
      Instant end,
      String state,
      int reason,
      String product,
      long good,
      long scrap,
      boolean microStop) {}

  record StopEntry(
      Instant start,
      Instant end,
      boolean ongoing,
      double seconds,
      String state,
      int reason,
      String reasonLabel,
      boolean microStop,
      Classification classification) {}

  record Classification(int reason, String label, String user, String comment, Instant at) {}

  /** What an operator sends to classify a stop. */
  record ClassifyRequest(Integer reason, String comment) {}

  static Figures figures(OeeFigures f) {
    OeeFigures.SixBigLosses l = f.losses();
    return new Figures(
        Instant.ofEpochMilli(f.fromMillis()),
        Instant.ofEpochMilli(f.toMillis()),
        ratio(f.availability()),
        ratio(f.performance()),
        ratio(f.quality()),
        ratio(f.oee()),
        seconds(f.plannedMillis()),
        seconds(f.runMillis()),
        seconds(f.downtimeMillis()),
        seconds(f.microStopMillis()),
        seconds(f.plannedStopMillis()),
        seconds(f.notScheduledMillis()),
        seconds(f.unknownMillis()),
        f.total(),
        f.good(),
        f.scrap(),
        f.microStops(),
        f.failures(),
        f.mtbfMillis() < 0 ? null : seconds(f.mtbfMillis()),
        f.mttrMillis() < 0 ? null : seconds(f.mttrMillis()),
        new Losses(
            seconds(l.equipmentFailureMillis()),
            seconds(l.setupAndAdjustmentsMillis()),
            seconds(l.idlingAndMinorStopsMillis()),
            seconds(l.reducedSpeedMillis()),
            seconds(l.startupRejectsMillis()),
            seconds(l.productionRejectsMillis())),
        f.pareto().stream()
            .map(r -> new ReasonLoss(r.code(), r.label(), seconds(r.millis()), r.occurrences()))
            .toList());
  }

  static Shift shift(ShiftInstance s) {
    return new Shift(
        s.id(),
        s.name(),
        Instant.ofEpochMilli(s.startMillis()),
        Instant.ofEpochMilli(s.endMillis()));
  }

  static Status status(MachineStatus s) {
    return new Status(
        s.machineId(),
        s.area(),
        s.line(),
        s.state().wireName(),
        s.reason(),
        s.reasonLabel(),
        s.sinceMillis() < 0 ? null : Instant.ofEpochMilli(s.sinceMillis()),
        s.product());
  }

  static TimelineEntry timeline(Segment s, long microStopMillis) {
    return new TimelineEntry(
        Instant.ofEpochMilli(s.startMillis()),
        Instant.ofEpochMilli(s.endMillis()),
        s.state().wireName(),
        s.reason(),
        s.product(),
        s.good(),
        s.scrap(),
        s.isStop() && s.stopMillis() < microStopMillis);
  }

  static StopEntry stop(Stop s) {
    Stop.Classification c = s.classification();
    return new StopEntry(
        Instant.ofEpochMilli(s.startMillis()),
        Instant.ofEpochMilli(s.endMillis()),
        s.ongoing(),
        seconds(s.endMillis() - s.startMillis()),
        s.state().wireName(),
        s.reason(),
        s.reasonLabel(),
        s.micro(),
        c == null
            ? null
            : new Classification(
                c.code(), c.label(), c.user(), c.comment(), Instant.ofEpochMilli(c.atMillis())));
  }

  private static Double ratio(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static double seconds(long millis) {
    return millis / 1000.0;
  }
}
