package io.millwright.operator.machine;

import static io.millwright.operator.Fixtures.NO_PROTOCOL_CHECK;
import static io.millwright.operator.Fixtures.condition;
import static io.millwright.operator.Fixtures.machine;
import static io.millwright.operator.Fixtures.rule;
import static io.millwright.operator.Fixtures.states;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.AnyType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.MachineState;
import io.millwright.core.machine.StateCondition;
import io.millwright.core.machine.StateModel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Machine's {@code states} becomes the core's state model, with the machines file's rules. */
class MachineStatesTest {

  private static final MachineValidation VALIDATION = new MachineValidation(NO_PROTOCOL_CHECK);

  @Test
  void theStatesSectionBecomesTheStateModel() {
    Machine m = machine("press-01", "ns", "pressing", "line-1");
    m.getSpec().states = states();
    m.getSpec().states.microStop = "20s";

    StateModel model = VALIDATION.definition(m).states().orElseThrow();

    assertThat(model.rules())
        .extracting(r -> r.state())
        .containsExactly(MachineState.FAULT, MachineState.PRODUCING, MachineState.IDLE);
    assertThat(model.rules().get(0).when())
        .singleElement()
        .isEqualTo(
            new StateCondition("hydraulics/oil-temperature", StateCondition.Test.ABOVE, "80"));
    assertThat(model.rules().get(1).when().get(0).window()).isEqualTo(Duration.ofSeconds(60));
    assertThat(model.goodTag()).contains("counts/good");
    assertThat(model.idealCycle()).isEqualTo(Duration.ofSeconds(2));
    assertThat(model.microStop()).isEqualTo(Duration.ofSeconds(20));
    assertThat(model.reasonTable()).isEqualTo(StateModel.DEFAULT_REASON_TABLE);
  }

  @Test
  void aMachineWithoutStatesHasNoStateModel() {
    assertThat(VALIDATION.definition(machine("press-01", "ns", "pressing", "line-1")).states())
        .isEmpty();
  }

  @Test
  void isAndNotTakeNumbersBooleansAndTextAsTheMachinesFileDoes() {
    Machine m = machine("press-01", "ns", "pressing", "line-1");
    // As kubectl sends them: JSON numbers, booleans and strings.
    KubernetesSerialization json = new KubernetesSerialization();
    StatesSpec s =
        json.unmarshal(
            """
            {"rules": [
              {"state": "fault", "when": [{"tag": "counts/good", "is": 0}]},
              {"state": "setup", "when": [{"tag": "counts/good", "not": false}]},
              {"state": "producing", "when": [{"tag": "counts/good", "is": "setup"}]},
              {"state": "idle", "when": [{"tag": "counts/good", "is": 2.5}]}],
             "stateValues": {"1": "producing"}, "stateTag": "counts/good"}
            """,
            StatesSpec.class);
    m.getSpec().states = s;

    StateModel model = VALIDATION.definition(m).states().orElseThrow();

    assertThat(model.rules())
        .extracting(r -> r.when().get(0).test() + "=" + r.when().get(0).operand())
        .containsExactly("IS=0", "NOT=false", "IS=setup", "IS=2.5");
    assertThat(model.stateValues()).isEqualTo(Map.of("1", MachineState.PRODUCING));
    // And back: the machines file writes what was given.
    assertThat(json.asJson(s)).contains("\"is\":0").contains("\"not\":false");
  }

  @Test
  void aRuleNamingAMissingTagNamesTheField() {
    Machine m = machine("press-01", "ns", "pressing", "line-1");
    m.getSpec().states = states();
    m.getSpec().states.rules =
        List.of(rule("fault", condition("alarm/code", c -> c.not = new AnyType(0))), rule("idle"));

    assertThatThrownBy(() -> VALIDATION.definition(m))
        .isInstanceOf(DefinitionException.class)
        .hasMessageStartingWith(
            "spec.states.rules[0].when[0].tag: refers to the tag \"alarm/code\"")
        .hasMessageContaining("which the machine does not have");
  }

  @Test
  void badValuesNameTheirField() {
    assertThat(problem(s -> s.rules = List.of(rule("unknown"))))
        .startsWith("spec.states.rules[0].state: unknown is what a machine is without data");
    assertThat(problem(s -> s.rules = List.of(rule("running"))))
        .startsWith("spec.states.rules[0].state: unknown machine state \"running\"");
    assertThat(
            problem(
                s ->
                    s.rules =
                        List.of(
                            rule(
                                "fault",
                                condition(
                                    "counts/good",
                                    c -> {
                                      c.is = new AnyType(1);
                                      c.above = 3.0;
                                    })))))
        .startsWith("spec.states.rules[0].when[0].above: give one test per condition");
    assertThat(
            problem(
                s ->
                    s.rules =
                        List.of(
                            rule("fault", condition("counts/good", c -> c.changedWithin = "0s")))))
        .isEqualTo("spec.states.rules[0].when[0].changedWithin: must be longer than 0");
    assertThat(problem(s -> s.idealCycle = "fast"))
        .startsWith("spec.states.idealCycle: duration \"fast\" is not understood");
    assertThat(problem(s -> s.idealCycle = null))
        .startsWith("spec.states.idealCycle: is missing: performance needs the ideal time");
    assertThat(problem(s -> s.stateValues = Map.of("1", "producing")))
        .startsWith("spec.states.stateValues: maps the values of a stateTag");
    assertThat(problem(s -> s.rules = null)).startsWith("spec.states: needs rules or a stateTag");
  }

  private static String problem(java.util.function.Consumer<StatesSpec> change) {
    Machine m = machine("press-01", "ns", "pressing", "line-1");
    m.getSpec().states = states();
    change.accept(m.getSpec().states);
    try {
      VALIDATION.definition(m);
      return null;
    } catch (DefinitionException e) {
      return e.getMessage();
    }
  }
}
