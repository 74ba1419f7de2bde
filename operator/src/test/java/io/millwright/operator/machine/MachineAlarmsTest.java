package io.millwright.operator.machine;

import static io.millwright.operator.Fixtures.NO_PROTOCOL_CHECK;
import static io.millwright.operator.Fixtures.machine;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.millwright.core.alarm.AlarmCondition;
import io.millwright.core.alarm.AlarmDefinition;
import io.millwright.core.alarm.AlarmPriority;
import io.millwright.core.alarm.AnomalySpec;
import io.millwright.core.alarm.MessageTemplate;
import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.MachineState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A Machine's {@code alarms} becomes the core's alarm definitions, with the machines file's rules.
 */
class MachineAlarmsTest {

  private static final MachineValidation VALIDATION = new MachineValidation(NO_PROTOCOL_CHECK);
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /** Every kind, as kubectl sends it (JSON numbers, booleans and strings). */
  static final String EVERY_KIND =
      """
      [
        {"tag": "hydraulics/oil-temperature", "high": 75, "highHigh": 85, "deadband": 1,
         "onDelay": "5s", "offDelay": "2s", "priority": "high",
         "message": "Oil at {value} {unit} (limit {limit}), {counts/good} parts",
         "suppressIn": ["planned-stop", "setup"]},
        {"name": "overheating", "tag": "counts/good", "is": [530, true, "E-STOP"],
         "priority": "critical", "area": "maintenance"},
        {"state": ["fault"]},
        {"tag": "hydraulics/oil-temperature", "rateOfChange": 5, "window": "30s"},
        {"name": "counter-stale", "tag": "counts/good", "stale": "5m"},
        {"commsLost": true, "onDelay": "10s"},
        {"name": "oil-anomaly", "tag": "hydraulics/oil-temperature",
         "anomaly": {"method": "ewma", "alpha": 0.02, "z": 5, "warmUp": 600}},
        {"name": "oil-daily", "tag": "hydraulics/oil-temperature",
         "anomaly": {"method": "seasonal"}}
      ]
      """;

  static List<AlarmSpec> alarms(String json) {
    return List.of(JSON.unmarshal(json, AlarmSpec[].class));
  }

  @Test
  void everyKindBecomesTheCoresDefinitionWithTheFilesDefaults() {
    Machine m = machine("press-01", "ns", "pressing", "line-1");
    m.getSpec().alarms = alarms(EVERY_KIND);

    List<AlarmDefinition> defs = VALIDATION.definition(m).alarms();

    assertThat(defs)
        .containsExactly(
            new AlarmDefinition(
                Optional.empty(),
                Optional.of("hydraulics/oil-temperature"),
                new AlarmCondition.Limits(85.0, 75.0, null, null),
                1,
                Duration.ofSeconds(5),
                Duration.ofSeconds(2),
                AlarmPriority.HIGH,
                Optional.of(
                    MessageTemplate.parse(
                        "Oil at {value} {unit} (limit {limit}), {counts/good} parts")),
                Optional.empty(),
                Set.of(MachineState.PLANNED_STOP, MachineState.SETUP)),
            new AlarmDefinition(
                Optional.of("overheating"),
                Optional.of("counts/good"),
                // Whole numbers as written, booleans and text: digital values compare as text.
                new AlarmCondition.Digital(List.of("530", "true", "E-STOP")),
                0,
                null,
                null,
                AlarmPriority.CRITICAL,
                Optional.empty(),
                Optional.of("maintenance"),
                Set.of()),
            AlarmDefinition.of(
                Optional.empty(), new AlarmCondition.InState(Set.of(MachineState.FAULT))),
            AlarmDefinition.of(
                Optional.of("hydraulics/oil-temperature"),
                new AlarmCondition.RateOfChange(5, Duration.ofSeconds(30))),
            new AlarmDefinition(
                Optional.of("counter-stale"),
                Optional.of("counts/good"),
                new AlarmCondition.Stale(Duration.ofMinutes(5)),
                0,
                null,
                null,
                null,
                Optional.empty(),
                Optional.empty(),
                Set.of()),
            new AlarmDefinition(
                Optional.empty(),
                Optional.empty(),
                new AlarmCondition.CommsLost(),
                0,
                Duration.ofSeconds(10),
                null,
                null,
                Optional.empty(),
                Optional.empty(),
                Set.of()),
            new AlarmDefinition(
                Optional.of("oil-anomaly"),
                Optional.of("hydraulics/oil-temperature"),
                new AlarmCondition.Anomaly(new AnomalySpec.Ewma(0.02, 5, 600)),
                0,
                null,
                null,
                null,
                Optional.empty(),
                Optional.empty(),
                Set.of()),
            new AlarmDefinition(
                Optional.of("oil-daily"),
                Optional.of("hydraulics/oil-temperature"),
                // The reader's defaults: a day of 96 slots, z 4, three periods to learn.
                new AlarmCondition.Anomaly(new AnomalySpec.Seasonal(Duration.ofDays(1), 96, 4, 3)),
                0,
                null,
                null,
                null,
                Optional.empty(),
                Optional.empty(),
                Set.of()));
    // The limit item makes two alarms, the high-high one a priority above.
    assertThat(defs.get(0).points())
        .extracting(p -> p.name() + "=" + p.priority())
        .containsExactly(
            "hydraulics-oil-temperature-high-high=CRITICAL",
            "hydraulics-oil-temperature-high=HIGH");
  }

  @Test
  void aMachineWithoutAlarmsHasNone() {
    assertThat(VALIDATION.definition(machine("press-01", "ns", "pressing", "line-1")).alarms())
        .isEmpty();
  }

  @Test
  void invertedLimitsAreRefusedWithTheCoresMessage() {
    assertThat(
            problem("[{\"tag\": \"hydraulics/oil-temperature\", \"high\": 90, \"highHigh\": 80}]"))
        .isEqualTo(
            "spec.alarms[0].high: 90.0 is not below highHigh (80.0): the limits are inverted");
  }

  @Test
  void anAlarmOnATagTheMachineLacksIsRefused() {
    assertThat(problem("[{\"commsLost\": true}, {\"tag\": \"spindle/speed\", \"high\": 9000}]"))
        .isEqualTo("spec.alarms[1].tag: \"spindle/speed\" is not one of the machine's tags");
  }

  @Test
  void aMalformedOrUnknownMessagePlaceholderIsRefused() {
    assertThat(problem("[{\"state\": [\"fault\"], \"message\": \"stopped {state/reason\"}]"))
        .startsWith("spec.alarms[0].message: ")
        .contains("never closed");
    assertThat(problem("[{\"state\": [\"fault\"], \"message\": \"stopped on {state/reason}\"}]"))
        .isEqualTo(
            "spec.alarms[0].message: {state/reason} is neither a placeholder nor one of the"
                + " machine's tags");
  }

  @Test
  void theFilesOtherRulesHoldToo() {
    assertThat(problem("[{\"tag\": \"counts/good\", \"high\": 5, \"stale\": \"1m\"}]"))
        .isEqualTo(
            "spec.alarms[0].stale: give one kind of alarm per definition, not both high and"
                + " stale");
    assertThat(problem("[{\"tag\": \"counts/good\"}]"))
        .startsWith("spec.alarms[0].tag: says nothing about when to alarm");
    assertThat(problem("[{\"commsLost\": false}]"))
        .isEqualTo("spec.alarms[0].commsLost: write true, or leave the alarm out");
    assertThat(problem("[{\"tag\": \"counts/good\", \"high\": 5, \"window\": \"1m\"}]"))
        .isEqualTo("spec.alarms[0].window: belongs to rateOfChange");
    assertThat(problem("[{\"state\": [\"broken\"]}]")).startsWith("spec.alarms[0].state[0]: ");
    assertThat(problem("[{\"commsLost\": true}, {\"commsLost\": true}]"))
        .isEqualTo("spec.alarms[1].name: the alarm \"comms-lost\" is already defined by alarms[0]");
    assertThat(
            problem(
                "[{\"tag\": \"counts/good\", \"anomaly\": {\"method\": \"ewma\", \"alpha\": 2}}]"))
        .startsWith("spec.alarms[0].anomaly.alpha: must be between 0 and 1");
    assertThat(problem("[{\"tag\": \"counts/good\", \"onDelay\": \"soon\", \"high\": 1}]"))
        .startsWith("spec.alarms[0].onDelay: ");
  }

  private static String problem(String json) {
    Machine m = machine("press-01", "ns", "pressing", "line-1");
    m.getSpec().alarms = alarms(json);
    try {
      VALIDATION.definition(m);
    } catch (DefinitionException e) {
      return e.getMessage();
    }
    throw new AssertionError("accepted: " + json);
  }
}
