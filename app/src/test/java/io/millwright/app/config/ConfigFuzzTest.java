package io.millwright.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Hostile and broken configuration files (RELIABILITY.md T6): whatever the bytes, loading ends in a
 * configuration or a {@link ConfigException}, never another exception, so the binary always exits 2
 * with a message.
 */
class ConfigFuzzTest {

  private static final String EXAMPLE;

  static {
    try {
      EXAMPLE = Files.readString(ConfigLoaderTest.EXAMPLE);
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Path file;

  ConfigFuzzTest() throws IOException {
    file = Files.createTempFile("millwright-fuzz", ".yaml");
  }

  @AfterProperty
  void cleanUp() throws IOException {
    Files.deleteIfExists(file);
  }

  @Property(tries = 3000)
  void mutatedExampleFilesLoadOrFailCleanly(@ForAll("mutations") String yaml) throws IOException {
    loadOrFailCleanly(yaml);
  }

  @Property(tries = 1000)
  void arbitraryTextLoadsOrFailsCleanly(@ForAll("yamlish") String yaml) throws IOException {
    loadOrFailCleanly(yaml);
  }

  private void loadOrFailCleanly(String yaml) throws IOException {
    Files.writeString(file, yaml);
    try {
      assertThat(ConfigLoader.load(Optional.of(file), Optional.empty(), Map.of())).isNotNull();
    } catch (ConfigException e) {
      assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
    }
  }

  /**
   * The example with a slice cut out, duplicated or replaced: near-valid files reach the deepest
   * checks.
   */
  @Provide
  Arbitrary<String> mutations() {
    int n = EXAMPLE.length();
    Arbitrary<Integer> at = Arbitraries.integers().between(0, n - 1);
    Arbitrary<Integer> len = Arbitraries.integers().between(0, 40);
    Arbitrary<String> junk =
        Arbitraries.oneOf(
            Arbitraries.of(
                ":",
                "- ",
                "{",
                "}",
                "[",
                "]",
                "&a",
                "*a",
                "!!binary",
                "\t",
                "\n  ",
                "'",
                "\"",
                "null",
                "-1",
                "1e400",
                "NaN",
                "~",
                "? ",
                "|",
                ">",
                "%",
                "@",
                "\u0000",
                "é"),
            Arbitraries.strings().ofMaxLength(8));
    return net.jqwik.api.Combinators.combine(at, len, junk)
        .as((a, l, j) -> EXAMPLE.substring(0, a) + j + EXAMPLE.substring(Math.min(n, a + l)));
  }

  @Provide
  Arbitrary<String> yamlish() {
    return Arbitraries.strings()
        .withChars("abcdefghijklmnopqrstuvwxyz0123456789:-[]{},&*!|>'\"#\n \t.")
        .ofMaxLength(200);
  }
}
