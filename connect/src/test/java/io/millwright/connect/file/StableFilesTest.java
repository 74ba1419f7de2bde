package io.millwright.connect.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StableFilesTest {

  private static final long S = 1_000_000_000L;

  @Test
  void aFileIsCompleteOnceUnchangedForTheWholeTime() {
    StableFiles f = new StableFiles(Duration.ofSeconds(2));
    assertThat(f.stable("r.csv", 10, 100, 0)).isFalse();
    assertThat(f.nextDeadlineNanos()).hasValue(2 * S);
    assertThat(f.stable("r.csv", 10, 100, S)).isFalse();
    // It grew: the clock starts again.
    assertThat(f.stable("r.csv", 20, 100, S + 1)).isFalse();
    assertThat(f.stable("r.csv", 20, 100, 3 * S)).isFalse();
    assertThat(f.stable("r.csv", 20, 100, 3 * S + 1)).isTrue();
  }

  @Test
  void aNewModificationTimeAloneStartsTheClockAgain() {
    StableFiles f = new StableFiles(Duration.ofSeconds(1));
    f.stable("r.csv", 10, 100, 0);
    assertThat(f.stable("r.csv", 10, 101, 2 * S)).isFalse();
    assertThat(f.stable("r.csv", 10, 101, 3 * S)).isTrue();
  }

  @Test
  void zeroMeansCompleteAtFirstSight() {
    StableFiles f = new StableFiles(Duration.ZERO);
    assertThat(f.stable("r.csv", 10, 100, 0)).isTrue();
    assertThat(f.nextDeadlineNanos()).isEmpty();
  }

  @Test
  void filesNoLongerWaitingAreForgotten() {
    StableFiles f = new StableFiles(Duration.ofSeconds(1));
    f.stable("a.csv", 1, 1, 0);
    f.stable("b.csv", 1, 1, 0);
    f.keepOnly(Set.of("b.csv"));
    assertThat(f.stable("a.csv", 1, 1, 5 * S)).as("seen anew").isFalse();
    assertThat(f.stable("b.csv", 1, 1, 5 * S)).isTrue();
  }
}
