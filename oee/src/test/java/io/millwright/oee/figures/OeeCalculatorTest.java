package io.millwright.oee.figures;

import static io.millwright.core.machine.MachineState.FAULT;
import static io.millwright.core.machine.MachineState.IDLE;
import static io.millwright.core.machine.MachineState.PLANNED_STOP;
import static io.millwright.core.machine.MachineState.PRODUCING;
import static io.millwright.core.machine.MachineState.SETUP;
import static io.millwright.core.machine.MachineState.UNKNOWN;
import static io.millwright.oee.OeeFixtures.MINUTE;
import static io.millwright.oee.OeeFixtures.SECOND;
import static io.millwright.oee.OeeFixtures.utc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.millwright.core.machine.MachineState;
import io.millwright.oee.OeeFixtures;
import io.millwright.oee.reason.Reason;
import io.millwright.oee.reason.ReasonTables;
import io.millwright.oee.state.Segment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Figures over the early shift of 2025-03-04 (06:00–14:00 UTC, break 10:00–10:30: 450 scheduled
 * minutes) from segments written by hand, every number worked out in the comments.
 */
class OeeCalculatorTest {

  private static final long FROM = utc("2025-03-04T06:00:00");
  private static final long TO = utc("2025-03-04T14:00:00");
  private static final long MICRO = 30 * SECOND;
  private static final long CYCLE = 2000;

  /** The presses' own table; 520 is deliberately missing from it. */
  private static final ReasonTables REASONS =
      ReasonTables.of(
          Map.of(
              "presses",
              List.of(
                  new Reason(120, "waiting for crane"),
                  new Reason(200, "die change"),
                  new Reason(500, "ram jammed"))));

  private final OeeCalculator calculator = new OeeCalculator(OeeFixtures.twoShifts(), REASONS);

  private static long at(String hhmmss) {
    return utc("2025-03-04T" + hhmmss);
  }

  private static Segment producing(String from, String to, long good, long scrap, boolean startup) {
    return new Segment(at(from), at(to), PRODUCING, 0, "", good, scrap, CYCLE, startup, 0, 0);
  }

  /** A whole stop in one segment. */
  private static Segment stop(String from, String to, MachineState state, int reason) {
    long a = at(from);
    long b = at(to);
    return new Segment(a, b, state, reason, "", 0, 0, CYCLE, false, a, b - a);
  }

  private static Segment other(String from, String to, MachineState state, int reason) {
    return new Segment(at(from), at(to), state, reason, "", 0, 0, CYCLE, false, 0, 0);
  }

  /** The shift of the worked example. */
  private static List<Segment> shift() {
    return List.of(
        producing("06:00:00", "08:00:00", 3000, 100, false), // 120 min
        stop("08:00:00", "08:00:20", IDLE, 0), // 20 s: a micro-stop
        producing("08:00:20", "09:00:00", 1000, 0, false), // 59 min 40 s
        stop("09:00:00", "09:20:00", FAULT, 500), // 20 min, failure 1
        producing("09:20:00", "10:00:00", 700, 0, false), // 40 min
        other("10:00:00", "10:15:00", PLANNED_STOP, 410), // in the break: not scheduled
        producing("10:15:00", "10:30:00", 300, 0, false), // 15 min in the break: still counts
        stop("10:30:00", "11:00:00", IDLE, 0), // 30 min, classified 120 by an operator
        other("11:00:00", "11:25:00", UNKNOWN, 0), // 25 min nobody saw
        stop("11:25:00", "12:00:00", SETUP, 200), // 35 min
        producing("12:00:00", "12:10:00", 200, 50, true), // start-up: 50 scrap is start-up loss
        producing("12:10:00", "13:00:00", 1400, 0, false), // 50 min
        stop("13:00:00", "13:45:00", FAULT, 520), // 45 min, failure 2
        other("13:45:00", "14:00:00", PLANNED_STOP, 400)); // 15 min planned in the schedule
  }

  private static OeeCalculator.MachineHistory history(String id, List<Segment> segments) {
    return new OeeCalculator.MachineHistory(
        id, "presses", MICRO, segments, Map.of(at("10:30:00"), 120));
  }

  @Test
  void theWorkedExample() {
    OeeFigures f = calculator.compute(List.of(history("press-01", shift())), FROM, TO);

    // Producing: 120 + 59:40 + 40 + 15 (break) + 10 + 50 = 294:40; with the 20 s micro-stop,
    // run = 295 min.
    assertThat(f.runMillis()).isEqualTo(295 * MINUTE);
    assertThat(f.microStopMillis()).isEqualTo(20 * SECOND);
    assertThat(f.microStops()).isEqualTo(1);
    // Downtime in the schedule: fault 20 + idle 30 + setup 35 + fault 45 = 130 min.
    assertThat(f.downtimeMillis()).isEqualTo(130 * MINUTE);
    // Planned = run + downtime = 425 min: the 450 scheduled less 25 unknown and 15 planned stop,
    // plus the 15 produced in the break.
    assertThat(f.plannedMillis()).isEqualTo(425 * MINUTE);
    assertThat(f.plannedStopMillis()).isEqualTo(15 * MINUTE);
    assertThat(f.notScheduledMillis()).isEqualTo(15 * MINUTE); // the planned stop in the break
    assertThat(f.unknownMillis()).isEqualTo(25 * MINUTE);

    // Parts: good 3000+1000+700+300+200+1400 = 6600, scrap 100+50 = 150.
    assertThat(f.good()).isEqualTo(6600);
    assertThat(f.scrap()).isEqualTo(150);
    assertThat(f.total()).isEqualTo(6750);
    // Ideal: 6750 parts x 2 s = 13 500 s = 225 min.
    assertThat(f.idealMillis()).isEqualTo(225 * MINUTE);

    assertThat(f.availability()).isCloseTo(295.0 / 425, within(1e-12)); // 0.6941
    assertThat(f.performance()).isCloseTo(225.0 / 295, within(1e-12)); // 0.7627
    assertThat(f.quality()).isCloseTo(6600.0 / 6750, within(1e-12)); // 0.9778
    // OEE is good parts' ideal time over planned time: 6600 x 2 s = 220 min of 425.
    assertThat(f.oee()).isCloseTo(220.0 / 425, within(1e-12)); // 0.5176

    // Two faults began in range; 20 + 45 = 65 min of fault.
    assertThat(f.failures()).isEqualTo(2);
    assertThat(f.mttrMillis()).isEqualTo(65 * MINUTE / 2);
    // MTBF is producing time (run less micro-stops: 294:40) per failure.
    assertThat(f.mtbfMillis()).isEqualTo((294 * MINUTE + 40 * SECOND) / 2);
  }

  @Test
  void theSixBigLossesAddUp() {
    OeeFigures f = calculator.compute(List.of(history("press-01", shift())), FROM, TO);
    OeeFigures.SixBigLosses l = f.losses();

    // Fault 20 + idle 30 + fault 45 = 95 min is equipment failure; the setup 35.
    assertThat(l.equipmentFailureMillis()).isEqualTo(95 * MINUTE);
    assertThat(l.setupAndAdjustmentsMillis()).isEqualTo(35 * MINUTE);
    assertThat(l.idlingAndMinorStopsMillis()).isEqualTo(20 * SECOND);
    // 295 min run - 20 s micro - 225 min ideal = 69:40.
    assertThat(l.reducedSpeedMillis()).isEqualTo(69 * MINUTE + 40 * SECOND);
    // Scrap's ideal time: 50 x 2 s in start-up, 100 x 2 s otherwise.
    assertThat(l.startupRejectsMillis()).isEqualTo(100 * SECOND);
    assertThat(l.productionRejectsMillis()).isEqualTo(200 * SECOND);

    assertThat(f.plannedMillis())
        .isEqualTo(f.runMillis() + l.equipmentFailureMillis() + l.setupAndAdjustmentsMillis());
    assertThat(f.plannedMillis()).isEqualTo(f.runMillis() + f.downtimeMillis());
    assertThat(f.runMillis())
        .isCloseTo(
            f.idealMillis() + l.idlingAndMinorStopsMillis() + l.reducedSpeedMillis(), within(1L));
  }

  @Test
  void theParetoIsSortedByTimeWithTheMachinesLabels() {
    OeeFigures f = calculator.compute(List.of(history("press-01", shift())), FROM, TO);
    // 520 is not in the presses table; 120 is the operator's classification of the idle stop.
    // The 20 s micro-stop is not downtime and does not appear.
    assertThat(f.pareto())
        .containsExactly(
            new OeeFigures.ReasonLoss(520, "unknown reason code 520", 45 * MINUTE, 1),
            new OeeFigures.ReasonLoss(200, "die change", 35 * MINUTE, 1),
            new OeeFigures.ReasonLoss(120, "waiting for crane", 30 * MINUTE, 1),
            new OeeFigures.ReasonLoss(500, "ram jammed", 20 * MINUTE, 1));
  }

  @Test
  void anUnclassifiedStopIsCodeZero() {
    OeeFigures f =
        calculator.compute(
            List.of(
                new OeeCalculator.MachineHistory(
                    "press-01",
                    "presses",
                    MICRO,
                    List.of(stop("06:00:00", "07:00:00", IDLE, 0)),
                    Map.of())),
            FROM,
            at("07:00:00"));
    assertThat(f.pareto())
        .containsExactly(new OeeFigures.ReasonLoss(0, "unclassified", 60 * MINUTE, 1));
    assertThat(f.availability()).isZero();
    // No run time, no parts: ratios that cannot be computed are NaN, not 0 or a crash.
    assertThat(f.performance()).isNaN();
    assertThat(f.quality()).isNaN();
  }

  @Test
  void aStopOverTheBreakCountsOnlyItsScheduledTime() {
    // Idle all shift long: 480 min of which the 30 min break are not scheduled.
    OeeFigures f =
        calculator.compute(
            List.of(history("press-01", List.of(stop("06:00:00", "14:00:00", IDLE, 100)))),
            FROM,
            TO);
    assertThat(f.downtimeMillis()).isEqualTo(450 * MINUTE);
    assertThat(f.plannedMillis()).isEqualTo(450 * MINUTE);
    assertThat(f.notScheduledMillis()).isEqualTo(30 * MINUTE);
    assertThat(f.pareto()).extracting(OeeFigures.ReasonLoss::millis).containsExactly(450 * MINUTE);
  }

  @Test
  void productionAtNightCountsAndIdleAtNightDoesNot() {
    // 22:00–06:00 is not scheduled.
    long night = utc("2025-03-04T23:00:00");
    List<Segment> segs =
        List.of(
            new Segment(night, night + 60 * MINUTE, PRODUCING, 0, "", 1200, 0, CYCLE, false, 0, 0),
            new Segment(
                night + 60 * MINUTE,
                night + 120 * MINUTE,
                IDLE,
                0,
                "",
                0,
                0,
                CYCLE,
                false,
                night + 60 * MINUTE,
                60 * MINUTE));
    OeeFigures f =
        calculator.compute(List.of(history("press-01", segs)), night, night + 120 * MINUTE);
    assertThat(f.runMillis()).isEqualTo(60 * MINUTE);
    assertThat(f.plannedMillis()).isEqualTo(60 * MINUTE);
    assertThat(f.downtimeMillis()).isZero();
    assertThat(f.notScheduledMillis()).isEqualTo(60 * MINUTE);
    assertThat(f.availability()).isEqualTo(1.0);
    // 1200 x 2 s = 40 min ideal in 60 min run.
    assertThat(f.performance()).isCloseTo(40.0 / 60, within(1e-12));
  }

  @Test
  void timeNoSegmentCoversIsUnknownAndLeftOut() {
    // Seen only from 07:00; the hour before is unknown, not downtime.
    OeeFigures f =
        calculator.compute(
            List.of(
                history("press-01", List.of(producing("07:00:00", "08:00:00", 1800, 0, false)))),
            FROM,
            at("08:00:00"));
    assertThat(f.unknownMillis()).isEqualTo(60 * MINUTE);
    assertThat(f.plannedMillis()).isEqualTo(60 * MINUTE);
    assertThat(f.availability()).isEqualTo(1.0);
    assertThat(f.performance()).isEqualTo(1.0);
  }

  @Test
  void aSegmentCrossingTheRangeCountsItsShareOfTheParts() {
    // 07:00–09:00 with 100 parts; the range takes the first hour, so 50.
    OeeFigures f =
        calculator.compute(
            List.of(history("press-01", List.of(producing("07:00:00", "09:00:00", 100, 0, false)))),
            at("07:00:00"),
            at("08:00:00"));
    assertThat(f.good()).isEqualTo(50);
    assertThat(f.runMillis()).isEqualTo(60 * MINUTE);
  }

  @Test
  void aFaultSplitAtAShiftEdgeIsOneFailure() {
    List<Segment> segs =
        List.of(
            new Segment(
                at("13:30:00"),
                at("14:00:00"),
                FAULT,
                500,
                "",
                0,
                0,
                CYCLE,
                false,
                at("13:30:00"),
                60 * MINUTE),
            new Segment(
                at("14:00:00"),
                at("14:30:00"),
                FAULT,
                500,
                "",
                0,
                0,
                CYCLE,
                false,
                at("13:30:00"),
                60 * MINUTE));
    OeeFigures f =
        calculator.compute(List.of(history("press-01", segs)), at("13:30:00"), at("14:30:00"));
    assertThat(f.failures()).isEqualTo(1);
    assertThat(f.mttrMillis()).isEqualTo(60 * MINUTE);
    assertThat(f.pareto())
        .containsExactly(new OeeFigures.ReasonLoss(500, "ram jammed", 60 * MINUTE, 1));
  }

  @Test
  void groupsAreSumsOfTheirMachinesAndEqualComputingThemDirectly() {
    // A second press that produced all shift at half speed.
    List<Segment> other = List.of(producing("06:00:00", "14:00:00", 7200, 72, false));
    OeeCalculator.MachineHistory a = history("press-01", shift());
    OeeCalculator.MachineHistory b = history("press-02", other);

    Map<String, OeeFigures> groups =
        calculator.computeGroups(
            List.of(a, b), id -> List.of("machine:" + id, "line", "site"), FROM, TO);
    assertThat(groups.keySet())
        .containsExactly("machine:press-01", "line", "site", "machine:press-02");
    assertThat(groups.get("machine:press-01")).isEqualTo(calculator.compute(List.of(a), FROM, TO));
    assertThat(groups.get("machine:press-02")).isEqualTo(calculator.compute(List.of(b), FROM, TO));
    OeeFigures both = calculator.compute(List.of(a, b), FROM, TO);
    assertThat(groups.get("site")).isEqualTo(both);
    assertThat(groups.get("line")).isEqualTo(both);
    // Sums of times, not averages of percentages: (295 + 480) / (425 + 480).
    assertThat(both.availability()).isCloseTo(775.0 / 905, within(1e-12));
  }

  @Test
  void aMachineInNoGroupIsLeftOut() {
    Map<String, List<String>> membership = new LinkedHashMap<>();
    membership.put("press-01", List.of("line"));
    membership.put("press-02", List.of());
    List<OeeCalculator.MachineHistory> machines = new ArrayList<>();
    machines.add(history("press-01", shift()));
    machines.add(history("press-02", List.of(producing("06:00:00", "14:00:00", 1, 0, false))));
    Map<String, OeeFigures> groups = calculator.computeGroups(machines, membership::get, FROM, TO);
    assertThat(groups.get("line")).isEqualTo(calculator.compute(machines.subList(0, 1), FROM, TO));
  }

  @Test
  void noMachinesGiveEmptyFiguresAndABadRangeIsRefused() {
    OeeFigures none = calculator.compute(List.of(), FROM, TO);
    assertThat(none.plannedMillis()).isZero();
    assertThat(none.unknownMillis()).isZero();
    assertThat(none.oee()).isNaN();
    assertThatThrownBy(() -> calculator.compute(List.of(), TO, FROM))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMachineWithoutCountersCountsForAvailabilityButNotForPerformance() {
    // press-02 produces the whole shift but counts no parts (no counters, so no ideal cycle).
    Segment uncounted =
        new Segment(at("06:00:00"), at("14:00:00"), PRODUCING, 0, "", 0, 0, 0, false, 0, 0);
    OeeCalculator.MachineHistory a = history("press-01", shift());
    OeeCalculator.MachineHistory b = history("press-02", List.of(uncounted));
    OeeFigures alone = calculator.compute(List.of(a), FROM, TO);
    OeeFigures both = calculator.compute(List.of(a, b), FROM, TO);
    assertThat(calculator.compute(List.of(b), FROM, TO).performance()).isNaN();
    assertThat(both.performance()).isEqualTo(alone.performance());
    assertThat(both.availability()).isCloseTo(775.0 / 905, within(1e-12));
    assertThat(both.losses().reducedSpeedMillis()).isEqualTo(alone.losses().reducedSpeedMillis());
  }
}
