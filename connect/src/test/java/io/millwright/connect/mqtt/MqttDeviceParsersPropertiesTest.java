package io.millwright.connect.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.connect.Connector;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Scale;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Value;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/**
 * Fuzzes what reaches the connector from outside: any address a plant engineer types is either
 * accepted or refused naming the field, and any payload a device sends becomes one sample per tag,
 * Good or Bad with a reason, never an exception.
 */
class MqttDeviceParsersPropertiesTest {

  @Property(tries = 3000)
  void anyStringIsAnAddressOrADefinitionError(@ForAll @StringLength(max = 60) String text) {
    try {
      TagAddress a = TagAddress.parse(text);
      assertThat(TagAddress.parse(a.toString())).isEqualTo(a);
      assertThat(a.topic()).doesNotContain("+", "#");
    } catch (DefinitionException e) {
      assertThat(e.field()).isEqualTo("address");
    }
  }

  @Property(tries = 3000)
  void nearMissAddressesAreAddressesOrDefinitionErrors(@ForAll("nearAddresses") String text) {
    anyStringIsAnAddressOrADefinitionError(text);
  }

  /** Whole definitions: any address with any type either builds or names a field of that tag. */
  @Property(tries = 500)
  void anyTagIsBuiltOrRefusedOnItsOwnFields(
      @ForAll("nearAddresses") String address, @ForAll DataType type, @ForAll boolean writable) {
    Tag tag;
    try {
      tag = new Tag("t", address, type, "", Scale.IDENTITY, 0, Optional.empty(), writable);
    } catch (DefinitionException e) {
      // The core's own checks (blank, control characters): not this connector's concern.
      return;
    }
    MachineDefinition machine =
        new MachineDefinition(
            "m", "m", "a", "l", Protocol.MQTT, "mqtt://localhost", Map.of(), null, List.of(tag));
    try (Connector c = new MqttDeviceConnectorFactory(k -> null).create(machine)) {
      assertThat(c.stats()).isNotNull();
    } catch (DefinitionException e) {
      assertThat(e.field()).isIn("tags[0].address", "tags[0].writable");
    }
  }

  @Property(tries = 3000)
  void anyBytesGiveOneSamplePerTag(
      @ForAll @Size(max = 200) byte[] payload, @ForAll("tagSets") List<DeviceTag> tags) {
    decodesToOneSamplePerTag(tags, ByteBuffer.wrap(payload));
  }

  /** JSON-like text reaches the field lookups and type checks that random bytes rarely do. */
  @Property(tries = 3000)
  void anyJsonishTextGivesOneSamplePerTag(
      @ForAll("jsonish") String payload, @ForAll("tagSets") List<DeviceTag> tags) {
    decodesToOneSamplePerTag(tags, ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8)));
  }

  private static void decodesToOneSamplePerTag(List<DeviceTag> tags, ByteBuffer payload) {
    MessageDecoder decoder =
        new MessageDecoder(tags, Optional.of(TagAddress.pointer("f", "/ts")), 100);
    MessageDecoder.Decoded d = decoder.decode("d/s", payload, 1L);
    assertThat(d.samples()).hasSize(tags.size());
    long bad = d.samples().stream().filter(s -> !s.sample().quality().isGood()).count();
    assertThat(d.problems()).hasSize((int) bad);
    for (var s : d.samples()) {
      DeviceTag t = tags.stream().filter(x -> x.name().equals(s.tag())).findFirst().orElseThrow();
      if (s.sample().quality().isGood()) {
        assertThat(s.sample().value().kind()).isEqualTo(t.tag().type().kind());
      } else {
        assertThat(s.sample().quality().reason()).startsWith("Bad_");
      }
    }
  }

  @Provide
  Arbitrary<String> nearAddresses() {
    Arbitrary<String> topic = Arbitraries.strings().withChars("ab/+#$ ~").ofMaxLength(8);
    Arbitrary<String> pointer =
        Arbitraries.oneOf(
            Arbitraries.just(""),
            Arbitraries.strings().withChars("/ab~01#").ofMaxLength(8).map(p -> "#" + p));
    return Combinators.combine(topic, pointer).as((t, p) -> t + p);
  }

  @Provide
  Arbitrary<List<DeviceTag>> tagSets() {
    Arbitrary<String> address =
        Arbitraries.of("d/s", "d/s#/a", "d/s#/a/b", "d/s#/0", "d/s#/a/0", "d/s#/", "d/s#/ts");
    Arbitrary<DeviceTag> tag =
        Combinators.combine(address, Arbitraries.of(DataType.class))
            .as((a, type) -> new DeviceTag(0, Tag.of("t", a, type), TagAddress.parse(a)));
    return tag.list()
        .ofMinSize(1)
        .ofMaxSize(5)
        .map(
            list -> {
              List<DeviceTag> numbered = new java.util.ArrayList<>();
              for (int i = 0; i < list.size(); i++) {
                DeviceTag t = list.get(i);
                numbered.add(
                    new DeviceTag(
                        i, Tag.of("t" + i, t.tag().address(), t.tag().type()), t.address()));
              }
              return numbered;
            });
  }

  @Provide
  Arbitrary<String> jsonish() {
    Arbitrary<String> scalar =
        Arbitraries.oneOf(
            Arbitraries.of(
                "true",
                "false",
                "null",
                "0",
                "1",
                "-1",
                "1.5",
                "1e400",
                "\"x\"",
                "\"1\"",
                "99999999999999999999",
                "[]",
                "{}",
                "{",
                "\"",
                "NaN"),
            Arbitraries.integers().map(String::valueOf),
            Arbitraries.doubles().map(String::valueOf));
    return Combinators.combine(Arbitraries.integers().between(0, 4), scalar, scalar, scalar)
        .as(
            (shape, a, b, c) ->
                switch (shape) {
                  case 0 -> "{\"a\": " + a + ", \"ts\": " + b + "}";
                  case 1 -> "{\"a\": {\"b\": " + a + "}, \"0\": " + c + "}";
                  case 2 -> "[" + a + ", " + b + "]";
                  case 3 -> a;
                  default -> "{\"a\": [" + a + "," + b + "], \"ts\": " + c + "}";
                });
  }

  @Property(tries = 1000)
  void anyStringForANumericTagIsAValueOrABadReading(
      @ForAll @StringLength(max = 30) String text, @ForAll DataType type) {
    Reading r = DeviceValues.fromText(text, type);
    if (r instanceof Reading.Good g) {
      assertThat(g.value()).isNotNull();
      assertThat(g.value().kind()).isEqualTo(type.kind());
      if (type.kind() == Value.Kind.LONG) {
        assertThat(g.value().asDouble())
            .isBetween((double) DeviceValues.min(type), (double) DeviceValues.max(type));
      }
    }
  }
}
