package io.millwright.alarms.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class StepWindowTest {

  static final long STEP = 60_000;

  static float[] contents(StepWindow w, int size) {
    FloatBuffer b = FloatBuffer.allocate(size);
    w.copyTo(b);
    float[] out = new float[b.remaining()];
    b.get(out);
    return out;
  }

  @Test
  void eachStepHoldsTheLastValueBeforeItsBoundaryOldestFirstTagsInterleaved() {
    StepWindow w = new StepWindow(2, 3, STEP);
    w.add(0, 1_000, 1);
    w.add(1, 2_000, 10);
    w.add(0, 59_999, 2); // the last speed before the boundary at 60 s wins
    assertThat(w.add(0, 60_000, 3)).isTrue(); // closes the first step: (2, 10)
    w.add(1, 61_000, 20);
    w.add(0, 120_500, 4); // closes the second: (3, 20)
    assertThat(w.ready()).isFalse();
    // Nothing for two steps: they repeat the held values (4, 20).
    assertThat(w.add(1, 240_000, 30)).isTrue();
    assertThat(w.ready()).isTrue();
    assertThat(contents(w, 6)).containsExactly(3, 20, 4, 20, 4, 20);
    w.add(0, 300_000, 5); // (4, 30) pushes out the oldest
    assertThat(contents(w, 6)).containsExactly(4, 20, 4, 20, 4, 30);
  }

  @Test
  void samplesWithinAStepCloseNoStep() {
    StepWindow w = new StepWindow(1, 2, STEP);
    assertThat(w.add(0, 0, 1)).isFalse();
    assertThat(w.add(0, 30_000, 2)).isFalse();
    assertThat(w.add(0, 59_999, 3)).isFalse();
    assertThat(w.add(0, 60_000, 4)).isTrue();
  }

  @Test
  void stepsBeforeEveryTagHasReportedAreNotKept() {
    StepWindow w = new StepWindow(2, 2, STEP);
    for (long t = 0; t < 10 * STEP; t += 1_000) {
      w.add(0, t, 1);
    }
    assertThat(w.ready()).isFalse();
    w.add(1, 10 * STEP, 7);
    w.add(0, 11 * STEP, 1);
    assertThat(w.ready()).isFalse();
    w.add(0, 12 * STEP, 1);
    assertThat(w.ready()).isTrue();
  }

  @Test
  void aSilenceOfEveryTagRestartsTheWindowAndEveryTagMustReportAgain() {
    StepWindow w = new StepWindow(2, 2, STEP);
    for (long t = 0; t <= 5 * STEP; t += 10_000) {
      w.add(0, t, 1);
      w.add(1, t, 2);
    }
    assertThat(w.ready()).isTrue();
    long back = 5 * STEP + w.gapMillis() + 1;
    w.add(0, back, 1);
    assertThat(w.ready()).isFalse();
    w.add(0, back + 3 * STEP, 1);
    assertThat(w.ready()).as("tag 1 has not reported since the machine came back").isFalse();
    w.add(1, back + 3 * STEP, 2);
    w.add(1, back + 5 * STEP, 2);
    assertThat(w.ready()).isTrue();
  }

  @Test
  void aShortSilenceIsBridgedWithTheHeldValues() {
    StepWindow w = new StepWindow(1, 4, STEP);
    w.add(0, 0, 1);
    w.add(0, 4 * STEP, 2);
    assertThat(w.ready()).isTrue();
    assertThat(contents(w, 4)).containsExactly(1, 1, 1, 1);
  }

  @Test
  void theGapIsFiveStepsOrAMinuteWhicheverIsLonger() {
    assertThat(new StepWindow(1, 2, STEP).gapMillis()).isEqualTo(5 * STEP);
    assertThat(new StepWindow(1, 2, 1_000).gapMillis()).isEqualTo(60_000);
  }
}
