package io.millwright.core.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NamesTest {

  @Test
  void acceptsTheDemoPlantNames() {
    assertThat(Names.requireName("machine id", "press-01")).isEqualTo("press-01");
    assertThat(Names.requireTagPath("tag path", "barrel/zone-1/temperature"))
        .isEqualTo("barrel/zone-1/temperature");
    assertThat(Names.requireTagPath("tag path", "plc_vars/motor.speed"))
        .isEqualTo("plc_vars/motor.speed");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "Press-01   | 1  | uppercase 'P' is not allowed",
        "press 01   | 6  | a space is not allowed",
        "-press     | 1  | must start and end with a lowercase letter or digit",
        "press-     | 6  | must start and end with a lowercase letter or digit",
        "press+1    | 6  | '+' is an MQTT wildcard",
        "press#     | 6  | '#' is an MQTT wildcard",
        "press/01   | 6  | '/' separates levels",
        "press_01   | 6  | '_' is not allowed",
      })
  void levelNamesSayWhatIsWrongAndWhere(String name, int character, String problem) {
    assertThatThrownBy(() -> Names.requireName("machine id", name))
        .isInstanceOf(InvalidNameException.class)
        .hasMessageStartingWith(
            "invalid machine id \"" + name + "\" at character " + character + ": ")
        .hasMessageContaining(problem);
  }

  @Test
  void emptyAndMissingNamesAreNamedAsSuch() {
    assertThatThrownBy(() -> Names.requireName("area name", ""))
        .hasMessage("invalid area name \"\": it is empty");
    assertThatThrownBy(() -> Names.requireName("area name", null))
        .hasMessage("invalid area name null: it is missing");
  }

  @Test
  void tooLongNamesPointAtTheFirstCharacterPastTheLimit() {
    String name = "a".repeat(64);
    assertThatThrownBy(() -> Names.requireName("site name", name))
        .hasMessageEndingWith("at character 64: it is 64 characters long; the limit is 63");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "/spindle/speed    | 1  | it starts with '/'",
        "spindle/speed/    | 14 | it ends with '/'",
        "spindle//speed    | 9  | it has an empty segment ('//')",
        "spindle/Speed     | 9  | uppercase 'S' is not allowed",
        "spindle/+         | 9  | '+' is an MQTT wildcard",
        "spindle/_speed    | 9  | must start and end",
      })
  void tagPathsSayWhichCharacterIsWrong(String path, int character, String problem) {
    assertThatThrownBy(() -> Names.requireTagPath("tag path", path))
        .hasMessageStartingWith(
            "invalid tag path \"" + path + "\" at character " + character + ": ")
        .hasMessageContaining(problem);
  }

  @Test
  void tagPathsHaveADepthLimit() {
    assertThat(Names.requireTagPath("tag path", "a/b/c/d/e/f/g/h")).isNotNull();
    assertThatThrownBy(() -> Names.requireTagPath("tag path", "a/b/c/d/e/f/g/h/i"))
        .hasMessageEndingWith("at character 17: the tag path has more than 8 segments");
  }

  @Test
  void controlCharactersAreEscapedInTheMessage() {
    assertThatThrownBy(() -> Names.requireName("machine id", "press\n01"))
        .hasMessageContaining("\"press\\u000a01\" at character 6: control character U+000A");
  }
}
