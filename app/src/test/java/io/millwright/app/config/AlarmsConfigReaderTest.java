package io.millwright.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.alarms.engine.AlarmCatalog;
import io.millwright.alarms.engine.AlarmSpec;
import io.millwright.core.alarm.AlarmPriority;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.simulator.MachinesYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlarmsConfigReaderTest {

  @TempDir Path dir;

  /** Lines 1 to 12: one machine with two tags; its alarms start at line 13. */
  static final String MACHINE =
      """
      machines:
        - id: cnc-02
          name: Machining centre
          area: machining
          line: cell-1
          protocol: opcua
          endpoint: opc.tcp://h:4840
          tags:
            - { name: spindle/bearing-temperature, address: "ns=2;s=t", type: float64, unit: degC }
            - { name: spindle/speed, address: "ns=2;s=s", type: float64 }
            - { name: state/reason, address: "ns=2;s=r", type: int32 }
          alarms:
      """;

  private MillwrightConfig load(String yaml, Map<String, String> env) throws IOException {
    return ConfigLoader.load(
        Optional.of(Files.writeString(dir.resolve("millwright.yaml"), yaml)),
        Optional.empty(),
        env);
  }

  private String error(String yaml) {
    try {
      load(yaml, Map.of());
    } catch (ConfigException e) {
      return e.getMessage();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("no error for:\n" + yaml);
  }

  @Test
  void machineAlarmsAndSitePatternsMakeTheSitesAlarms() throws IOException {
    MillwrightConfig config =
        load(
            MACHINE
                + """
                      - tag: spindle/bearing-temperature
                        high: 75
                        highHigh: 85
                        deadband: 1
                        onDelay: 5s
                        priority: high
                        message: "Bearing at {value} {unit}, spindle at {spindle/speed} rpm"
                        suppressIn: [planned-stop]
                      - { name: overheating, tag: state/reason, is: [530], priority: critical }
                alarms:
                  definitions:
                    - { machines: "*", commsLost: true, onDelay: 10s, priority: high }
                    - { machines: "cnc-*", tags: "spindle/bearing-temperature", high: 70 }
                    - { machines: "cnc-*", tags: "spindle/*", stale: 5m }
                  operators: { machining: 2 }
                """,
            Map.of());
    List<AlarmSpec> specs = AlarmCatalog.build(config.machines(), config.alarms().definitions());
    assertThat(specs)
        .extracting(AlarmSpec::id)
        .containsExactly(
            "cnc-02/spindle-bearing-temperature-high-high",
            // the machine's own high (75) wins over the pattern's (70)
            "cnc-02/spindle-bearing-temperature-high",
            "cnc-02/overheating",
            "cnc-02/comms-lost",
            "cnc-02/spindle-bearing-temperature",
            "cnc-02/spindle-speed");
    assertThat(specs.get(1).point().level().orElseThrow().limit()).isEqualTo(75);
    assertThat(specs.get(0).priority()).isEqualTo(AlarmPriority.CRITICAL);
    assertThat(config.alarms().operators()).containsEntry("machining", 2);
  }

  @Test
  void badDefinitionsAreRefusedAtTheirLine() {
    assertThat(
            error(MACHINE + "        - { tag: spindle/bearing-temperature, high: 80, low: 90 }\n"))
        .endsWith(
            "millwright.yaml:13: machines[0].alarms[0].low: 90.0 is not below high (80.0): the"
                + " limits are inverted");
    assertThat(error(MACHINE + "        - { tag: spindle/bearing-temp, high: 80 }\n"))
        .endsWith(
            "millwright.yaml:13: machines[0].alarms[0].tag: \"spindle/bearing-temp\" is not one of"
                + " the machine's tags");
    assertThat(
            error(
                MACHINE
                    + "        - { tag: spindle/speed, high: 1, message: \"at {value rpm\" }\n"))
        .contains("millwright.yaml:13: machines[0].alarms[0].message: malformed at character 4");
    assertThat(error(MACHINE + "        - { tag: spindle/speed, high: 1, is: 3 }\n"))
        .endsWith(
            "machines[0].alarms[0]: give one kind of alarm per definition, not both high and is");
    assertThat(error(MACHINE + "        - { tag: spindle/speed }\n"))
        .contains("says nothing about when to alarm");
    assertThat(error(MACHINE + "        - { state: burning }\n"))
        .contains("machines[0].alarms[0].state: unknown machine state \"burning\"");
    assertThat(
            error(
                MACHINE
                    + "        - { tag: spindle/speed, anomaly: { method: ewma, alpha: 2 } }\n"))
        .contains("machines[0].alarms[0].anomaly.alpha: must be between 0 and 1");
    assertThat(
            error(
                MACHINE
                    + "        - { tag: spindle/speed, high: 1 }\n"
                    + "        - { name: spindle-speed-high, tag: state/reason, is: 1 }\n"))
        .contains("the alarm \"spindle-speed-high\" is already defined by alarms[0]");
  }

  @Test
  void aPatternThatMatchesNothingIsRefusedAtItsLine() {
    assertThat(
            error(
                MACHINE
                    + "        - { commsLost: true }\n"
                    + "alarms:\n"
                    + "  definitions:\n"
                    + "    - { machines: \"press-*\", tags: \"**\", high: 1 }\n"))
        .startsWith(
            dir.resolve("millwright.yaml")
                + ":16: alarms.definitions[0]: matches no machine's tag (machines press-*, tags **)");
  }

  @Test
  void notificationsTakeSecretsFromTheEnvironmentAndNeverShowThem() throws IOException {
    String yaml =
        """
        alarms:
          notifications:
            webhooks:
              - name: maintenance
                url: https://hooks.example.com/alarms
                headers: { Authorization: "Bearer ${WEBHOOK_TOKEN}" }
                minPriority: high
                areas: [machining]
            email:
              host: smtp.example.com
              user: alarms
              password: "${SMTP_PASSWORD}"
              from: alarms@example.com
              to: [maintenance@example.com]
        """;
    AlarmsConfig alarms =
        load(yaml, Map.of("WEBHOOK_TOKEN", "s3cret-token", "SMTP_PASSWORD", "pa55")).alarms();
    assertThat(alarms.webhooks().getFirst().headers())
        .containsEntry("Authorization", "Bearer s3cret-token");
    assertThat(alarms.webhooks().getFirst().filter().minimum()).isEqualTo(AlarmPriority.HIGH);
    assertThat(alarms.email().orElseThrow().password()).isEqualTo("pa55");
    assertThat(alarms.toString()).doesNotContain("s3cret-token").doesNotContain("pa55");
    assertThat(error(yaml))
        .contains(
            "alarms.notifications.webhooks[0].headers.Authorization: refers to the environment"
                + " variable WEBHOOK_TOKEN, which is not set");
  }

  @Test
  void machineAlarmsRoundTripThroughMachinesYaml() throws IOException {
    List<MachineDefinition> first =
        load(
                MACHINE
                    + """
                          - { tag: spindle/bearing-temperature, high: 75, highHigh: 85, deadband: 1 }
                          - { name: overheating, tag: state/reason, is: [530, 531], priority: critical }
                          - { state: [fault, setup], message: "{machine} in {value}" }
                          - { commsLost: true, onDelay: 15s, offDelay: 5s }
                          - { tag: spindle/speed, rateOfChange: 500, window: 30s, suppressIn: [planned-stop, idle] }
                          - { tag: spindle/speed, stale: 2m, name: frozen }
                          - { tag: spindle/bearing-temperature, anomaly: { method: ewma, alpha: 0.05, z: 5, warmUp: 100 } }
                          - { name: season, tag: spindle/bearing-temperature, anomaly: { method: seasonal, period: 1d, slots: 48 } }
                    """,
                Map.of())
            .machines();
    Path written = Files.writeString(dir.resolve("machines.yaml"), MachinesYaml.write(first));
    List<MachineDefinition> again =
        ConfigLoader.load(Optional.empty(), Optional.of(written), Map.of()).machines();
    assertThat(again).isEqualTo(first);
  }
}
