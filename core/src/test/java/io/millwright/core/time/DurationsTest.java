package io.millwright.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void readsTheFormsEngineersWrite() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
    assertThat(Durations.parse("PT0.5S")).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void aBareNumberIsRefusedBecauseItsUnitWouldBeAGuess() {
    assertThatThrownBy(() -> Durations.parse("500"))
        .hasMessage("duration \"500\" has no unit; write e.g. 500ms or 500s");
  }

  @Test
  void nonsenseIsRefusedWithTheAcceptedForms() {
    assertThatThrownBy(() -> Durations.parse("fast")).hasMessageContaining("write e.g. 500ms, 10s");
    assertThatThrownBy(() -> Durations.parse("5 parsecs"))
        .hasMessageContaining("is not understood");
    assertThatThrownBy(() -> Durations.parse("1.2.3s")).hasMessageContaining("is not understood");
    assertThatThrownBy(() -> Durations.parse("99999999999999999999d"))
        .hasMessageContaining("too long");
    assertThatThrownBy(() -> Durations.parse("")).hasMessageContaining("missing");
  }

  @Property
  void formatThenParseIsIdentity(@ForAll @LongRange(min = 0, max = 10_000_000_000L) long millis) {
    Duration d = Duration.ofMillis(millis);
    assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
  }
}
