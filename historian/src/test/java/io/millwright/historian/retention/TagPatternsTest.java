package io.millwright.historian.retention;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TagPatternsTest {

  @Test
  void aPatternCoversTheNarrowerOnesInsideIt() {
    assertThat(TagPatterns.covers("#", "acme/+/x/#")).isTrue();
    assertThat(TagPatterns.covers("acme/#", "acme")).isTrue();
    assertThat(TagPatterns.covers("acme/#", "acme/#")).isTrue();
    assertThat(TagPatterns.covers("acme/+/x", "acme/plant-1/x")).isTrue();
    assertThat(TagPatterns.covers("acme/+/#", "acme/+/x/+")).isTrue();

    assertThat(TagPatterns.covers("acme/+/x", "acme/#")).isFalse();
    assertThat(TagPatterns.covers("acme", "acme/#")).isFalse();
    assertThat(TagPatterns.covers("acme/+", "acme/+/x")).isFalse();
    assertThat(TagPatterns.covers("acme/plant-1/#", "acme/+/#")).isFalse();
    assertThat(TagPatterns.covers("acme/x", "acme/+")).isFalse();
  }

  @Test
  void patternsOverlapWhenSomeTagMatchesBoth() {
    assertThat(TagPatterns.overlap("acme/+/pressing/#", "acme/plant-1/#")).isTrue();
    assertThat(TagPatterns.overlap("acme/#", "acme")).isTrue();
    assertThat(TagPatterns.overlap("+/x", "a/+")).isTrue();

    assertThat(TagPatterns.overlap("acme/plant-1/#", "acme/plant-2/#")).isFalse();
    assertThat(TagPatterns.overlap("acme/+", "acme/+/+")).isFalse();
    assertThat(TagPatterns.overlap("a/b", "a/c")).isFalse();
  }

  @Test
  void overlappingPatternsMeetInThePatternOfTheTagsBothMatch() {
    assertThat(TagPatterns.meet("acme/+/+/+/+/vibration/#", "acme/plant-1/pressing/#"))
        .isEqualTo("acme/plant-1/pressing/+/+/vibration/#");
    assertThat(TagPatterns.meet("acme/+/pressing/#", "acme/plant-1/#"))
        .isEqualTo("acme/plant-1/pressing/#");
    assertThat(TagPatterns.meet("acme/#", "acme")).isEqualTo("acme");
    assertThat(TagPatterns.meet("+/x", "a/+")).isEqualTo("a/x");
    assertThat(TagPatterns.meet("#", "#")).isEqualTo("#");
  }
}
