package io.millwright.alarms.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.alarms.engine.AlarmEvent;
import io.millwright.alarms.engine.AlarmState;
import io.millwright.alarms.engine.Transition;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ARCHITECTURE.md section 5: every write a sender was told succeeded survives {@code kill -9}. A
 * child JVM appends transitions and prints each sequence number once its commit returned; it is
 * killed mid-stream; every printed number must be in the journal afterwards.
 */
class AlarmJournalKillIT {

  @TempDir Path dir;

  /** The child: appends batches of three until killed, printing the last seq of each batch. */
  public static void main(String[] args) {
    try (AlarmJournal j = AlarmJournal.open(Path.of(args[0]))) {
      for (long t = 1; ; t++) {
        List<AlarmEvent> written =
            j.append(
                List.of(
                    AlarmJournalTest.event(
                        t, "press-01", Transition.ACTIVATED, AlarmState.UNACKNOWLEDGED, ""),
                    AlarmJournalTest.event(
                        t, "press-02", Transition.ACTIVATED, AlarmState.UNACKNOWLEDGED, ""),
                    AlarmJournalTest.event(t, "cnc-02", Transition.CLEARED, AlarmState.NORMAL, "")),
                List.of(AlarmJournalTest.view("press-01", AlarmState.UNACKNOWLEDGED)));
        System.out.println(written.getLast().seq());
        System.out.flush();
      }
    }
  }

  @Test
  void everyCommittedTransitionSurvivesKill9() throws Exception {
    Path journal = dir.resolve("journal");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                AlarmJournalKillIT.class.getName(),
                journal.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    long confirmed = 0;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        confirmed = Long.parseLong(line.strip());
        if (confirmed >= 600) {
          child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no close
          break;
        }
      }
    }
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(confirmed).isGreaterThanOrEqualTo(600);
    try (AlarmJournal j = AlarmJournal.open(journal)) {
      assertThat(j.latest()).isGreaterThanOrEqualTo(confirmed);
      List<AlarmEvent> all = j.after(0, 100_000);
      for (int i = 0; i < all.size(); i++) {
        assertThat(all.get(i).seq()).isEqualTo(i + 1L); // no gap, nothing half-written
      }
      assertThat(j.current()).hasSize(1);
    }
  }
}
