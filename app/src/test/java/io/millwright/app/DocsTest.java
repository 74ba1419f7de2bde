package io.millwright.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.app.config.Setting;
import io.millwright.app.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The documents users rely on say what the code does. */
class DocsTest {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void everySettingIsDocumentedWithItsVariableAndDefault() throws IOException {
    String doc = Files.readString(ROOT.resolve("docs/configuration.md"));
    for (Setting<?> s : Settings.ALL) {
      assertThat(doc)
          .as("docs/configuration.md documents %s", s.key())
          .contains("`" + s.key() + "`");
      assertThat(doc).contains("`" + s.env() + "`");
      if (s.defaultText() != null) {
        assertThat(doc).as("default of %s", s.key()).contains("`" + s.defaultText() + "`");
      }
    }
    assertThat(doc).contains("`" + Settings.MACHINES_ENV + "`");
  }

  @Test
  void theReadmeStartsWithTheTwoCommands() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    String head = readme.substring(0, Math.min(readme.length(), 1500));
    assertThat(head).contains("./millwright demo").contains("./mvnw verify");
    assertThat(Files.readString(ROOT.resolve(".ci/run"))).contains("./mvnw verify");
  }
}
