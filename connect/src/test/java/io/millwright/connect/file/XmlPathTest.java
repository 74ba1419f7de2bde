package io.millwright.connect.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class XmlPathTest {

  @Test
  void stepsSelectionsAndAFinalAttribute() {
    XmlPath p = XmlPath.parse("/inspection/feature[@name='bore']/@unit");
    assertThat(p.steps()).extracting(XmlPath.Step::name).containsExactly("inspection", "feature");
    assertThat(p.steps().get(1).whereAttribute()).contains("name");
    assertThat(p.steps().get(1).equals()).contains("bore");
    assertThat(p.attribute()).contains("unit");
    assertThat(XmlPath.parse("a/b").attribute()).isEqualTo(Optional.empty());
  }

  @Test
  void matchesTheOpenElementsExactly() {
    XmlPath p = XmlPath.parse("a/f[@n='x']/d");
    Map<String, String> none = Map.of();
    assertThat(p.matches(List.of("a", "f", "d"), List.of(none, Map.of("n", "x"), none))).isTrue();
    assertThat(p.matches(List.of("a", "f", "d"), List.of(none, Map.of("n", "y"), none))).isFalse();
    assertThat(p.matches(List.of("a", "f"), List.of(none, Map.of("n", "x")))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/", "a//b", "a/@b/c", "@a", "a[1]", "a[@b=c]", "a/b[", "ns:a/b"})
  void anythingElseIsRefusedShowingTheForm(String address) {
    assertThatThrownBy(() -> XmlPath.parse(address))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inspection/result/pass");
  }
}
