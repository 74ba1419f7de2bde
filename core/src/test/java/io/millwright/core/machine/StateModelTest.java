package io.millwright.core.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.core.sample.Value;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class StateModelTest {

  private static final Duration CYCLE = Duration.ofSeconds(2);

  private static MachineDefinition press(List<Tag> tags) {
    return new MachineDefinition(
        "press-01",
        "Press",
        "pressing",
        "line-1",
        Protocol.MODBUS,
        "tcp://h:502",
        Map.of(),
        Duration.ofSeconds(1),
        tags);
  }

  private static List<Tag> tags(String... names) {
    return java.util.Arrays.stream(names)
        .map(n -> Tag.of(n, "holding:" + n.length(), DataType.INT32))
        .toList();
  }

  /** A model with only the fields a test sets; the rest empty. */
  private static StateModel model(
      List<StateRule> rules,
      String stateTag,
      Map<String, MachineState> values,
      String total,
      String good,
      String scrap,
      String product,
      Duration ideal,
      Map<String, Duration> perProduct) {
    return new StateModel(
        rules,
        Optional.ofNullable(stateTag),
        values,
        Optional.empty(),
        null,
        Optional.ofNullable(total),
        Optional.ofNullable(good),
        Optional.ofNullable(scrap),
        Optional.ofNullable(product),
        ideal,
        perProduct,
        null);
  }

  private static StateModel byStateTag(String tag) {
    return model(List.of(), tag, Map.of(), null, null, null, null, null, Map.of());
  }

  private static DefinitionException refused(ThrowingCallable call) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
    assertThat(t).isInstanceOf(DefinitionException.class);
    return (DefinitionException) t;
  }

  @Test
  void aRuleOnAMissingTagIsRefusedNamingTheConditionAndListingTheTags() {
    StateModel m =
        model(
            List.of(
                new StateRule(
                    MachineState.PRODUCING,
                    List.of(
                        new StateCondition("run", StateCondition.Test.IS, "1"),
                        new StateCondition("cycle", StateCondition.Test.CHANGED_WITHIN, "10s")))),
            null,
            Map.of(),
            null,
            null,
            null,
            null,
            null,
            Map.of());
    // "run" exists, "cycle" does not: the second condition of the first rule is the culprit.
    DefinitionException e = refused(() -> press(tags("run", "state")).withStates(m));
    assertThat(e.field()).isEqualTo("states.rules[0].when[1].tag");
    assertThat(e.problem())
        .isEqualTo(
            "refers to the tag \"cycle\", which the machine does not have; it has run, state");
    // The same model on a machine that has the tag is accepted.
    assertThat(press(tags("run", "cycle")).withStates(m).states()).contains(m);
  }

  @Test
  void countersAndTheStateTagAreCheckedAgainstTheTagsToo() {
    StateModel m = model(List.of(), "state", Map.of(), "count", null, null, null, CYCLE, Map.of());
    assertThat(refused(() -> press(tags("state")).withStates(m)).field())
        .isEqualTo("states.totalTag");
    assertThat(refused(() -> press(tags("count")).withStates(m)).field())
        .isEqualTo("states.stateTag");
  }

  @Test
  void nothingToDecideTheStateIsRefused() {
    assertThat(
            refused(() -> model(List.of(), null, Map.of(), null, null, null, null, null, Map.of()))
                .field())
        .isEqualTo("states");
  }

  @Test
  void stateValuesWithoutAStateTagAreRefused() {
    List<StateRule> fallback = List.of(new StateRule(MachineState.IDLE, List.of()));
    DefinitionException e =
        refused(
            () ->
                model(
                    fallback,
                    null,
                    Map.of("1", MachineState.PRODUCING),
                    null,
                    null,
                    null,
                    null,
                    null,
                    Map.of()));
    assertThat(e.field()).isEqualTo("states.stateValues");
  }

  @Test
  void aStateValueMappingToUnknownIsRefused() {
    Map<String, MachineState> values = new LinkedHashMap<>();
    values.put("1", MachineState.PRODUCING);
    values.put("9", MachineState.UNKNOWN);
    assertThat(
            refused(() -> model(List.of(), "s", values, null, null, null, null, null, Map.of()))
                .field())
        .isEqualTo("states.stateValues.9");
  }

  @Test
  void scrapAloneIsRefused() {
    DefinitionException e =
        refused(() -> model(List.of(), "s", Map.of(), null, null, "scrap", null, CYCLE, Map.of()));
    assertThat(e.field()).isEqualTo("states.scrapTag");
    // With a total beside it, scrap gives the good count and is accepted.
    assertThat(
            model(List.of(), "s", Map.of(), "total", null, "scrap", null, CYCLE, Map.of())
                .countsParts())
        .isTrue();
  }

  @Test
  void countersWithoutAnIdealCycleAreRefused() {
    DefinitionException e =
        refused(() -> model(List.of(), "s", Map.of(), null, "good", null, null, null, Map.of()));
    assertThat(e.field()).isEqualTo("states.idealCycle");
    assertThat(e.problem()).contains("performance needs the ideal time per part");
  }

  @Test
  void aZeroIdealCycleIsRefused() {
    assertThat(
            refused(
                    () ->
                        model(
                            List.of(),
                            "s",
                            Map.of(),
                            "t",
                            null,
                            null,
                            null,
                            Duration.ZERO,
                            Map.of()))
                .field())
        .isEqualTo("states.idealCycle");
  }

  @Test
  void idealCyclesWithoutAProductTagAreRefused() {
    DefinitionException e =
        refused(
            () ->
                model(
                    List.of(),
                    "s",
                    Map.of(),
                    "t",
                    null,
                    null,
                    null,
                    CYCLE,
                    Map.of("A-100", Duration.ofSeconds(3))));
    assertThat(e.field()).isEqualTo("states.idealCycles");
  }

  @Test
  void idealCycleForFallsBackToTheMachinesOwn() {
    StateModel m =
        model(
            List.of(),
            "s",
            Map.of(),
            "t",
            null,
            null,
            "product",
            CYCLE,
            Map.of("A-100", Duration.ofSeconds(3)));
    assertThat(m.idealCycleFor("A-100")).isEqualTo(Duration.ofSeconds(3));
    assertThat(m.idealCycleFor("B-200")).isEqualTo(CYCLE);
    assertThat(m.idealCycleFor(null)).isEqualTo(CYCLE);
  }

  @Test
  void aRuleCannotSetUnknown() {
    DefinitionException e = refused(() -> new StateRule(MachineState.UNKNOWN, List.of()));
    assertThat(e.field()).isEqualTo("state");
    assertThat(e.problem()).contains("a rule cannot set it");
  }

  @Test
  void aboveAndBelowNeedANumber() {
    DefinitionException e =
        refused(() -> new StateCondition("speed", StateCondition.Test.ABOVE, "abc"));
    assertThat(e.field()).isEqualTo("above");
    assertThat(e.problem()).isEqualTo("must be a number, not \"abc\"");
    // Infinity parses as a double but compares with nothing useful.
    assertThat(
            refused(() -> new StateCondition("speed", StateCondition.Test.BELOW, "Infinity"))
                .field())
        .isEqualTo("below");
  }

  @Test
  void changedWithinMustBeLongerThanZero() {
    DefinitionException e =
        refused(() -> new StateCondition("cycle", StateCondition.Test.CHANGED_WITHIN, "0s"));
    assertThat(e.field()).isEqualTo("changedWithin");
    assertThat(e.problem()).isEqualTo("must be longer than 0");
    assertThat(
            refused(() -> new StateCondition("cycle", StateCondition.Test.CHANGED_WITHIN, "soon"))
                .field())
        .isEqualTo("changedWithin");
    assertThat(new StateCondition("cycle", StateCondition.Test.CHANGED_WITHIN, "90s").window())
        .isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void aConditionWithoutAValueIsRefused() {
    assertThat(refused(() -> new StateCondition("run", StateCondition.Test.IS, " ")).field())
        .isEqualTo("is");
    assertThatThrownBy(() -> new StateCondition("", StateCondition.Test.IS, "1"))
        .isInstanceOf(DefinitionException.class);
  }

  @Test
  void isComparesNumbersAsNumbers() {
    StateCondition zero = new StateCondition("s", StateCondition.Test.IS, "0");
    assertThat(zero.matches(Value.of(0.0))).isTrue();
    assertThat(zero.matches(Value.of(0L))).isTrue();
    assertThat(zero.matches(Value.of(-0.0))).isTrue();
    assertThat(zero.matches(Value.of(1L))).isFalse();
    assertThat(zero.matches(Value.of(Double.NaN))).isFalse();
    // Text "0" is text: compared as written, and equal.
    assertThat(zero.matches(Value.of("0"))).isTrue();
    assertThat(zero.matches(Value.of("0.0"))).isFalse();
    // A non-numeric operand never equals a number, and does not throw.
    assertThat(new StateCondition("s", StateCondition.Test.IS, "run").matches(Value.of(1L)))
        .isFalse();
  }

  @Test
  void isComparesBooleansAsTrueFalseOrOneZero() {
    StateCondition isTrue = new StateCondition("s", StateCondition.Test.IS, "true");
    StateCondition isOne = new StateCondition("s", StateCondition.Test.IS, "1");
    StateCondition isZero = new StateCondition("s", StateCondition.Test.IS, "0");
    assertThat(isTrue.matches(Value.of(true))).isTrue();
    assertThat(isOne.matches(Value.of(true))).isTrue();
    assertThat(isTrue.matches(Value.of(false))).isFalse();
    assertThat(isOne.matches(Value.of(false))).isFalse();
    assertThat(isZero.matches(Value.of(false))).isTrue();
    assertThat(new StateCondition("s", StateCondition.Test.IS, "yes").matches(Value.of(true)))
        .isFalse();
  }

  @Test
  void isComparesTextAsWritten() {
    StateCondition auto = new StateCondition("mode", StateCondition.Test.IS, "AUTO");
    assertThat(auto.matches(Value.of("AUTO"))).isTrue();
    assertThat(auto.matches(Value.of("auto"))).isFalse();
    assertThat(auto.matches(Value.of("AUTO "))).isFalse();
    assertThat(new StateCondition("mode", StateCondition.Test.NOT, "AUTO").matches(Value.of("MAN")))
        .isTrue();
  }

  @Test
  void aboveAndBelowAreStrict() {
    StateCondition above = new StateCondition("speed", StateCondition.Test.ABOVE, "10");
    StateCondition below = new StateCondition("speed", StateCondition.Test.BELOW, "10");
    assertThat(above.matches(Value.of(10.5))).isTrue();
    assertThat(above.matches(Value.of(10L))).isFalse();
    assertThat(below.matches(Value.of(9L))).isTrue();
    assertThat(below.matches(Value.of(10.0))).isFalse();
    // Text has no number: neither above nor below anything.
    assertThat(above.matches(Value.of("99"))).isFalse();
    assertThat(below.matches(Value.of("1"))).isFalse();
  }

  @Test
  void changedWithinIsNotDecidedFromOneValue() {
    StateCondition c = new StateCondition("cycle", StateCondition.Test.CHANGED_WITHIN, "10s");
    assertThatThrownBy(() -> c.matches(Value.of(1L))).isInstanceOf(IllegalStateException.class);
  }
}
