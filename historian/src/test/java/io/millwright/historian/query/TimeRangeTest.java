package io.millwright.historian.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class TimeRangeTest {

  static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  static final Duration DAY = Duration.ofDays(1);

  @Test
  void relativeAndAbsoluteTimesAndDefaults() {
    assertThat(TimeRange.parse("-24h", null, DAY, NOW))
        .isEqualTo(new TimeRange(NOW.minus(DAY).toEpochMilli(), NOW.toEpochMilli()));
    assertThat(TimeRange.parse("2026-11-22T06:00:00+01:00", "now", DAY, NOW).from())
        .isEqualTo(Instant.parse("2026-11-22T05:00:00Z").toEpochMilli());
    assertThat(TimeRange.parse(null, null, Duration.ofHours(1), NOW).span())
        .isEqualTo(Duration.ofHours(1));
  }

  @Test
  void mistakesNameTheParameter() {
    assertThatThrownBy(() -> TimeRange.parse("yesterday", null, DAY, NOW))
        .hasMessageStartingWith("from: \"yesterday\" is not a time");
    assertThatThrownBy(() -> TimeRange.parse("-1x", null, DAY, NOW))
        .hasMessageStartingWith("from: \"-1x\" is not a relative time");
    assertThatThrownBy(() -> TimeRange.parse("now", "-1h", DAY, NOW))
        .hasMessageStartingWith("from (")
        .hasMessageContaining("must be before to");
    assertThatThrownBy(() -> TimeRange.parse("1900-01-01T00:00:00Z", null, DAY, NOW))
        .hasMessageContaining("wider than");
  }

  @Property
  void anyTextIsARangeOrAClearRefusal(@ForAll String from, @ForAll String to) {
    try {
      TimeRange r = TimeRange.parse(from, to, DAY, NOW);
      assertThat(r.from()).isLessThan(r.to());
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).isNotBlank();
    }
  }
}
