package io.millwright.uns.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import org.junit.jupiter.api.Test;

class MirrorPayloadTest {

  @Test
  void writesTheContractShapeForEveryKind() {
    assertThat(MirrorPayload.json(Sample.good(5, Value.of(true))))
        .isEqualTo("{\"value\":true,\"timestamp\":5,\"quality\":\"Good\"}");
    assertThat(MirrorPayload.json(Sample.good(5, Value.of(42L)))).startsWith("{\"value\":42,");
    assertThat(MirrorPayload.json(new Sample(5, Value.of(1.5), Quality.NOT_CONNECTED)))
        .isEqualTo("{\"value\":1.5,\"timestamp\":5,\"quality\":\"Bad_NotConnected\"}");
  }

  @Test
  void escapesTextAndWritesNonFiniteNumbersAsNull() {
    assertThat(MirrorPayload.json(Sample.good(1, Value.of("HUB \"14\"\n\\"))))
        .startsWith("{\"value\":\"HUB \\\"14\\\"\\n\\\\\",");
    assertThat(MirrorPayload.json(Sample.good(1, Value.of("\u0001"))))
        .startsWith("{\"value\":\"\\u0001\",");
    assertThat(MirrorPayload.json(Sample.good(1, Value.of(Double.NaN))))
        .startsWith("{\"value\":null,");
  }
}
