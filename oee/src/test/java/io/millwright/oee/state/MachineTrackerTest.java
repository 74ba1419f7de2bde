package io.millwright.oee.state;

import static io.millwright.core.machine.MachineState.IDLE;
import static io.millwright.core.machine.MachineState.PRODUCING;
import static io.millwright.core.machine.MachineState.UNKNOWN;
import static io.millwright.oee.OeeFixtures.MINUTE;
import static io.millwright.oee.OeeFixtures.SECOND;
import static io.millwright.oee.OeeFixtures.bad;
import static io.millwright.oee.OeeFixtures.good;
import static io.millwright.oee.OeeFixtures.message;
import static io.millwright.oee.OeeFixtures.utc;
import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.machine.MachineState;
import io.millwright.core.machine.StateCondition;
import io.millwright.core.machine.StateModel;
import io.millwright.core.machine.StateRule;
import io.millwright.core.sample.Value;
import io.millwright.oee.OeeFixtures;
import io.millwright.oee.calendar.ShiftCalendar;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MachineTrackerTest {

  private static final long T0 = utc("2025-03-04T08:00:00");

  private final List<Segment> out = new ArrayList<>();

  private MachineTracker tracker(StateModel model, ShiftCalendar calendar) {
    return new MachineTracker("press-01", model, calendar, out::add);
  }

  private MachineTracker tracker() {
    return tracker(OeeFixtures.stateTagModel(), OeeFixtures.always());
  }

  /** A producing or other non-stop segment as the tracker cuts it with a 2 s ideal cycle. */
  private static Segment run(long from, long to, long good) {
    return new Segment(from, to, PRODUCING, 0, "", good, 0, 2000, false, 0, 0);
  }

  private static Segment stop(
      long from, long to, MachineState state, int reason, long stopStart, long stopLength) {
    return new Segment(from, to, state, reason, "", 0, 0, 2000, false, stopStart, stopLength);
  }

  @Test
  void aScriptedShiftBecomesExactSegments() {
    MachineTracker t = tracker();
    t.accept(T0, message(T0, PRODUCING, 0, 0));
    // The 5 parts reported with the change to idle were made while producing.
    t.accept(T0 + MINUTE, message(T0 + MINUTE, IDLE, 100, 5));
    t.accept(T0 + 2 * MINUTE, message(T0 + 2 * MINUTE, PRODUCING, 0, 5));
    t.accept(T0 + 3 * MINUTE, message(T0 + 3 * MINUTE, PRODUCING, 0, 8));

    // Nothing before the first reading: the first segment starts exactly at it.
    assertThat(out)
        .containsExactly(
            run(T0, T0 + MINUTE, 5),
            stop(T0 + MINUTE, T0 + 2 * MINUTE, IDLE, 100, T0 + MINUTE, MINUTE));
    assertThat(t.unfinished(T0 + 3 * MINUTE))
        .containsExactly(run(T0 + 2 * MINUTE, T0 + 3 * MINUTE, 3));
    assertThat(t.state()).isEqualTo(PRODUCING);
    assertThat(t.since()).isEqualTo(T0 + 2 * MINUTE);
  }

  @Test
  void aStopIsHeldBackUntilItEndsAndCarriesItsWholeLength() {
    MachineTracker t = tracker();
    t.accept(T0, message(T0, PRODUCING, 0, 0));
    t.accept(T0 + MINUTE, message(T0 + MINUTE, IDLE, 0, 30));
    // The reason arrives 20 s into the stop: a second segment of the same stop.
    t.accept(T0 + MINUTE + 20 * SECOND, message(T0 + MINUTE + 20 * SECOND, IDLE, 600, 30));
    assertThat(out).containsExactly(run(T0, T0 + MINUTE, 30));
    // While it goes on, the unfinished view shows both parts with the length so far (45 s).
    assertThat(t.unfinished(T0 + MINUTE + 45 * SECOND))
        .containsExactly(
            stop(T0 + MINUTE, T0 + MINUTE + 20 * SECOND, IDLE, 0, T0 + MINUTE, 45 * SECOND),
            stop(
                T0 + MINUTE + 20 * SECOND,
                T0 + MINUTE + 45 * SECOND,
                IDLE,
                600,
                T0 + MINUTE,
                45 * SECOND));
    assertThat(t.since()).isEqualTo(T0 + MINUTE);

    t.accept(T0 + 2 * MINUTE, message(T0 + 2 * MINUTE, PRODUCING, 0, 30));
    assertThat(out)
        .containsExactly(
            run(T0, T0 + MINUTE, 30),
            stop(T0 + MINUTE, T0 + MINUTE + 20 * SECOND, IDLE, 0, T0 + MINUTE, MINUTE),
            stop(T0 + MINUTE + 20 * SECOND, T0 + 2 * MINUTE, IDLE, 600, T0 + MINUTE, MINUTE));
  }

  @Test
  void aTenSecondStopIsShorterThanTheMicroStopThresholdAndAMinuteIsNot() {
    MachineTracker t = tracker();
    t.accept(T0, message(T0, PRODUCING, 0, 0));
    t.accept(T0 + MINUTE, message(T0 + MINUTE, IDLE, 0, 30));
    t.accept(T0 + MINUTE + 10 * SECOND, message(T0 + MINUTE + 10 * SECOND, PRODUCING, 0, 30));
    t.accept(T0 + 2 * MINUTE, message(T0 + 2 * MINUTE, IDLE, 0, 55));
    t.accept(T0 + 3 * MINUTE, message(T0 + 3 * MINUTE, PRODUCING, 0, 55));

    List<Segment> stops = out.stream().filter(Segment::isStop).toList();
    assertThat(stops).extracting(Segment::stopMillis).containsExactly(10 * SECOND, MINUTE);
    long threshold = OeeFixtures.stateTagModel().microStop().toMillis();
    assertThat(stops.get(0).stopMillis()).isLessThan(threshold);
    assertThat(stops.get(1).stopMillis()).isGreaterThanOrEqualTo(threshold);
  }

  @Test
  void aBadStateTagMakesTheMachineUnknownAndItsPartsUncounted() {
    MachineTracker t = tracker();
    t.accept(T0, message(T0, PRODUCING, 0, 0));
    t.accept(T0 + MINUTE, message(T0 + MINUTE, PRODUCING, 0, 5));
    // The state goes Bad while the counter is still read: the 2 parts up to now were made while
    // producing, seen.
    t.accept(
        T0 + 2 * MINUTE,
        List.of(bad("state", T0 + 2 * MINUTE), good("count", Value.of(7L), T0 + 2 * MINUTE)));
    assertThat(t.state()).isEqualTo(UNKNOWN);
    // Parts made while unknown (7 -> 20 -> 25) are nobody's.
    t.accept(T0 + 3 * MINUTE, List.of(good("count", Value.of(20L), T0 + 3 * MINUTE)));
    t.accept(T0 + 4 * MINUTE, message(T0 + 4 * MINUTE, PRODUCING, 0, 25));
    t.accept(T0 + 5 * MINUTE, message(T0 + 5 * MINUTE, PRODUCING, 0, 27));

    assertThat(out)
        .containsExactly(
            run(T0, T0 + 2 * MINUTE, 7),
            new Segment(T0 + 2 * MINUTE, T0 + 4 * MINUTE, UNKNOWN, 0, "", 0, 0, 2000, false, 0, 0));
    assertThat(t.unfinished(T0 + 5 * MINUTE))
        .containsExactly(run(T0 + 4 * MINUTE, T0 + 5 * MINUTE, 2));
  }

  @Test
  void goingOfflineForgetsEverythingAndTheCounterStartsAgain() {
    MachineTracker t = tracker();
    t.accept(T0, message(T0, PRODUCING, 0, 0));
    t.accept(T0 + MINUTE, message(T0 + MINUTE, PRODUCING, 0, 10));
    t.offline(T0 + MINUTE + 30 * SECOND);
    t.accept(T0 + 3 * MINUTE, message(T0 + 3 * MINUTE, PRODUCING, 0, 500));
    t.accept(T0 + 4 * MINUTE, message(T0 + 4 * MINUTE, PRODUCING, 0, 504));
    assertThat(out)
        .containsExactly(
            run(T0, T0 + MINUTE + 30 * SECOND, 10),
            new Segment(
                T0 + MINUTE + 30 * SECOND,
                T0 + 3 * MINUTE,
                UNKNOWN,
                0,
                "",
                0,
                0,
                2000,
                false,
                0,
                0));
    assertThat(t.unfinished(T0 + 4 * MINUTE))
        .containsExactly(run(T0 + 3 * MINUTE, T0 + 4 * MINUTE, 4));
  }

  @Test
  void aCounterThatGoesDownWasResetAndCountsWhatItShowsAfter() {
    MachineTracker t = tracker();
    t.accept(T0, message(T0, PRODUCING, 0, 100));
    t.accept(T0 + MINUTE, message(T0 + MINUTE, PRODUCING, 0, 110));
    t.accept(T0 + 2 * MINUTE, message(T0 + 2 * MINUTE, PRODUCING, 0, 3));
    t.accept(T0 + 3 * MINUTE, message(T0 + 3 * MINUTE, PRODUCING, 0, 5));
    // 10 before the reset, 3 made since it, 2 more.
    assertThat(t.unfinished(T0 + 3 * MINUTE)).containsExactly(run(T0, T0 + 3 * MINUTE, 15));
    assertThat(t.counterResets()).isEqualTo(1);
  }

  @Test
  void anAbsurdCounterValueIsNonsenseAndTheNextValueABaseline() {
    MachineTracker t = tracker();
    t.accept(T0, message(T0, PRODUCING, 0, 0));
    t.accept(T0 + MINUTE, message(T0 + MINUTE, PRODUCING, 0, 5));
    // A garbled read near 2^63 once overflowed the part count into a negative number.
    t.accept(
        T0 + 2 * MINUTE, List.of(good("count", Value.of(Long.MAX_VALUE - 2), T0 + 2 * MINUTE)));
    t.accept(T0 + 3 * MINUTE, message(T0 + 3 * MINUTE, PRODUCING, 0, 8));
    t.accept(T0 + 4 * MINUTE, message(T0 + 4 * MINUTE, PRODUCING, 0, 10));
    // 5 before the garbage; 8 is only a baseline; 2 after it.
    assertThat(t.unfinished(T0 + 4 * MINUTE)).containsExactly(run(T0, T0 + 4 * MINUTE, 7));
  }

  @Test
  void goodAndScrapCountersGiveBothCounts() {
    StateModel model =
        new StateModel(
            List.of(),
            Optional.of("state"),
            Map.of(),
            Optional.empty(),
            null,
            Optional.of("count"),
            Optional.empty(),
            Optional.of("scrap"),
            Optional.empty(),
            Duration.ofSeconds(2),
            Map.of(),
            null);
    MachineTracker t = tracker(model, OeeFixtures.always());
    Value producing = Value.of("producing");
    t.accept(
        T0,
        List.of(
            good("state", producing, T0),
            good("count", Value.of(0L), T0),
            good("scrap", Value.of(0L), T0)));
    t.accept(
        T0 + MINUTE,
        List.of(
            good("count", Value.of(20L), T0 + MINUTE), good("scrap", Value.of(3L), T0 + MINUTE)));
    Segment s = t.unfinished(T0 + MINUTE).getFirst();
    // Total 20 of which 3 scrap: 17 good.
    assertThat(s.good()).isEqualTo(17);
    assertThat(s.scrap()).isEqualTo(3);
  }

  /** Producing while the cycle counter moved in the last 30 s, idle otherwise. */
  private static StateModel cycleModel() {
    return new StateModel(
        List.of(
            new StateRule(
                PRODUCING,
                List.of(new StateCondition("cycle", StateCondition.Test.CHANGED_WITHIN, "30s"))),
            new StateRule(IDLE, List.of())),
        Optional.empty(),
        Map.of(),
        Optional.empty(),
        null,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        null,
        Map.of(),
        null);
  }

  @Test
  void changedWithinFlipsToIdleExactlyWhenTheWindowRunsOutWithoutANewReading() {
    MachineTracker t = tracker(cycleModel(), OeeFixtures.always());
    // A first value is not a change: the machine is idle until the counter moves.
    t.accept(T0, List.of(good("cycle", Value.of(1L), T0)));
    assertThat(t.state()).isEqualTo(IDLE);
    t.accept(T0 + 10 * SECOND, List.of(good("cycle", Value.of(2L), T0 + 10 * SECOND)));
    assertThat(t.state()).isEqualTo(PRODUCING);
    // The same value again is no change: the window still runs from 10 s.
    t.accept(T0 + 20 * SECOND, List.of(good("cycle", Value.of(2L), T0 + 20 * SECOND)));

    t.tick(T0 + 40 * SECOND - 1);
    assertThat(t.state()).isEqualTo(PRODUCING);
    t.tick(T0 + 100 * SECOND);
    assertThat(t.state()).isEqualTo(IDLE);
    assertThat(t.since()).isEqualTo(T0 + 40 * SECOND);
    assertThat(out)
        .containsExactly(
            new Segment(T0, T0 + 10 * SECOND, IDLE, 0, "", 0, 0, 0, false, T0, 10 * SECOND),
            new Segment(
                T0 + 10 * SECOND, T0 + 40 * SECOND, PRODUCING, 0, "", 0, 0, 0, false, 0, 0));
    assertThat(t.unfinished(T0 + 100 * SECOND))
        .containsExactly(
            new Segment(
                T0 + 40 * SECOND,
                T0 + 100 * SECOND,
                IDLE,
                0,
                "",
                0,
                0,
                0,
                false,
                T0 + 40 * SECOND,
                60 * SECOND));
  }

  @Test
  void aChangeWithinTheWindowExtendsIt() {
    MachineTracker t = tracker(cycleModel(), OeeFixtures.always());
    t.accept(T0, List.of(good("cycle", Value.of(1L), T0)));
    t.accept(T0 + 10 * SECOND, List.of(good("cycle", Value.of(2L), T0 + 10 * SECOND)));
    t.accept(T0 + 35 * SECOND, List.of(good("cycle", Value.of(3L), T0 + 35 * SECOND)));
    t.tick(T0 + 64 * SECOND);
    assertThat(t.state()).isEqualTo(PRODUCING);
    t.tick(T0 + 65 * SECOND);
    assertThat(t.state()).isEqualTo(IDLE);
    assertThat(t.since()).isEqualTo(T0 + 65 * SECOND);
  }

  @Test
  void aProductChangeSplitsTheSegmentAndUsesThatProductsIdealCycle() {
    StateModel model =
        new StateModel(
            List.of(),
            Optional.of("state"),
            Map.of(),
            Optional.empty(),
            null,
            Optional.of("count"),
            Optional.empty(),
            Optional.empty(),
            Optional.of("product"),
            Duration.ofSeconds(2),
            Map.of("B-200", Duration.ofSeconds(5)),
            null);
    MachineTracker t = tracker(model, OeeFixtures.always());
    Value producing = Value.of("producing");
    t.accept(
        T0,
        List.of(
            good("state", producing, T0),
            good("product", Value.of("A-100"), T0),
            good("count", Value.of(0L), T0)));
    // The 10 parts reported with the change are the old product's.
    t.accept(
        T0 + MINUTE,
        List.of(
            good("product", Value.of("B-200"), T0 + MINUTE),
            good("count", Value.of(10L), T0 + MINUTE)));
    t.accept(T0 + 2 * MINUTE, List.of(good("count", Value.of(14L), T0 + 2 * MINUTE)));

    assertThat(out)
        .containsExactly(
            new Segment(T0, T0 + MINUTE, PRODUCING, 0, "A-100", 10, 0, 2000, false, 0, 0));
    assertThat(t.unfinished(T0 + 2 * MINUTE))
        .containsExactly(
            new Segment(
                T0 + MINUTE, T0 + 2 * MINUTE, PRODUCING, 0, "B-200", 4, 0, 5000, false, 0, 0));
    assertThat(t.product()).isEqualTo("B-200");
  }

  @Test
  void lateReadingsAreRefusedAndCounted() {
    MachineTracker t = tracker();
    t.accept(T0, message(T0, PRODUCING, 0, 0));
    assertThat(t.accept(T0 + MINUTE, message(T0 + MINUTE, PRODUCING, 0, 5))).isTrue();
    // Older than what is cut: refused, each reading counted, the count not applied.
    assertThat(t.accept(T0 + 30 * SECOND, message(T0 + 30 * SECOND, IDLE, 0, 100))).isFalse();
    assertThat(t.lateReadings()).isEqualTo(3);
    assertThat(t.state()).isEqualTo(PRODUCING);
    // The same time again is not late.
    assertThat(t.accept(T0 + MINUTE, message(T0 + MINUTE, PRODUCING, 0, 6))).isTrue();
    assertThat(t.lateReadings()).isEqualTo(3);
    assertThat(t.unfinished(T0 + MINUTE)).containsExactly(run(T0, T0 + MINUTE, 6));
  }

  @Test
  void anUnmappableStateValueIsUnknownAndCounted() {
    MachineTracker t = tracker();
    t.accept(T0, message(T0, PRODUCING, 0, 0));
    t.accept(
        T0 + MINUTE,
        List.of(
            good("state", Value.of("dancing"), T0 + MINUTE),
            good("count", Value.of(3L), T0 + MINUTE)));
    assertThat(t.state()).isEqualTo(UNKNOWN);
    assertThat(t.unmappedStates()).isEqualTo(1);
    assertThat(out).containsExactly(run(T0, T0 + MINUTE, 3));
  }

  @Test
  void aSegmentIsCutAtTheShiftBoundary() {
    MachineTracker t = tracker(OeeFixtures.stateTagModel(), OeeFixtures.twoShifts());
    long edge = utc("2025-03-04T14:00:00");
    t.accept(edge - MINUTE, message(edge - MINUTE, PRODUCING, 0, 0));
    // Parts reported at the edge were made before it: the early shift's.
    t.accept(edge, message(edge, PRODUCING, 0, 4));
    t.accept(edge + MINUTE, message(edge + MINUTE, PRODUCING, 0, 6));
    assertThat(out).containsExactly(run(edge - MINUTE, edge, 4));
    assertThat(t.unfinished(edge + MINUTE)).containsExactly(run(edge, edge + MINUTE, 2));
  }

  @Test
  void aStopAcrossTheShiftBoundaryIsOneStopInTwoSegments() {
    MachineTracker t = tracker(OeeFixtures.stateTagModel(), OeeFixtures.twoShifts());
    long edge = utc("2025-03-04T14:00:00");
    t.accept(edge - MINUTE, message(edge - MINUTE, PRODUCING, 0, 0));
    t.accept(edge - 30 * SECOND, message(edge - 30 * SECOND, MachineState.FAULT, 500, 0));
    // No reading at the edge: ticking past it cuts there.
    t.tick(edge + 10 * SECOND);
    t.accept(edge + 30 * SECOND, message(edge + 30 * SECOND, PRODUCING, 0, 0));
    assertThat(out)
        .containsExactly(
            run(edge - MINUTE, edge - 30 * SECOND, 0),
            stop(edge - 30 * SECOND, edge, MachineState.FAULT, 500, edge - 30 * SECOND, MINUTE),
            stop(edge, edge + 30 * SECOND, MachineState.FAULT, 500, edge - 30 * SECOND, MINUTE));
  }

  @Test
  void theEndOfTheLateShiftCutsTooAndTheNightHasNoCut() {
    MachineTracker t = tracker(OeeFixtures.stateTagModel(), OeeFixtures.twoShifts());
    long end = utc("2025-03-04T22:00:00");
    t.accept(end - MINUTE, message(end - MINUTE, PRODUCING, 0, 0));
    t.tick(utc("2025-03-05T05:00:00"));
    // Cut at 22:00; nothing scheduled until 06:00, so no other cut.
    assertThat(out).containsExactly(run(end - MINUTE, end, 0));
    t.tick(utc("2025-03-05T06:30:00"));
    assertThat(out)
        .containsExactly(run(end - MINUTE, end, 0), run(end, utc("2025-03-05T06:00:00"), 0));
  }

  @Test
  void productionAfterASetupIsStartUpForTenMinutes() {
    MachineTracker t = tracker();
    t.accept(T0, message(T0, MachineState.SETUP, 200, 0));
    t.accept(T0 + MINUTE, message(T0 + MINUTE, PRODUCING, 0, 0));
    t.tick(T0 + MINUTE + MachineTracker.STARTUP_WINDOW_MILLIS + 1);
    assertThat(out)
        .extracting(Segment::state, Segment::startup, Segment::endMillis)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(MachineState.SETUP, false, T0 + MINUTE),
            org.assertj.core.groups.Tuple.tuple(
                PRODUCING, true, T0 + MINUTE + MachineTracker.STARTUP_WINDOW_MILLIS));
  }

  @Test
  void aMicroStopInsideTheStartUpWindowDoesNotEndIt() {
    MachineTracker t = tracker();
    long producing = T0 + MINUTE;
    t.accept(T0, message(T0, MachineState.SETUP, 200, 0));
    t.accept(producing, message(producing, PRODUCING, 0, 0));
    t.accept(producing + 2 * MINUTE, message(producing + 2 * MINUTE, MachineState.IDLE, 610, 0));
    t.accept(
        producing + 2 * MINUTE + 10 * SECOND,
        message(producing + 2 * MINUTE + 10 * SECOND, PRODUCING, 0, 0));
    t.tick(producing + MachineTracker.STARTUP_WINDOW_MILLIS + 1);
    // The production after the micro-stop is still start-up, until ten minutes after the setup.
    assertThat(out)
        .extracting(Segment::state, Segment::startup, Segment::endMillis)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(MachineState.SETUP, false, producing),
            org.assertj.core.groups.Tuple.tuple(PRODUCING, true, producing + 2 * MINUTE),
            org.assertj.core.groups.Tuple.tuple(
                MachineState.IDLE, false, producing + 2 * MINUTE + 10 * SECOND),
            org.assertj.core.groups.Tuple.tuple(
                PRODUCING, true, producing + MachineTracker.STARTUP_WINDOW_MILLIS));
  }
}
