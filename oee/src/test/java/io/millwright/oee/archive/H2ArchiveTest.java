package io.millwright.oee.archive;

import static io.millwright.core.machine.MachineState.FAULT;
import static io.millwright.core.machine.MachineState.IDLE;
import static io.millwright.core.machine.MachineState.PRODUCING;
import static io.millwright.oee.OeeFixtures.MINUTE;
import static io.millwright.oee.OeeFixtures.machine;
import static io.millwright.oee.OeeFixtures.message;
import static io.millwright.oee.OeeFixtures.utc;
import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.oee.OeeFixtures;
import io.millwright.oee.engine.OeeEngine;
import io.millwright.oee.engine.Stop;
import io.millwright.oee.figures.OeeFigures;
import io.millwright.oee.reason.ReasonTables;
import io.millwright.oee.state.Segment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2ArchiveTest {

  private static final long T0 = utc("2025-03-04T08:00:00");

  @TempDir Path dir;

  private Path file() {
    return dir.resolve("oee");
  }

  private static Segment seg(long from, long to) {
    return new Segment(from, to, PRODUCING, 0, "A-100", 30, 2, 2000, true, 0, 0);
  }

  private static Segment fault(long from, long to) {
    return new Segment(from, to, FAULT, 520, "", 0, 0, 2000, false, from, to - from);
  }

  @Test
  void segmentsAndClassificationsSurviveCloseAndReopen() {
    Stop.Classification c =
        new Stop.Classification(120, "no operator", "ann", "shift change, \"late\"", T0 + 9);
    try (H2Archive a = H2Archive.open(file())) {
      a.append("press-01", seg(T0, T0 + MINUTE));
      a.append("press-01", fault(T0 + MINUTE, T0 + 2 * MINUTE));
      a.append("press-02", seg(T0, T0 + 3 * MINUTE));
      assertThat(a.pending()).isEqualTo(3);
      assertThat(a.flush()).isEqualTo(3);
      // Appended but never flushed: close writes it.
      a.append("press-01", seg(T0 + 2 * MINUTE, T0 + 3 * MINUTE));
      a.classify("press-01", T0 + MINUTE, c);
    }
    try (H2Archive a = H2Archive.open(file())) {
      assertThat(a.segments("press-01", Long.MIN_VALUE, Long.MAX_VALUE))
          .containsExactly(
              seg(T0, T0 + MINUTE),
              fault(T0 + MINUTE, T0 + 2 * MINUTE),
              seg(T0 + 2 * MINUTE, T0 + 3 * MINUTE));
      // Overlap with [from, to): a segment ending at from is out, one starting before to is in.
      assertThat(a.segments("press-01", T0 + MINUTE, T0 + 2 * MINUTE + 1))
          .containsExactly(
              fault(T0 + MINUTE, T0 + 2 * MINUTE), seg(T0 + 2 * MINUTE, T0 + 3 * MINUTE));
      assertThat(a.segments("press-02", Long.MIN_VALUE, Long.MAX_VALUE))
          .containsExactly(seg(T0, T0 + 3 * MINUTE));
      assertThat(a.classifications("press-01")).containsExactly(Map.entry(T0 + MINUTE, c));
      assertThat(a.classifications("press-02")).isEmpty();
    }
  }

  @Test
  void aSegmentAppendedTwiceIsKeptOnce() {
    try (H2Archive a = H2Archive.open(file())) {
      a.append("press-01", seg(T0, T0 + MINUTE));
      a.flush();
      a.append("press-01", seg(T0, T0 + MINUTE));
      a.flush();
      assertThat(a.segments("press-01", Long.MIN_VALUE, Long.MAX_VALUE)).hasSize(1);
    }
  }

  @Test
  void expireDeletesSegmentsThatEndedBefore() {
    try (H2Archive a = H2Archive.open(file())) {
      a.append("press-01", seg(T0, T0 + MINUTE));
      a.append("press-01", seg(T0 + MINUTE, T0 + 2 * MINUTE));
      a.append("press-02", seg(T0, T0 + 3 * MINUTE));
      a.flush();
      // Ends exactly at the cut: gone. press-02's reaches past it: kept.
      assertThat(a.expire(T0 + MINUTE)).isEqualTo(1);
      assertThat(a.segments("press-01", Long.MIN_VALUE, Long.MAX_VALUE))
          .containsExactly(seg(T0 + MINUTE, T0 + 2 * MINUTE));
      assertThat(a.segments("press-02", Long.MIN_VALUE, Long.MAX_VALUE)).hasSize(1);
    }
  }

  private static OeeEngine engine(H2Archive archive) {
    return new OeeEngine(
        List.of(machine("press-01", OeeFixtures.stateTagModel())),
        OeeFixtures.always(),
        ReasonTables.of(Map.of()),
        archive);
  }

  @Test
  void restoreBringsSegmentsAndClassificationsBack() {
    long now = T0 + 6 * MINUTE;
    OeeFigures before;
    List<Segment> segmentsBefore;
    try (H2Archive a = H2Archive.open(file())) {
      OeeEngine e = engine(a);
      e.accept("press-01", T0, message(T0, PRODUCING, 0, 0));
      e.accept("press-01", T0 + MINUTE, message(T0 + MINUTE, IDLE, 0, 20));
      e.accept("press-01", T0 + 3 * MINUTE, message(T0 + 3 * MINUTE, PRODUCING, 0, 20));
      e.accept("press-01", T0 + 5 * MINUTE, message(T0 + 5 * MINUTE, IDLE, 100, 50));
      e.accept("press-01", T0 + 6 * MINUTE, message(T0 + 6 * MINUTE, PRODUCING, 0, 50));
      e.classify("press-01", T0 + MINUTE, 110, "ann", "", now);
      a.flush();
      // Only finished segments are archived: compare up to the last one's end.
      before = e.figures(d -> true, T0, now, now);
      segmentsBefore = e.segments("press-01", T0, now, now);
    }
    assertThat(segmentsBefore).hasSize(4);
    try (H2Archive a = H2Archive.open(file())) {
      OeeEngine e = engine(a);
      e.restore(T0);
      assertThat(e.segments("press-01", T0, now, now)).isEqualTo(segmentsBefore);
      assertThat(e.figures(d -> true, T0, now, now)).isEqualTo(before);
      assertThat(e.figures(d -> true, T0, now, now).pareto())
          .extracting(OeeFigures.ReasonLoss::code)
          .containsExactlyInAnyOrder(100, 110);
      assertThat(e.stops("press-01", T0, now, now))
          .extracting(s -> s.classification() == null ? 0 : s.classification().code())
          .containsExactly(110, 0);
    }
  }
}
