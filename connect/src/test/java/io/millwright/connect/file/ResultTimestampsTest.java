package io.millwright.connect.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResultTimestampsTest {

  private static final long T = Instant.parse("2026-11-23T08:15:00.250Z").toEpochMilli();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-11-23T08:15:00.250Z",
        "2026-11-23T09:15:00.250+01:00",
        "2026-11-23 08:15:00.250Z",
        " 1795421700250 "
      })
  void epochMillisAndIsoWithAZone(String text) {
    assertThat(ResultTimestamps.parse(text)).isEqualTo(T);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-11-23T08:15:00",
        "23.11.2026 08:15",
        "",
        "-5",
        "9999999999999999999",
        "99999999999999999999"
      })
  void localTimesAndAnythingElseAreRefused(String text) {
    assertThatThrownBy(() -> ResultTimestamps.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("epoch milliseconds or ISO-8601 with a zone");
  }
}
