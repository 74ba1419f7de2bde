package io.millwright.connect.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PollTimerTest {

  @Test
  void ticksLateByAWholePeriodAreSkippedUntilTheScheduleIsCaughtUp() {
    PollTimer timer = new PollTimer(100, 1_000);
    assertThat(timer.overdue(1_000)).isFalse(); // tick 0, on time
    assertThat(timer.overdue(1_190)).isFalse(); // tick 1 due 1100, 90 late: still runs
    // The poll of tick 1 took 260: ticks 2 and 3 (due 1200, 1300) fire back to back at 1450.
    assertThat(timer.overdue(1_450)).isTrue();
    assertThat(timer.overdue(1_450)).isTrue();
    assertThat(timer.overdue(1_450)).isFalse(); // tick 4 due 1400: 50 late, runs
    assertThat(timer.overdue(1_500)).isFalse();
  }
}
