package io.millwright.uns.sparkplug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HostStatusTest {

  @Test
  void writesAndReadsTheSparkplug3StatePayload() throws Exception {
    HostStatus status = new HostStatus(true, 1_700_000_000_123L);
    assertThat(new String(status.toJson(), StandardCharsets.UTF_8))
        .isEqualTo("{\"online\":true,\"timestamp\":1700000000123}");
    assertThat(HostStatus.parse(status.toJson())).isEqualTo(status);
  }

  @Test
  void toleratesSpacingMemberOrderAndExtraMembers() throws Exception {
    byte[] json =
        " { \"timestamp\" : 42 , \"x\": {\"a\":[1,\"]\"]}, \"online\" : false } "
            .getBytes(StandardCharsets.UTF_8);
    assertThat(HostStatus.parse(json)).isEqualTo(new HostStatus(false, 42));
  }

  @Test
  void rejectsWhatIsNotAStatePayload() {
    for (String bad :
        new String[] {
          "",
          "online",
          "{}",
          "{\"online\":true}",
          "{\"online\":1,\"timestamp\":1}",
          "{\"online\":true,\"timestamp\":\"x\"}",
          "{\"online\":true,\"timestamp\":1} x",
          "{\"online\":true,\"timestamp\":1",
          "[".repeat(100)
        }) {
      assertThatThrownBy(() -> HostStatus.parse(bad.getBytes(StandardCharsets.UTF_8)))
          .as(bad)
          .isInstanceOf(SparkplugDecodeException.class);
    }
  }
}
