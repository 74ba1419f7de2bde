package io.millwright.connect.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.core.machine.DefinitionException;
import org.junit.jupiter.api.Test;

class TagAddressTest {

  @Test
  void aTopicAloneIsAPlainValue() {
    TagAddress a = TagAddress.parse(" plant/cnc-01/spindle ");
    assertThat(a.topic()).isEqualTo("plant/cnc-01/spindle");
    assertThat(a.pointer()).isEmpty();
    assertThat(a).hasToString("plant/cnc-01/spindle");
  }

  @Test
  void theFirstHashStartsAJsonPointer() {
    TagAddress a = TagAddress.parse("devices/cnc-01/status#/spindle/speed");
    assertThat(a.topic()).isEqualTo("devices/cnc-01/status");
    assertThat(a.pointer()).hasValueSatisfying(p -> assertThat(p).hasToString("/spindle/speed"));
    assertThat(a).hasToString("devices/cnc-01/status#/spindle/speed");
  }

  @Test
  void pointerEscapesAndHashesInKeysAreKept() {
    TagAddress a = TagAddress.parse("d/s#/a~1b/c~0d/#x/0");
    assertThat(a.pointer().orElseThrow().getMatchingProperty()).isEqualTo("a/b");
    assertThat(a).hasToString("d/s#/a~1b/c~0d/#x/0");
  }

  @Test
  void wildcardsAreRefused() {
    assertThatThrownBy(() -> TagAddress.parse("devices/+/status#/speed"))
        .isInstanceOf(DefinitionException.class)
        .hasMessageContaining("address")
        .hasMessageContaining("wildcard");
    assertThatThrownBy(() -> TagAddress.parse("devices/#"))
        .isInstanceOf(DefinitionException.class)
        .hasMessageContaining("must start with /");
  }

  @Test
  void aPointerMustStartWithASlashAndUseOnlyTheTwoEscapes() {
    assertThatThrownBy(() -> TagAddress.parse("d/s#spindle"))
        .hasMessageContaining("must start with /");
    assertThatThrownBy(() -> TagAddress.parse("d/s#")).hasMessageContaining("must start with /");
    assertThatThrownBy(() -> TagAddress.parse("d/s#/a~2"))
        .hasMessageContaining("~0 (for ~) or ~1 (for /)");
    assertThatThrownBy(() -> TagAddress.parse("d/s#/a~")).hasMessageContaining("~0");
  }

  @Test
  void emptyAndBrokerTopicsAreRefused() {
    assertThatThrownBy(() -> TagAddress.parse("#/speed")).hasMessageContaining("has no topic");
    assertThatThrownBy(() -> TagAddress.parse("$SYS/broker/uptime"))
        .hasMessageContaining("brokers keep for themselves");
    assertThatThrownBy(() -> TagAddress.parse("  ")).hasMessageContaining("is missing");
  }

  @Test
  void theErrorNamesTheAddressField() {
    assertThatThrownBy(() -> TagAddress.parse("a/+"))
        .isInstanceOfSatisfying(
            DefinitionException.class, e -> assertThat(e.field()).isEqualTo("address"));
  }
}
