package io.millwright.uns.sparkplug.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Scale;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TagStateTest {

  private static TagState tag(DataType type, double deadband) {
    return new TagState(
        new Tag("t", "a", type, "", Scale.IDENTITY, deadband, Optional.empty(), false), 1);
  }

  private static boolean report(TagState tag, Sample sample) {
    boolean exception = tag.isException(sample);
    if (exception) {
      tag.last = sample;
    }
    return exception;
  }

  @Test
  void numbersAreReportedOnlyBeyondTheDeadband() {
    TagState tag = tag(DataType.FLOAT64, 0.5);
    assertThat(report(tag, Sample.good(1, Value.of(10.0)))).isTrue();
    assertThat(report(tag, Sample.good(2, Value.of(10.4)))).isFalse();
    assertThat(report(tag, Sample.good(3, Value.of(10.5)))).isFalse();
    assertThat(report(tag, Sample.good(4, Value.of(10.51)))).isTrue();
    assertThat(report(tag, Sample.good(5, Value.of(Double.NaN)))).isTrue();
    assertThat(report(tag, Sample.good(6, Value.of(Double.NaN)))).isFalse();
  }

  @Test
  void zeroDeadbandReportsEveryChangeAndOtherTypesAnyChange() {
    TagState counter = tag(DataType.INT64, 0);
    assertThat(report(counter, Sample.good(1, Value.of(Long.MAX_VALUE - 1)))).isTrue();
    // 2^63-2 and 2^63-1 are one double apart; compared as longs they differ.
    assertThat(report(counter, Sample.good(2, Value.of(Long.MAX_VALUE)))).isTrue();
    assertThat(report(counter, Sample.good(3, Value.of(Long.MAX_VALUE)))).isFalse();

    TagState text = tag(DataType.STRING, 0);
    assertThat(report(text, Sample.good(1, Value.of("a")))).isTrue();
    assertThat(report(text, Sample.good(2, Value.of("a")))).isFalse();
    assertThat(report(text, Sample.good(3, Value.of("b")))).isTrue();
  }

  @Test
  void aQualityChangeIsAlwaysReported() {
    TagState tag = tag(DataType.FLOAT32, 100);
    assertThat(report(tag, Sample.good(1, Value.of(1.0)))).isTrue();
    assertThat(report(tag, new Sample(2, Value.of(1.0), Quality.COMMUNICATION_ERROR))).isTrue();
    assertThat(report(tag, Sample.good(3, Value.of(1.0)))).isTrue();
  }
}
