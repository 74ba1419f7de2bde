package io.millwright.alarms.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.alarms.engine.AlarmEvent;
import io.millwright.alarms.engine.AlarmState;
import io.millwright.alarms.engine.AlarmView;
import io.millwright.alarms.engine.Transition;
import io.millwright.core.alarm.AlarmPriority;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlarmJournalTest {

  @TempDir Path dir;

  static AlarmEvent event(long t, String machine, Transition tr, AlarmState state, String user) {
    return new AlarmEvent(
        0,
        t,
        machine,
        "oil-high",
        machine.startsWith("press") ? "pressing" : "machining",
        "line-1",
        AlarmPriority.HIGH,
        "high",
        tr,
        state,
        "61.5",
        "oil \"hot\"\nline two",
        user,
        "");
  }

  static AlarmView view(String machine, AlarmState state) {
    return new AlarmView(
        machine,
        "oil-high",
        "pressing",
        "line-1",
        AlarmPriority.HIGH,
        "high",
        "oil",
        state,
        state,
        true,
        10,
        5,
        0,
        false,
        false,
        "61.5",
        "m",
        "anna",
        "c");
  }

  @Test
  void transitionsAreNumberedKeptAndFoundAgainAfterReopening() {
    try (AlarmJournal j = AlarmJournal.open(dir.resolve("journal"))) {
      List<AlarmEvent> written =
          j.append(
              List.of(
                  event(1_000, "press-01", Transition.ACTIVATED, AlarmState.UNACKNOWLEDGED, ""),
                  event(2_000, "cnc-02", Transition.ACTIVATED, AlarmState.UNACKNOWLEDGED, ""),
                  event(
                      3_000, "press-01", Transition.ACKNOWLEDGED, AlarmState.ACKNOWLEDGED, "anna")),
              List.of(view("press-01", AlarmState.ACKNOWLEDGED)));
      assertThat(written).extracting(AlarmEvent::seq).containsExactly(1L, 2L, 3L);
      j.delivered("maintenance", 2);
    }
    try (AlarmJournal j = AlarmJournal.open(dir.resolve("journal"))) {
      assertThat(j.latest()).isEqualTo(3);
      assertThat(j.delivered("maintenance")).isEqualTo(2);
      assertThat(j.delivered("email")).isZero();
      assertThat(j.after(1, 10)).extracting(AlarmEvent::seq).containsExactly(2L, 3L);
      assertThat(j.after(0, 1).getFirst().message()).isEqualTo("oil \"hot\"\nline two");
      assertThat(j.current()).containsExactly(view("press-01", AlarmState.ACKNOWLEDGED));
      assertThat(
              j.history(
                  new HistoryQuery(
                      0,
                      10_000,
                      Optional.of("press-01"),
                      Optional.empty(),
                      Optional.empty(),
                      Optional.of(AlarmPriority.HIGH),
                      Optional.empty(),
                      0,
                      10)))
          .extracting(AlarmEvent::transition)
          .containsExactly(Transition.ACKNOWLEDGED, Transition.ACTIVATED);
      assertThat(
              j.history(
                  new HistoryQuery(
                      0,
                      10_000,
                      Optional.empty(),
                      Optional.of("machining"),
                      Optional.empty(),
                      Optional.of(AlarmPriority.CRITICAL),
                      Optional.empty(),
                      0,
                      10)))
          .isEmpty();
      assertThat(j.activations(0, 10_000))
          .extracting(Activation::id)
          .containsExactly("press-01/oil-high", "cnc-02/oil-high");
      assertThat(j.expire(2_500, 1)).isEqualTo(1);
      assertThat(j.expire(2_500, 100)).isEqualTo(1);
      assertThat(j.after(0, 10)).extracting(AlarmEvent::seq).containsExactly(3L);
    }
  }

  @Test
  void aFailedWriteKeepsNothingOfItAndTheSequenceGoesOn() {
    try (AlarmJournal j = AlarmJournal.open(dir.resolve("journal"))) {
      AlarmEvent tooLongUser =
          event(1, "press-01", Transition.ACKNOWLEDGED, AlarmState.ACKNOWLEDGED, "u");
      j.append(List.of(tooLongUser), List.of());
      // An area longer than its column makes the batch fail as a whole.
      AlarmEvent bad =
          new AlarmEvent(
              0,
              2,
              "press-01",
              "oil-high",
              "x".repeat(100),
              "l",
              AlarmPriority.LOW,
              "high",
              Transition.ACTIVATED,
              AlarmState.UNACKNOWLEDGED,
              "",
              "",
              "",
              "");
      try {
        j.append(
            List.of(event(2, "cnc-02", Transition.ACTIVATED, AlarmState.UNACKNOWLEDGED, ""), bad),
            List.of());
      } catch (IllegalStateException expected) {
        // the service keeps such transitions and tries again
      }
      assertThat(j.latest()).isEqualTo(1);
      assertThat(
              j.append(
                  List.of(event(3, "cnc-02", Transition.ACTIVATED, AlarmState.UNACKNOWLEDGED, "")),
                  List.of()))
          .extracting(AlarmEvent::seq)
          .containsExactly(2L);
      assertThat(j.after(0, 10)).hasSize(2);
    }
  }

  @Test
  void numbersAreNeverGivenOutTwiceEvenWhenRetentionDeletedEveryEntry() {
    try (AlarmJournal j = AlarmJournal.open(dir.resolve("journal"))) {
      j.append(
          List.of(
              event(1, "press-01", Transition.ACTIVATED, AlarmState.UNACKNOWLEDGED, ""),
              event(2, "press-01", Transition.CLEARED, AlarmState.RETURNED_UNACKNOWLEDGED, "")),
          List.of());
      j.delivered("maintenance", 2);
      assertThat(j.expire(10_000, 100)).isEqualTo(2);
    }
    try (AlarmJournal j = AlarmJournal.open(dir.resolve("journal"))) {
      assertThat(j.latest()).isEqualTo(2);
      assertThat(
              j.append(
                  List.of(event(3, "cnc-02", Transition.ACTIVATED, AlarmState.UNACKNOWLEDGED, "")),
                  List.of()))
          .extracting(AlarmEvent::seq)
          .containsExactly(3L);
    }
  }
}
