package io.millwright.alarms.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static final Backoff NO_JITTER =
      new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), 0);

  @Test
  void doublesFromFirstToMax() {
    Random r = new Random(1);

    assertThat(NO_JITTER.delay(1, r)).isEqualTo(Duration.ofSeconds(1));
    assertThat(NO_JITTER.delay(2, r)).isEqualTo(Duration.ofSeconds(2));
    assertThat(NO_JITTER.delay(5, r)).isEqualTo(Duration.ofSeconds(16));
    assertThat(NO_JITTER.delay(9, r)).isEqualTo(Duration.ofSeconds(256));
    assertThat(NO_JITTER.delay(10, r)).isEqualTo(Duration.ofMinutes(5));
    assertThat(NO_JITTER.delay(Integer.MAX_VALUE, r)).isEqualTo(Duration.ofMinutes(5));
  }

  @Property(tries = 1000)
  void jitterOnlyShortensUpToItsFraction(
      @ForAll @IntRange(min = 1, max = 40) int failures, @ForAll long seed) {
    Random r = new Random(seed);
    Duration plain = NO_JITTER.delay(failures, r);

    Duration jittered = Backoff.DEFAULT.delay(failures, r);

    assertThat(jittered).isLessThanOrEqualTo(plain);
    assertThat(jittered.toNanos()).isGreaterThanOrEqualTo((long) (plain.toNanos() * 0.8) - 1);
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 0))
        .hasMessageContaining("backoff.first");
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0))
        .hasMessageContaining("backoff.max");
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 1.5))
        .hasMessageContaining("backoff.jitter");
  }
}
