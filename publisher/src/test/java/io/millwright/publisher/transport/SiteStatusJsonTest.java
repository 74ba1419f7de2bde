package io.millwright.publisher.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.OptionalDouble;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SiteStatusJsonTest {

  static final SiteStatus SAMPLE =
      new SiteStatus(
          "plant-1",
          "0.1.0",
          1_764_000_000_000L,
          3,
          1200,
          1_763_999_000_000L,
          4096,
          1 << 30,
          0,
          10,
          11,
          OptionalDouble.of(0.82),
          2);

  @Property(tries = 1000)
  void roundTrips(@ForAll("statuses") SiteStatus status) {
    assertThat(SiteStatusJson.decode(SiteStatusJson.encode(status))).isEqualTo(status);
  }

  @Property(tries = 2000)
  void arbitraryBytesDecodeOrFailCleanly(@ForAll @Size(max = 300) byte[] bytes) {
    decodesOrFailsCleanly(bytes);
  }

  @Property(tries = 2000)
  void mangledStatusesDecodeOrFailCleanly(
      @ForAll("statuses") SiteStatus status,
      @ForAll("positions") int position,
      @ForAll("replacements") String replacement) {
    String json = new String(SiteStatusJson.encode(status), StandardCharsets.UTF_8);
    int at = Math.min(position, json.length());
    int end = Math.min(json.length(), at + replacement.length() % 5);
    decodesOrFailsCleanly(
        (json.substring(0, at) + replacement + json.substring(end))
            .getBytes(StandardCharsets.UTF_8));
  }

  private static void decodesOrFailsCleanly(byte[] bytes) {
    try {
      SiteStatus status = SiteStatusJson.decode(bytes);
      assertThat(SiteStatusJson.decode(SiteStatusJson.encode(status))).isEqualTo(status);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotBlank().hasSizeLessThan(400);
    }
  }

  @Test
  void readsWhatItWrites() {
    String json = new String(SiteStatusJson.encode(SAMPLE), StandardCharsets.UTF_8);
    assertThat(json).contains("\"site\":\"plant-1\"", "\"oee\":0.82", "\"activeAlarms\":2");
    SiteStatus none =
        new SiteStatus("plant-1", "1", 1, 0, 0, 0, 0, 0, 0, 0, 0, OptionalDouble.empty(), 0);
    assertThat(new String(SiteStatusJson.encode(none), StandardCharsets.UTF_8))
        .contains("\"oee\":null");
    assertThat(SiteStatusJson.decode(SiteStatusJson.encode(none))).isEqualTo(none);
  }

  @Test
  void refusesWithAClearMessage() {
    String good = new String(SiteStatusJson.encode(SAMPLE), StandardCharsets.UTF_8);
    assertRefused(good.replace("\"activeAlarms\":2", "\"activeAlarms\":2,\"extra\":1"), "extra");
    assertRefused(good.replace(",\"activeAlarms\":2", ""), "activeAlarms");
    assertRefused(good.replace("\"machinesOnline\":10", "\"machinesOnline\":\"10\""), "integer");
    assertRefused(good.replace("\"machinesOnline\":10", "\"machinesOnline\":10.0"), "integer");
    assertRefused(good.replace("\"machinesOnline\":10", "\"machinesOnline\":3000000000"), "range");
    assertRefused(good.replace("\"oee\":0.82", "\"oee\":\"high\""), "oee");
    assertRefused(good.replace("\"oee\":0.82", "\"oee\":1.5"), "OEE");
    assertRefused(good.replace("\"backlogBatches\":3", "\"backlogBatches\":-3"), "negative");
    assertRefused(good.replace("\"site\":\"plant-1\"", "\"site\":\"Plant 1\""), "site");
    assertRefused(good.replace("\"site\":\"plant-1\"", "\"site\":7"), "string");
    assertRefused(good + "{}", "JSON");
    assertRefused("[]", "object");
    assertRefused("", "object");
    assertRefused(good.replace("{", "{\"site\":\"x\","), "JSON"); // duplicate field
    byte[] large = new byte[SiteStatusJson.MAX_BYTES + 1];
    java.util.Arrays.fill(large, (byte) ' ');
    assertThatThrownBy(() -> SiteStatusJson.decode(large))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 16384 bytes");
  }

  private static void assertRefused(String json, String saying) {
    assertThatThrownBy(() -> SiteStatusJson.decode(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(saying);
  }

  @Provide
  Arbitrary<Integer> positions() {
    return Arbitraries.integers().between(0, 400);
  }

  @Provide
  Arbitrary<String> replacements() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "",
            "\"",
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "null",
            "-1",
            "1e400",
            "0.5",
            "true",
            "99999999999999999999",
            "\\u0000",
            "\"x\":1,",
            "NaN",
            "\uD800"),
        Arbitraries.strings().ofMaxLength(6));
  }

  @Provide
  Arbitrary<SiteStatus> statuses() {
    Arbitrary<String> sites =
        Arbitraries.strings()
            .withChars("abcdefghijklmnopqrstuvwxyz0123456789")
            .ofLength(1)
            .flatMap(
                first ->
                    Arbitraries.strings()
                        .withChars("abcdefghijklmnopqrstuvwxyz0123456789-")
                        .ofMaxLength(20)
                        .map(rest -> first + rest.replaceAll("-+$", "")));
    Arbitrary<String> versions =
        Arbitraries.strings().ofMinLength(1).ofMaxLength(64).filter(v -> !v.isBlank());
    Arbitrary<Long> counts = Arbitraries.longs().greaterOrEqual(0);
    Arbitrary<Integer> small = Arbitraries.integers().greaterOrEqual(0);
    Arbitrary<OptionalDouble> oee =
        Arbitraries.oneOf(
            Arbitraries.just(OptionalDouble.empty()),
            Arbitraries.doubles().between(0, 1).map(OptionalDouble::of),
            Arbitraries.of(OptionalDouble.of(0), OptionalDouble.of(1)));
    return Combinators.combine(
            Combinators.combine(sites, versions, Arbitraries.longs(), counts, counts, counts)
                .as((s, v, t, c1, c2, c3) -> new Object[] {s, v, t, c1, c2, c3}),
            Combinators.combine(counts, counts, counts, small, small, oee, small)
                .as((c4, c5, c6, i1, i2, o, i3) -> new Object[] {c4, c5, c6, i1, i2, o, i3}))
        .as(
            (a, b) ->
                new SiteStatus(
                    (String) a[0],
                    (String) a[1],
                    (Long) a[2],
                    (Long) a[3],
                    (Long) a[4],
                    (Long) a[5],
                    (Long) b[0],
                    (Long) b[1],
                    (Long) b[2],
                    (Integer) b[3],
                    (Integer) b[4],
                    (OptionalDouble) b[5],
                    (Integer) b[6]));
  }
}
