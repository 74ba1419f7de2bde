package io.millwright.core.alarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.MachineState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class AlarmDefinitionTest {

  static AlarmDefinition limits(Double hh, Double h, Double l, Double ll, double deadband) {
    return new AlarmDefinition(
        Optional.empty(),
        Optional.of("hydraulics/oil-temperature"),
        new AlarmCondition.Limits(hh, h, l, ll),
        deadband,
        null,
        null,
        AlarmPriority.MEDIUM,
        Optional.empty(),
        Optional.empty(),
        Set.of());
  }

  @Test
  void eachLimitLevelIsAnAlarmNamedAfterTheTagAndTheOuterLevelsArePriorityHigher() {
    AlarmDefinition d = limits(66.0, 60.0, 20.0, 10.0, 1);
    assertThat(d.points())
        .extracting(AlarmDefinition.Point::name, AlarmDefinition.Point::priority)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "hydraulics-oil-temperature-high-high", AlarmPriority.HIGH),
            org.assertj.core.groups.Tuple.tuple(
                "hydraulics-oil-temperature-high", AlarmPriority.MEDIUM),
            org.assertj.core.groups.Tuple.tuple(
                "hydraulics-oil-temperature-low", AlarmPriority.MEDIUM),
            org.assertj.core.groups.Tuple.tuple(
                "hydraulics-oil-temperature-low-low", AlarmPriority.HIGH));
  }

  @Test
  void invertedLimitsAreRefusedNamingBothLimits() {
    assertThatThrownBy(() -> limits(null, 60.0, 70.0, null, 0))
        .isInstanceOf(DefinitionException.class)
        .hasMessage("low: 70.0 is not below high (60.0): the limits are inverted");
    assertThatThrownBy(() -> limits(50.0, 60.0, null, null, 0))
        .hasMessageContaining("high: 60.0 is not below highHigh (50.0)");
  }

  @Test
  void aDeadbandAsWideAsTheGapBetweenLimitsIsRefused() {
    assertThatThrownBy(() -> limits(66.0, 60.0, null, null, 6))
        .isInstanceOf(DefinitionException.class)
        .hasMessageStartingWith("deadband:");
  }

  @Test
  void kindsThatReadNoTagRefuseOneAndTagsMustExist() {
    assertThatThrownBy(
            () ->
                AlarmDefinition.of(
                    Optional.of("state"), new AlarmCondition.InState(Set.of(MachineState.FAULT))))
        .hasMessage("tag: a state alarm reads no tag; remove it");
    AlarmDefinition d =
        AlarmDefinition.of(
            Optional.of("press/force"), new AlarmCondition.Stale(Duration.ofMinutes(1)));
    assertThatThrownBy(() -> d.checkTags(Set.of("press/stroke-rate")))
        .hasMessage("tag: \"press/force\" is not one of the machine's tags");
  }

  @Test
  void malformedMessagesAreRefusedWithWhere() {
    assertThatThrownBy(() -> MessageTemplate.parse("Bearing at {value degC"))
        .hasMessage(
            "message: malformed at character 12 of \"Bearing at {value degC\": a '{' that is"
                + " never closed");
    assertThatThrownBy(() -> MessageTemplate.parse("at {} now"))
        .hasMessageContaining("empty placeholder");
    assertThatThrownBy(() -> MessageTemplate.parse("at {Spindle Speed}"))
        .hasMessageContaining("is neither one of value");
    assertThatThrownBy(() -> MessageTemplate.parse("50} rpm"))
        .hasMessageContaining("without its '{'");
    MessageTemplate t = MessageTemplate.parse("{machine}: {value} {{raw}} at {spindle/speed} rpm");
    assertThat(t.tags()).containsExactly("spindle/speed");
    assertThat(t.render(w -> w.equals("machine") ? "cnc-02" : "7"))
        .isEqualTo("cnc-02: 7 {raw} at 7 rpm");
  }

  @Test
  void patternsExpandOverMatchingTagsAndRefuseOneNameForSeveralTags() {
    AlarmPattern p =
        new AlarmPattern(
            "cnc-*",
            Optional.empty(),
            Optional.of("spindle/*"),
            new AlarmDefinition(
                Optional.of("hot"),
                Optional.empty(),
                new AlarmCondition.Limits(null, 80.0, null, null),
                0,
                null,
                null,
                null,
                Optional.empty(),
                Optional.empty(),
                Set.of()));
    assertThat(AlarmPattern.matches("spindle/*", "spindle/speed", true)).isTrue();
    assertThat(AlarmPattern.matches("spindle/*", "spindle/a/b", true)).isFalse();
    assertThat(AlarmPattern.matches("**", "spindle/a/b", true)).isTrue();
    assertThat(AlarmPattern.matches("**/temperature", "barrel/zone-1/temperature", true)).isTrue();
    assertThat(AlarmPattern.matches("barrel/*/temperature", "barrel/zone-1/temperature", true))
        .isTrue();
    assertThat(AlarmPattern.matches("cnc-*", "cnc-02", false)).isTrue();
    assertThat(AlarmPattern.matches("cnc-*", "press-01", false)).isFalse();
    assertThat(AlarmPattern.matches("*-0*", "press-01", false)).isTrue();
    assertThat(AlarmPattern.matches("a*", "", false)).isFalse();
    assertThat(AlarmPattern.matches("*", "", false)).isTrue();
    // A regular expression backtracks for minutes on this one; the position set does not.
    assertThat(AlarmPattern.matches("*a*a*a*a*a*a*a*a*a*b", "a".repeat(63), false)).isFalse();
    assertThatThrownBy(
            () -> new AlarmPattern("CNC 1", Optional.empty(), Optional.of("x"), p.definition()))
        .hasMessageContaining("machines:");
    assertThat(List.of(p.machines())).containsExactly("cnc-*");
  }

  /** The position-set matcher agrees with the plain regular expression a glob stands for. */
  @Property(tries = 3000)
  void globsMatchAsTheirRegularExpressions(
      @ForAll
          @net.jqwik.api.constraints.StringLength(max = 8)
          @net.jqwik.api.constraints.Chars({'a', 'b', '/', '*'})
          String glob,
      @ForAll
          @net.jqwik.api.constraints.StringLength(max = 10)
          @net.jqwik.api.constraints.Chars({'a', 'b', '/'})
          String text,
      @ForAll boolean levels) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*') {
        boolean twice = i + 1 < glob.length() && glob.charAt(i + 1) == '*';
        re.append(twice || !levels ? ".*" : "[^/]*");
        i += twice ? 1 : 0;
      } else {
        re.append(java.util.regex.Pattern.quote(String.valueOf(c)));
      }
    }
    assertThat(AlarmPattern.matches(glob, text, levels)).isEqualTo(text.matches(re.toString()));
  }

  /** T6: any text is either a template or a DefinitionException, never anything else. */
  @Property(tries = 2000)
  void anyMessageTextParsesOrIsRefusedCleanly(@ForAll String text) {
    try {
      MessageTemplate t = MessageTemplate.parse(text);
      assertThat(t.render(w -> "x")).isNotNull();
    } catch (DefinitionException e) {
      assertThat(e.field()).isEqualTo("message");
    }
  }
}
