package io.millwright.connect.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Scale;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.uns.sparkplug.edge.TagSample;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MessageDecoderTest {

  private static final long NOW = 1_790_000_000_000L;

  private static DeviceTag tag(int index, String name, String address, DataType type) {
    return new DeviceTag(index, Tag.of(name, address, type), TagAddress.parse(address));
  }

  private static final List<DeviceTag> TAGS =
      List.of(
          tag(0, "spindle/speed", "cnc/status#/spindle/speed", DataType.FLOAT64),
          tag(1, "program", "cnc/status#/program", DataType.STRING),
          tag(2, "running", "cnc/status#/running", DataType.BOOL),
          tag(3, "temperature", "cnc/temperature", DataType.FLOAT32));

  private static MessageDecoder decoder(int maxPayload) {
    return new MessageDecoder(TAGS, Optional.empty(), maxPayload);
  }

  private static ByteBuffer utf8(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, Sample> byTag(MessageDecoder.Decoded d) {
    return d.samples().stream().collect(Collectors.toMap(TagSample::tag, TagSample::sample));
  }

  @Test
  void oneMessageFeedsEveryTagOnItsTopic() {
    MessageDecoder.Decoded d =
        decoder(1024)
            .decode(
                "cnc/status",
                utf8(
                    "{\"spindle\": {\"speed\": 1200.5}, \"program\": \"O100\", \"running\": true}"),
                NOW);
    assertThat(byTag(d))
        .containsOnly(
            Map.entry("spindle/speed", Sample.good(NOW, Value.of(1200.5))),
            Map.entry("program", Sample.good(NOW, Value.of("O100"))),
            Map.entry("running", Sample.good(NOW, Value.of(true))));
    assertThat(d.problems()).isEmpty();
  }

  @Test
  void thePlainTopicIsReadAsText() {
    MessageDecoder.Decoded d = decoder(1024).decode("cnc/temperature", utf8("21.5\n"), NOW);
    assertThat(byTag(d)).containsOnly(Map.entry("temperature", Sample.good(NOW, Value.of(21.5))));
  }

  @Test
  void aBadFieldIsBadAloneAndKeepsTheLastValue() {
    MessageDecoder decoder = decoder(1024);
    decoder.decode(
        "cnc/status",
        utf8("{\"spindle\": {\"speed\": 900}, \"program\": \"O1\", \"running\": false}"),
        NOW);
    MessageDecoder.Decoded d =
        decoder.decode(
            "cnc/status",
            utf8("{\"spindle\": {\"speed\": \"fast\"}, \"program\": \"O2\"}"),
            NOW + 1);
    Map<String, Sample> samples = byTag(d);
    assertThat(samples.get("spindle/speed"))
        .isEqualTo(new Sample(NOW + 1, Value.of(900.0), Quality.bad("Bad_TypeMismatch")));
    assertThat(samples.get("running"))
        .isEqualTo(new Sample(NOW + 1, Value.of(false), Quality.bad("Bad_NoDataAvailable")));
    assertThat(samples.get("program")).isEqualTo(Sample.good(NOW + 1, Value.of("O2")));
    assertThat(d.problems())
        .hasSize(2)
        .anySatisfy(p -> assertThat(p).startsWith("spindle/speed (cnc/status#/spindle/speed): "))
        .anySatisfy(p -> assertThat(p).contains("running").contains("missing"));
  }

  @Test
  void aPayloadThatIsNotJsonMakesEveryPointerTagBad() {
    MessageDecoder.Decoded d = decoder(1024).decode("cnc/status", utf8("{\"spindle\": "), NOW);
    assertThat(d.samples())
        .hasSize(3)
        .allSatisfy(
            s -> assertThat(s.sample().quality()).isEqualTo(Quality.bad("Bad_DecodingError")));
    assertThat(d.problems()).allSatisfy(p -> assertThat(p).contains("not JSON"));
  }

  @Test
  void textAfterTheJsonDocumentIsNotJson() {
    MessageDecoder.Decoded d =
        decoder(1024).decode("cnc/status", utf8("{\"program\": \"O1\"} trailing"), NOW);
    assertThat(byTag(d).get("program").quality()).isEqualTo(Quality.bad("Bad_DecodingError"));
  }

  @Test
  void bytesThatAreNotUtf8AreBadForAPlainTag() {
    ByteBuffer payload = ByteBuffer.wrap(new byte[] {(byte) 0xC3, (byte) 0x28});
    MessageDecoder.Decoded d = decoder(1024).decode("cnc/temperature", payload, NOW);
    assertThat(byTag(d).get("temperature").quality()).isEqualTo(Quality.bad("Bad_DecodingError"));
    assertThat(d.problems()).singleElement().asString().contains("not UTF-8");
  }

  @Test
  void anOversizedPayloadIsNotParsed() {
    MessageDecoder.Decoded d = decoder(8).decode("cnc/temperature", utf8("123456789"), NOW);
    assertThat(byTag(d).get("temperature").quality())
        .isEqualTo(Quality.bad("Bad_EncodingLimitsExceeded"));
    assertThat(d.problems()).singleElement().asString().contains("9 bytes");
  }

  @Test
  void aTopicWithoutTagsGivesNothing() {
    MessageDecoder.Decoded d = decoder(1024).decode("other", utf8("1"), NOW);
    assertThat(d.samples()).isEmpty();
    assertThat(d.problems()).isEmpty();
  }

  @Test
  void theDevicesTimestampIsUsedWhenConfigured() {
    MessageDecoder decoder =
        new MessageDecoder(TAGS, Optional.of(TagAddress.pointer("f", "/ts")), 1024);
    assertThat(
            decoder
                .decode("cnc/status", utf8("{\"ts\": 1700000000123, \"program\": \"A\"}"), NOW)
                .samples())
        .allSatisfy(s -> assertThat(s.sample().timestamp()).isEqualTo(1_700_000_000_123L));
    assertThat(
            decoder
                .decode("cnc/status", utf8("{\"ts\": \"2026-11-23T18:00:00.250+01:00\"}"), NOW)
                .samples())
        .allSatisfy(
            s ->
                assertThat(s.sample().timestamp())
                    .isEqualTo(java.time.Instant.parse("2026-11-23T17:00:00.250Z").toEpochMilli()));
  }

  @Test
  void aMissingOrUnreadableTimestampFallsBackToTheTimeOfReceipt() {
    MessageDecoder decoder =
        new MessageDecoder(TAGS, Optional.of(TagAddress.pointer("f", "/ts")), 1024);
    MessageDecoder.Decoded d =
        decoder.decode("cnc/status", utf8("{\"ts\": \"yesterday\", \"program\": \"A\"}"), NOW);
    assertThat(d.samples()).allSatisfy(s -> assertThat(s.sample().timestamp()).isEqualTo(NOW));
    assertThat(d.clockProblem()).contains("/ts").contains("time of receipt");
    assertThat(byTag(d).get("program").quality()).isEqualTo(Quality.GOOD);
  }

  @Test
  void theScaleIsAppliedToGoodValues() {
    Tag scaled =
        new Tag(
            "pressure", "p", DataType.INT16, "bar", new Scale(0.1, 0), 0, Optional.empty(), false);
    MessageDecoder decoder =
        new MessageDecoder(
            List.of(new DeviceTag(0, scaled, TagAddress.parse("p"))), Optional.empty(), 64);
    assertThat(decoder.decode("p", utf8("125"), NOW).samples())
        .singleElement()
        .satisfies(
            s ->
                assertThat(s.sample().value().asDouble())
                    .isCloseTo(12.5, org.assertj.core.data.Offset.offset(1e-9)));
  }

  @Test
  void topicsAreDistinctInTheOrderOfTheirFirstTag() {
    assertThat(decoder(1).topics()).containsExactly("cnc/status", "cnc/temperature");
  }
}
