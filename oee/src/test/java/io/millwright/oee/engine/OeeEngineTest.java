package io.millwright.oee.engine;

import static io.millwright.core.machine.MachineState.IDLE;
import static io.millwright.core.machine.MachineState.PRODUCING;
import static io.millwright.oee.OeeFixtures.MINUTE;
import static io.millwright.oee.OeeFixtures.machine;
import static io.millwright.oee.OeeFixtures.message;
import static io.millwright.oee.OeeFixtures.utc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.millwright.oee.OeeFixtures;
import io.millwright.oee.figures.OeeFigures;
import io.millwright.oee.reason.Reason;
import io.millwright.oee.reason.ReasonTables;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OeeEngineTest {

  static final long T0 = utc("2025-03-04T08:00:00");
  static final long NOW = T0 + 7 * MINUTE;

  private static OeeEngine engine(SegmentArchive archive) {
    return new OeeEngine(
        List.of(machine("press-01", OeeFixtures.stateTagModel())),
        OeeFixtures.always(),
        ReasonTables.of(Map.of()),
        archive);
  }

  /**
   * Producing, a 2 min stop without a reason from T0+1m, producing, a 2 min stop with reason 100
   * (no order) from T0+4m, producing from T0+6m.
   */
  static void play(OeeEngine e) {
    e.accept("press-01", T0, message(T0, PRODUCING, 0, 0));
    e.accept("press-01", T0 + MINUTE, message(T0 + MINUTE, IDLE, 0, 20));
    e.accept("press-01", T0 + 3 * MINUTE, message(T0 + 3 * MINUTE, PRODUCING, 0, 20));
    e.accept("press-01", T0 + 4 * MINUTE, message(T0 + 4 * MINUTE, IDLE, 100, 50));
    e.accept("press-01", T0 + 6 * MINUTE, message(T0 + 6 * MINUTE, PRODUCING, 0, 50));
    e.tick(NOW);
  }

  private static OeeEngine.ClassificationException.Kind refusal(Runnable call) {
    OeeEngine.ClassificationException ex =
        catchThrowableOfType(OeeEngine.ClassificationException.class, call::run);
    assertThat(ex).as("a refusal").isNotNull();
    return ex.kind();
  }

  @Test
  void aReasonlessStopIsClassifiedAndTheParetoShowsIt() {
    OeeEngine e = engine(SegmentArchive.NONE);
    play(e);
    OeeFigures before = e.figures(d -> true, T0, NOW, NOW);
    // Equal times: the order between them is not the point.
    assertThat(before.pareto())
        .containsExactlyInAnyOrder(
            new OeeFigures.ReasonLoss(0, "unclassified", 2 * MINUTE, 1),
            new OeeFigures.ReasonLoss(100, "no order", 2 * MINUTE, 1));

    Stop.Classification c = e.classify("press-01", T0 + MINUTE, 600, "ann", "crane", NOW);
    assertThat(c).isEqualTo(new Stop.Classification(600, "upstream starved", "ann", "crane", NOW));

    // The stop moves from unclassified to its code; the machine's own reason stays.
    assertThat(e.figures(d -> true, T0, NOW, NOW).pareto())
        .containsExactlyInAnyOrder(
            new OeeFigures.ReasonLoss(100, "no order", 2 * MINUTE, 1),
            new OeeFigures.ReasonLoss(600, "upstream starved", 2 * MINUTE, 1));
    assertThat(e.stops("press-01", T0, NOW, NOW))
        .extracting(Stop::startMillis, Stop::classification)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(T0 + MINUTE, c),
            org.assertj.core.groups.Tuple.tuple(T0 + 4 * MINUTE, null));
    // An operator may correct it.
    e.classify("press-01", T0 + MINUTE, 110, "bob", null, NOW + 1);
    assertThat(e.figures(d -> true, T0, NOW, NOW).pareto())
        .extracting(OeeFigures.ReasonLoss::code)
        .containsExactlyInAnyOrder(100, 110);
  }

  @Test
  void aStopWithTheMachinesOwnReasonIsNotClassifiedByHand() {
    OeeEngine e = engine(SegmentArchive.NONE);
    play(e);
    assertThat(refusal(() -> e.classify("press-01", T0 + 4 * MINUTE, 600, "ann", "", NOW)))
        .isEqualTo(OeeEngine.ClassificationException.Kind.HAS_REASON);
  }

  @Test
  void aCodeOutsideTheMachinesTableIsRefused() {
    OeeEngine e = engine(SegmentArchive.NONE);
    play(e);
    assertThat(refusal(() -> e.classify("press-01", T0 + MINUTE, 999, "ann", "", NOW)))
        .isEqualTo(OeeEngine.ClassificationException.Kind.UNKNOWN_REASON);
  }

  @Test
  void noStopAtThatStartIsNoSuchStop() {
    OeeEngine e = engine(SegmentArchive.NONE);
    play(e);
    // Inside the stop, but not where it began.
    assertThat(refusal(() -> e.classify("press-01", T0 + 2 * MINUTE, 600, "ann", "", NOW)))
        .isEqualTo(OeeEngine.ClassificationException.Kind.NO_SUCH_STOP);
    // A producing segment's start.
    assertThat(refusal(() -> e.classify("press-01", T0 + 3 * MINUTE, 600, "ann", "", NOW)))
        .isEqualTo(OeeEngine.ClassificationException.Kind.NO_SUCH_STOP);
    assertThat(refusal(() -> e.classify("press-99", T0 + MINUTE, 600, "ann", "", NOW)))
        .isEqualTo(OeeEngine.ClassificationException.Kind.NO_SUCH_STOP);
  }

  @Test
  void anOngoingStopCanBeClassified() {
    OeeEngine e = engine(SegmentArchive.NONE);
    e.accept("press-01", T0, message(T0, PRODUCING, 0, 0));
    e.accept("press-01", T0 + MINUTE, message(T0 + MINUTE, IDLE, 0, 20));
    e.tick(T0 + 5 * MINUTE);
    List<Stop> stops = e.stops("press-01", T0, T0 + 5 * MINUTE, T0 + 5 * MINUTE);
    assertThat(stops).singleElement().extracting(Stop::ongoing).isEqualTo(true);
    e.classify("press-01", T0 + MINUTE, 120, "ann", "", T0 + 5 * MINUTE);
    assertThat(e.figures(d -> true, T0, T0 + 5 * MINUTE, T0 + 5 * MINUTE).pareto())
        .containsExactly(new OeeFigures.ReasonLoss(120, "no operator", 4 * MINUTE, 1));
  }

  @Test
  void aMachineNamingAnUnknownReasonTableIsRefusedWithTheTableName() {
    IllegalArgumentException ex =
        catchThrowableOfType(
            IllegalArgumentException.class,
            () ->
                new OeeEngine(
                    List.of(machine("press-01", OeeFixtures.stateTagModel("nope"))),
                    OeeFixtures.always(),
                    ReasonTables.of(Map.of("presses", List.of(new Reason(1, "one")))),
                    SegmentArchive.NONE));
    assertThat(ex)
        .hasMessage(
            "machine press-01: states.reasonTable \"nope\" is not a reason table of the site; it"
                + " has standard, presses");
  }

  @Test
  void machinesWithoutAStateModelAreNotFollowed() {
    OeeEngine e = engine(SegmentArchive.NONE);
    assertThat(e.follows("press-01")).isTrue();
    assertThat(e.follows("press-02")).isFalse();
    assertThat(e.accept("press-02", T0, message(T0, PRODUCING, 0, 0))).isFalse();
  }
}
