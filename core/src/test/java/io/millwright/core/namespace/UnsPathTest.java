package io.millwright.core.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UnsPathTest {

  @Test
  void parsesTheIsa95LevelsAndTheTagPath() {
    UnsPath path =
        UnsPath.parse("acme/plant-1/machining/cell-1/cnc-02/spindle/bearing-temperature");
    assertThat(path.enterprise()).isEqualTo("acme");
    assertThat(path.site()).isEqualTo("plant-1");
    assertThat(path.area()).isEqualTo("machining");
    assertThat(path.line()).isEqualTo("cell-1");
    assertThat(path.machine()).isEqualTo("cnc-02");
    assertThat(path.tagPath()).isEqualTo("spindle/bearing-temperature");
    assertThat(path.machinePath()).isEqualTo("acme/plant-1/machining/cell-1/cnc-02");
    assertThat(path.withTag("state").toString())
        .isEqualTo("acme/plant-1/machining/cell-1/cnc-02/state");
  }

  @Test
  void namesTheMissingLevel() {
    assertThatThrownBy(() -> UnsPath.parse("acme/plant-1/pressing"))
        .hasMessage(
            "invalid UNS path \"acme/plant-1/pressing\": it has 3 levels but needs"
                + " enterprise/site/area/line/machine/tag; the line is missing");
    assertThatThrownBy(() -> UnsPath.parse("acme/plant-1/pressing/line-1/press-01"))
        .hasMessageEndingWith(
            "it has 5 levels but needs enterprise/site/area/line/machine/tag; the tag path is missing");
    assertThatThrownBy(() -> UnsPath.parse("acme/plant-1/pressing/line-1/press-01/"))
        .hasMessage(
            "invalid UNS path (tag path) \"acme/plant-1/pressing/line-1/press-01/\": the tag path is missing");
  }

  @Test
  void namesTheWrongLevelAndTheCharacterInTheWholePath() {
    assertThatThrownBy(() -> UnsPath.parse("acme/plant-1/Pressing/line-1/press-01/state"))
        .hasMessageStartingWith(
            "invalid UNS path (area) \"acme/plant-1/Pressing/line-1/press-01/state\" at character 14: uppercase 'P'");
    assertThatThrownBy(() -> UnsPath.parse("acme/plant-1/pressing/line-1/press-01/counts//good"))
        .hasMessageContaining("(tag path)")
        .hasMessageContaining("at character 46: it has an empty segment");
  }

  @Test
  void rejectsWildcardsSoAPathIsNeverAFilter() {
    assertThatThrownBy(() -> UnsPath.parse("acme/plant-1/+/line-1/press-01/state"))
        .hasMessageContaining("'+' is an MQTT wildcard");
    assertThatThrownBy(() -> UnsPath.parse("acme/plant-1/pressing/line-1/press-01/#"))
        .hasMessageContaining("'#' is an MQTT wildcard");
  }
}
