package io.millwright.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.MachineState;
import io.millwright.core.machine.StateCondition;
import io.millwright.core.machine.StateModel;
import io.millwright.oee.calendar.PlannedDowntime;
import io.millwright.oee.calendar.Shift;
import io.millwright.oee.calendar.ShiftCalendar;
import io.millwright.oee.reason.Reason;
import io.millwright.simulator.MachinesYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OeeConfigReaderTest {

  @TempDir Path dir;

  private Path file(String name, String yaml) throws IOException {
    return Files.writeString(dir.resolve(name), yaml);
  }

  private MillwrightConfig load(String yaml) throws IOException {
    return ConfigLoader.load(
        Optional.of(file("millwright.yaml", yaml)), Optional.empty(), Map.of());
  }

  private String error(String yaml) {
    try {
      load(yaml);
    } catch (ConfigException e) {
      return e.getMessage();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("no error for:\n" + yaml);
  }

  /** A calendar whose lines are known: line 5 is the early shift, line 6 the late one. */
  private static final String CALENDAR =
      """
      oee:
        calendar:
          zone: Europe/Rome
          shifts:
            - { name: early, start: "06:00", end: "14:00", days: [mon, tue] }
            - { name: late, start: "14:00", end: "22:00" }
      """;

  @Test
  void overlappingShiftsAreRefusedWithTheLineAndTheLaterShift() {
    String message = error(CALENDAR.replace("start: \"14:00\"", "start: \"13:00\""));
    assertThat(message).contains("millwright.yaml:6: oee.calendar.shifts[1]: \"late\" (");
    assertThat(message).contains("overlaps \"early\"");
  }

  @Test
  void anUnknownKeyIsRefusedListingTheKnownOnes() {
    assertThat(error(CALENDAR + "    colour: red\n"))
        .endsWith(
            "millwright.yaml:7: oee.calendar.colour: is not a known key; known keys here:"
                + " downtime, holidays, shifts, zone");
    assertThat(error(CALENDAR.replace("end: \"22:00\"", "end: \"22:00\", crew: blue")))
        .contains("millwright.yaml:6: oee.calendar.shifts[1].crew: is not a known key");
    assertThat(error("oee:\n  calender: {}\n"))
        .contains("millwright.yaml:2: oee.calender: is not a known key; known keys here:");
  }

  @Test
  void aBadZoneIsRefused() {
    assertThat(error(CALENDAR.replace("Europe/Rome", "Mars/Olympus")))
        .contains("millwright.yaml:3: oee.calendar.zone: ")
        .contains("Mars/Olympus");
  }

  @Test
  void aCalendarWithoutAZoneIsRefused() {
    assertThat(error(CALENDAR.replace("    zone: Europe/Rome\n", "")))
        .contains("oee.calendar.zone: is missing, e.g. Europe/Rome");
  }

  @Test
  void aBadWeekdayIsRefused() {
    assertThat(error(CALENDAR.replace("[mon, tue]", "[mon, funday]")))
        .endsWith(
            "millwright.yaml:5: oee.calendar.shifts[0].days[1]: \"funday\" is not a weekday;"
                + " write mon, tue, ... sun");
  }

  @Test
  void downtimeWithoutAnOffsetIsRefused() {
    String yaml =
        CALENDAR
            + """
                downtime:
                  - { from: "2025-08-04T06:00:00", to: "2025-08-18T06:00:00+02:00" }
            """;
    assertThat(error(yaml))
        .endsWith(
            "millwright.yaml:8: oee.calendar.downtime[0].from: \"2025-08-04T06:00:00\" is not a"
                + " time with an offset; write e.g. 2025-08-04T06:00:00+02:00");
  }

  @Test
  void aReasonCodeListedTwiceInATableIsRefused() {
    String yaml =
        """
        oee:
          reasons:
            presses:
              - { code: 100, label: no order }
              - { code: 110, label: no coil }
              - { code: 100, label: no order again }
        """;
    assertThat(error(yaml))
        .endsWith(
            "millwright.yaml:6: oee.reasons.presses[2].code: 100 is listed twice in this table");
    assertThat(error(yaml.replace("code: 110", "code: -1")))
        .contains("millwright.yaml:5: oee.reasons.presses[1]: a reason code is a positive number");
  }

  /** A machine with a state model; line 14 is its first rule's condition. */
  private static final String MACHINE =
      """
      machines:
        - id: press-01
          area: pressing
          line: line-1
          protocol: modbus
          endpoint: tcp://h:502
          tags:
            - { name: state, address: "holding:0", type: uint16 }
            - { name: count, address: "holding:1", type: uint32 }
            - { name: reason, address: "holding:2", type: uint16 }
          states:
            rules:
              - state: fault
                when: { tag: reason, above: 499 }
            stateTag: state
            stateValues: { "1": producing, "2": idle }
            reasonTag: reason
            reasonTable: standard
            totalTag: count
            idealCycle: 2s
      """;

  @Test
  void theMachineExampleLoads() throws IOException {
    MachineDefinition m = load(MACHINE).machines().getFirst();
    StateModel s = m.states().orElseThrow();
    assertThat(s.rules()).hasSize(1);
    assertThat(s.rules().getFirst().when())
        .containsExactly(new StateCondition("reason", StateCondition.Test.ABOVE, "499"));
    assertThat(s.stateValues())
        .containsExactly(Map.entry("1", MachineState.PRODUCING), Map.entry("2", MachineState.IDLE));
  }

  @Test
  void aMachineNamingAReasonTableTheSiteLacksIsRefusedAtLoad() throws IOException {
    assertThat(error(MACHINE.replace("reasonTable: standard", "reasonTable: nope")))
        .endsWith(
            "millwright.yaml:2: machines.press-01.states.reasonTable: \"nope\" is not a reason"
                + " table of the site; oee.reasons has standard");
    // A table the site configures is accepted, and listed when another is wrong.
    String reasons = "oee:\n  reasons:\n    presses:\n      - { code: 1, label: jam }\n";
    assertThat(
            load(reasons + MACHINE.replace("reasonTable: standard", "reasonTable: presses"))
                .machines())
        .hasSize(1);
    assertThat(error(reasons + MACHINE.replace("reasonTable: standard", "reasonTable: nope")))
        .endsWith("oee.reasons has standard, presses");
  }

  @Test
  void aRuleOnATagTheMachineLacksIsRefusedWithItsLine() {
    assertThat(error(MACHINE.replace("{ tag: reason, above: 499 }", "{ tag: nope, above: 499 }")))
        .endsWith(
            "millwright.yaml:14: machines[0].states.rules[0].when[0].tag: refers to the tag"
                + " \"nope\", which the machine does not have; it has state, count, reason");
  }

  @Test
  void aConditionWithANonNumberIsRefusedWithItsLine() {
    assertThat(error(MACHINE.replace("above: 499", "above: lots")))
        .contains(
            "millwright.yaml:14: machines[0].states.rules[0].when[0].above: must be a number");
  }

  private static final String FULL =
      """
      oee:
        calendar:
          zone: Europe/Rome
          shifts:
            - name: early
              start: "06:00"
              end: "14:00"
              breaks: [{ start: "10:00", length: 30m }]
            - { name: late, start: "14:00", end: "22:00", days: [mon, tue, wed, thu, fri] }
            - { name: night, start: "22:00", end: "06:00", days: [sunday, mon, tue, wed, thu] }
          holidays: [2025-12-25, 2026-01-01]
          downtime:
            - { from: "2025-08-04T06:00:00+02:00", to: "2025-08-18T06:00:00+02:00", reason: summer shutdown }
            - { from: "2025-09-01T06:00:00+02:00", to: "2025-09-01T14:00:00+02:00", machines: [press-01] }
        reasons:
          presses:
            - { code: 100, label: no coil }
            - { code: 500, label: die crack }
      """;

  @Test
  void aFullExampleLoads() throws IOException {
    MillwrightConfig c =
        load(FULL + MACHINE.replace("reasonTable: standard", "reasonTable: presses"));
    ShiftCalendar cal = c.oee().calendar().orElseThrow();
    assertThat(cal.zone()).isEqualTo(ZoneId.of("Europe/Rome"));
    assertThat(cal.shiftPatterns())
        .extracting(Shift::name)
        .containsExactly("early", "late", "night");
    Shift early = cal.shiftPatterns().getFirst();
    assertThat(early.start()).isEqualTo(LocalTime.of(6, 0));
    assertThat(early.breaks())
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.start()).isEqualTo(LocalTime.of(10, 0));
              assertThat(b.length()).isEqualTo(Duration.ofMinutes(30));
            });
    assertThat(cal.shiftPatterns().get(1).days()).doesNotContain(DayOfWeek.SATURDAY);
    assertThat(cal.shiftPatterns().get(2).days()).contains(DayOfWeek.SUNDAY);
    assertThat(cal.holidays())
        .containsExactly(LocalDate.of(2025, 12, 25), LocalDate.of(2026, 1, 1));
    assertThat(cal.plannedDowntime())
        .containsExactly(
            new PlannedDowntime(
                Instant.parse("2025-08-04T04:00:00Z"),
                Instant.parse("2025-08-18T04:00:00Z"),
                "summer shutdown",
                java.util.Set.of()),
            new PlannedDowntime(
                Instant.parse("2025-09-01T04:00:00Z"),
                Instant.parse("2025-09-01T12:00:00Z"),
                "planned downtime",
                java.util.Set.of("press-01")));
    assertThat(c.oee().reasons())
        .containsExactly(
            Map.entry(
                "presses", List.of(new Reason(100, "no coil"), new Reason(500, "die crack"))));
    assertThat(c.machines().getFirst().states().orElseThrow().reasonTable()).isEqualTo("presses");
  }

  @Test
  void noOeeSectionMeansNoCalendarAndNoTables() throws IOException {
    MillwrightConfig c = load("site: plant-1\n");
    assertThat(c.oee().calendar()).isEmpty();
    assertThat(c.oee().reasons()).isEmpty();
  }

  @Test
  void aMachineWithStatesRoundTripsThroughMachinesYaml() throws IOException {
    String every =
        """
        machines:
          - id: press-01
            name: "Press: 400 t"
            area: pressing
            line: line-1
            protocol: modbus
            endpoint: tcp://h:502
            tags:
              - { name: state, address: "holding:0", type: string }
              - { name: cycle, address: "holding:1", type: uint32 }
              - { name: good, address: "holding:2", type: uint32 }
              - { name: scrap, address: "holding:3", type: uint32 }
              - { name: reason, address: "holding:4", type: uint16 }
              - { name: product, address: "holding:5", type: string }
              - { name: mode, address: "holding:6", type: string }
            states:
              rules:
                - state: fault
                  when: [{ tag: reason, above: 499 }, { tag: mode, not: "MAN" }]
                - state: producing
                  when: { tag: cycle, changedWithin: 45s }
                - state: planned-stop
                  when: { tag: mode, is: "maint: \\"A\\"" }
              stateTag: state
              stateValues: { "RUN": producing, "0": idle, "7": setup }
              reasonTag: reason
              totalTag: cycle
              goodTag: good
              scrapTag: scrap
              productTag: product
              idealCycle: 1500ms
              idealCycles: { "A-100": 2s, "B 200": 3s }
              microStop: 20s
        """;
    List<MachineDefinition> first = load(every).machines();
    assertThat(first.getFirst().states().orElseThrow().rules()).hasSize(3);

    Path written = file("machines.yaml", MachinesYaml.write(first));
    List<MachineDefinition> again =
        ConfigLoader.load(Optional.empty(), Optional.of(written), Map.of()).machines();
    assertThat(again).isEqualTo(first);
  }
}
