package io.millwright.core.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QualityTest {

  @Test
  void onlyGoodMayComeWithoutAReason() {
    assertThat(Quality.GOOD.isGood()).isTrue();
    assertThat(Quality.bad("Bad_NotConnected").toString()).isEqualTo("Bad_NotConnected");
    assertThatThrownBy(() -> Quality.bad(" ")).hasMessageContaining("a bad quality needs a reason");
    assertThatThrownBy(() -> Quality.uncertain(null))
        .hasMessageContaining("an uncertain quality".substring(3));
  }

  @Test
  void valuesKeepTheirKind() {
    assertThat(Value.of(true).kind()).isEqualTo(Value.Kind.BOOLEAN);
    assertThat(Value.of(true)).isSameAs(Value.of(true));
    assertThat(Value.of(42L).asDouble()).isEqualTo(42.0);
    assertThat(Value.of(1.5).kind()).isEqualTo(Value.Kind.DOUBLE);
    assertThat(Value.of("BRACKET-A").asDouble()).isNaN();
    assertThatThrownBy(() -> Value.of((String) null)).hasMessageContaining("cannot be null");
  }

  @Test
  void aSampleNeedsAValueAndAQuality() {
    assertThat(Sample.good(1_700_000_000_000L, Value.of(3.5)).quality()).isEqualTo(Quality.GOOD);
    assertThatThrownBy(() -> new Sample(0, null, Quality.GOOD))
        .hasMessageContaining("needs a value");
    assertThatThrownBy(() -> new Sample(0, Value.of(1L), null))
        .hasMessageContaining("needs a quality");
  }
}
