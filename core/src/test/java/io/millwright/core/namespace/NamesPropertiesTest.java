package io.millwright.core.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/** Properties of the naming rules over generated input, including arbitrary Unicode. */
class NamesPropertiesTest {

  @Property
  void validNamesAreAccepted(@ForAll("validNames") String name) {
    assertThat(Names.requireName("machine id", name)).isEqualTo(name);
  }

  @Property
  void validTagPathsAreAccepted(@ForAll("validTagPaths") String path) {
    assertThat(Names.requireTagPath("tag path", path)).isEqualTo(path);
  }

  /**
   * Any string is either accepted or rejected with a message that quotes it and points inside it.
   */
  @Property(tries = 5000)
  void anyInputIsAcceptedOrRejectedWithAPosition(@ForAll @StringLength(max = 300) String input) {
    InvalidNameException e =
        catchThrowableOfType(
            InvalidNameException.class, () -> Names.requireTagPath("tag path", input));
    if (e == null) {
      assertThat(input).matches("[a-z0-9][a-z0-9_./-]*");
      return;
    }
    assertThat(e.getMessage()).startsWith("invalid tag path ");
    assertThat(e.position()).isBetween(-1, input.length() - 1);
    if (e.position() >= 0 && e.position() < input.length()) {
      assertThat(e.getMessage()).contains("at character " + (e.position() + 1));
    }
  }

  /** Injecting one forbidden character anywhere into a valid name is caught exactly there. */
  @Property
  void aForbiddenCharacterIsReportedWhereItIs(
      @ForAll("validNames") String name, @ForAll("forbidden") char bad, @ForAll int where) {
    int at = Math.floorMod(where, name.length() + 1);
    String broken = name.substring(0, at) + bad + name.substring(at);
    Assume.that(broken.length() <= Names.MAX_NAME_LENGTH);
    assertThatThrownBy(() -> Names.requireName("line name", broken))
        .isInstanceOf(InvalidNameException.class)
        .extracting(t -> ((InvalidNameException) t).position())
        .isEqualTo(at);
  }

  /** A UNS path survives printing and parsing unchanged. */
  @Property
  void unsPathsRoundTrip(
      @ForAll("validNames") String enterprise,
      @ForAll("validNames") String site,
      @ForAll("validNames") String area,
      @ForAll("validNames") String line,
      @ForAll("validNames") String machine,
      @ForAll("validTagPaths") String tag) {
    UnsPath path = new UnsPath(enterprise, site, area, line, machine, tag);
    assertThat(UnsPath.parse(path.toString())).isEqualTo(path);
  }

  @Provide
  Arbitrary<String> validNames() {
    Arbitrary<Character> edge = Arbitraries.chars().range('a', 'z').with('0', '1', '7', '9');
    Arbitrary<String> inner =
        Arbitraries.strings().withCharRange('a', 'z').withChars("0123456789-").ofMaxLength(20);
    return Arbitraries.oneOf(
        edge.map(String::valueOf),
        net.jqwik.api.Combinators.combine(edge, inner, edge).as((a, b, c) -> a + b + c));
  }

  @Provide
  Arbitrary<String> validTagPaths() {
    Arbitrary<Character> edge = Arbitraries.chars().range('a', 'z').with('0', '5');
    Arbitrary<String> inner =
        Arbitraries.strings().withCharRange('a', 'z').withChars("0123456789-_.").ofMaxLength(12);
    Arbitrary<String> segment =
        net.jqwik.api.Combinators.combine(edge, inner, edge).as((a, b, c) -> a + b + c);
    return segment.list().ofMinSize(1).ofMaxSize(Names.MAX_TAG_DEPTH).map(l -> String.join("/", l));
  }

  @Provide
  Arbitrary<Character> forbidden() {
    return Arbitraries.of(
        'A', 'Z', ' ', '+', '#', '/', '_', '$', '\u0000', '\n', 'é', '\u00a0', '*', '\\');
  }
}
