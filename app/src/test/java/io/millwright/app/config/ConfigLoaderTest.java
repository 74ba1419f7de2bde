package io.millwright.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Protocol;
import io.millwright.historian.retention.Age;
import io.millwright.historian.retention.RetentionPolicy;
import io.millwright.historian.retention.RollupLevel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  static final Path EXAMPLE = Path.of("../config/millwright.example.yaml");

  @TempDir Path dir;

  private Path file(String name, String yaml) throws IOException {
    return Files.writeString(dir.resolve(name), yaml);
  }

  private MillwrightConfig load(String yaml, Map<String, String> env) throws IOException {
    return ConfigLoader.load(Optional.of(file("millwright.yaml", yaml)), Optional.empty(), env);
  }

  private ConfigException error(String yaml) {
    try {
      load(yaml, Map.of());
    } catch (ConfigException e) {
      return e;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("no error for:\n" + yaml);
  }

  @Test
  void defaultsWithoutAFile() {
    MillwrightConfig c = ConfigLoader.load(Optional.empty(), Optional.empty(), Map.of());
    assertThat(c.httpPort()).isEqualTo(8080);
    assertThat(c.mqtt().port()).isEqualTo(1883);
    assertThat(c.dataDirectory()).isEqualTo(Path.of("./data"));
    assertThat(c.roles()).containsExactly("all");
    assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(8));
    assertThat(c.adminPassword()).isEmpty();
    assertThat(c.machines()).isEmpty();
  }

  @Test
  void theExampleFileLoadsAsDocumented() {
    MillwrightConfig c = ConfigLoader.load(Optional.of(EXAMPLE), Optional.empty(), Map.of());
    assertThat(c.machines()).hasSize(2);
    var press = c.machines().getFirst();
    assertThat(press.protocol()).isEqualTo(Protocol.MODBUS);
    assertThat(press.options()).containsEntry("unitId", "1").containsEntry("wordOrder", "big");
    assertThat(press.pollInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(press.tags().getFirst().type()).isEqualTo(DataType.FLOAT32);
    assertThat(press.tags().get(1).writable()).isTrue();
    assertThat(c.machines().get(1).pollInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(
            c.historian()
                .retention()
                .raw()
                .ruleFor("acme/plant-1/pressing/line-1/press-01/vibration/rms")
                .age())
        .isEqualTo(Age.parse("7d"));
  }

  @Test
  void theContractVariablesOverrideTheFile() throws IOException {
    MillwrightConfig c =
        load(
            "http: {port: 9000}\ndata: /var/lib/x\n",
            Map.of(
                "MILLWRIGHT_HTTP_PORT", "9100",
                "MILLWRIGHT_MQTT_PORT", "11883",
                "MILLWRIGHT_DATA", "/srv/millwright",
                "MILLWRIGHT_ADMIN_PASSWORD", "s3cret-enough",
                "MILLWRIGHT_ROLES", "broker,historian"));
    assertThat(c.httpPort()).isEqualTo(9100);
    assertThat(c.mqtt().port()).isEqualTo(11883);
    assertThat(c.dataDirectory()).isEqualTo(Path.of("/srv/millwright"));
    assertThat(c.adminPassword().orElseThrow().reveal()).isEqualTo("s3cret-enough");
    assertThat(c.roles()).containsExactly("broker", "historian");
  }

  @Test
  void kubernetesServiceVariablesAreNotMistakenForSettings() {
    MillwrightConfig c =
        ConfigLoader.load(
            Optional.empty(),
            Optional.empty(),
            Map.of(
                "MILLWRIGHT_PORT", "tcp://10.43.0.7:8080", "MILLWRIGHT_SERVICE_HOST", "10.43.0.7"));
    assertThat(c.httpPort()).isEqualTo(8080);
  }

  @Test
  void aBadValueNamesTheFileLineAndKey() {
    assertThat(error("data: ./d\nhttp:\n  port: 99999\n").getMessage())
        .isEqualTo(
            dir.resolve("millwright.yaml")
                + ":3: http.port: must be a port number from 1 to 65535, not \"99999\"");
  }

  @Test
  void aBadVariableNamesTheVariableAndNeverEchoesASecret() {
    assertThatThrownBy(() -> load("", Map.of("MILLWRIGHT_SHUTDOWN_TIMEOUT", "5 years")))
        .hasMessageStartingWith(
            "environment variable MILLWRIGHT_SHUTDOWN_TIMEOUT: shutdown.timeout: ");
    assertThatThrownBy(() -> load("", Map.of("MILLWRIGHT_ADMIN_PASSWORD", "short")))
        .hasMessage(
            "environment variable MILLWRIGHT_ADMIN_PASSWORD: admin.password: is shorter than 8 characters; choose a"
                + " longer password");
  }

  @Test
  void unknownKeysAreErrorsNotSilentDefaults() {
    ConfigException e = error("htp:\n  port: 8081\n");
    assertThat(e.key()).isEqualTo("htp");
    assertThat(e.getMessage())
        .contains(":1: htp: is not a known key; known keys: enterprise, site, data, http.host");
    assertThat(error("http:\n  prot: 1\n").getMessage())
        .contains(":2: http.prot: is not a known key");
  }

  @Test
  void aSecretComesFromTheFileAVariableNames() throws IOException {
    // Kubernetes mounts Secrets as files: MILLWRIGHT_ADMIN_PASSWORD_FILE names one; the newline a
    // hand-written file ends with is not part of the password.
    Path secret = file("admin-password", "from-a-mounted-secret\n");
    MillwrightConfig c = load("", Map.of("MILLWRIGHT_ADMIN_PASSWORD_FILE", secret.toString()));
    assertThat(c.adminPassword().orElseThrow().reveal()).isEqualTo("from-a-mounted-secret");

    assertThatThrownBy(
            () ->
                load(
                    "",
                    Map.of(
                        "MILLWRIGHT_ADMIN_PASSWORD_FILE",
                        secret.toString(),
                        "MILLWRIGHT_ADMIN_PASSWORD",
                        "another-one")))
        .hasMessageContaining("set MILLWRIGHT_ADMIN_PASSWORD or MILLWRIGHT_ADMIN_PASSWORD_FILE");
    assertThatThrownBy(
            () ->
                load("", Map.of("MILLWRIGHT_ADMIN_PASSWORD_FILE", dir.resolve("none").toString())))
        .hasMessageStartingWith(
            "environment variable MILLWRIGHT_ADMIN_PASSWORD_FILE: admin.password: cannot read the file");
    // Only secrets have a _FILE variant; other settings ignore such a variable.
    assertThat(load("", Map.of("MILLWRIGHT_HTTP_PORT_FILE", "/nowhere")).httpPort())
        .isEqualTo(8080);
  }

  @Test
  void secretsAreRefusedInFiles() {
    assertThat(error("admin:\n  password: hunter2hunter2\n").getMessage())
        .contains(
            ":2: admin.password: may only come from the environment variable MILLWRIGHT_ADMIN_PASSWORD")
        .doesNotContain("hunter2");
  }

  @Test
  void shapesAndSyntaxAreCheckedWithTheLine() {
    assertThat(error("http: 8080\n").getMessage()).contains(":1: http: is not a known key");
    assertThat(error("http:\n  port: [1, 2]\n").getMessage())
        .contains(":2: http.port: must be a single value, not a list");
    assertThat(error("http:\n  port:\n").getMessage()).contains(":2: http.port: has no value");
    assertThat(error("http: {port: 1\n").getMessage()).contains("not valid YAML");
    assertThat(error("data: a\ndata: b\n").getMessage()).contains(":2: data: is given twice");
    assertThat(error("- a\n- b\n").getMessage()).contains("must be a map of keys, not a list");
  }

  @Test
  void machineErrorsNameTheMachineFieldAndLine() {
    String machine =
        """
        machines:
          - id: press-01
            area: pressing
            line: line-1
            protocol: modbus
            endpoint: tcp://h:502
            tags:
              - name: state
                address: input:0
                type: uint16
              - name: hydraulics/oil-temperature
                address: holding:0
                type: real
        """;
    assertThat(error(machine).getMessage())
        .endsWith(
            ":13: machines[0].tags[1].type: unknown data type \"real\"; use one of bool, int16, uint16, int32,"
                + " uint32, int64, float32, float64, string");
    assertThat(error(machine.replace("id: press-01", "id: Press-01")).getMessage())
        .contains(
            ":2: machines[0].id: invalid machine id \"Press-01\" at character 1: uppercase 'P'");
    assertThat(
            error(machine.replace("type: real", "type: float32\n        deadband: -1"))
                .getMessage())
        .contains(":14: machines[0].tags[1].deadband: must be a finite number of 0 or more");
    assertThat(
            error(machine.replace("type: real", "type: float32\n        colour: red")).getMessage())
        .contains(
            ":14: machines[0].tags[1].colour: is not a known key; known keys here: address, deadband");
    assertThat(error(machine.replace("    endpoint: tcp://h:502\n", "")).getMessage())
        .contains(":2: machines[0].endpoint: is missing; for modbus write e.g. tcp://host:502");
    assertThat(
            error(machine.replace("type: real", "type: bool\n        scale: {factor: 2}"))
                .getMessage())
        .contains(
            ":14: machines[0].tags[1].scale: applies only to numeric types, and this tag is bool");
  }

  @Test
  void aMachinesFileAddsMachinesAndDuplicateIdsAreCaught() throws IOException {
    Path machines =
        file(
            "machines.yaml",
            """
            machines:
              - {id: cnc-01, area: machining, line: cell-1, protocol: opcua, endpoint: "opc.tcp://h:4840"}
            """);
    MillwrightConfig c =
        ConfigLoader.load(
            Optional.empty(), Optional.empty(), Map.of("MILLWRIGHT_MACHINES", machines.toString()));
    assertThat(c.machines()).extracting(m -> m.id()).containsExactly("cnc-01");

    Path config =
        file(
            "both.yaml",
            """
            machines:
              - {id: cnc-01, area: machining, line: cell-1, protocol: opcua, endpoint: "opc.tcp://other:4840"}
            """);
    assertThatThrownBy(
            () -> ConfigLoader.load(Optional.of(config), Optional.of(machines), Map.of()))
        .hasMessageContaining(
            "machines.yaml:2: machines[0].id: machine id \"cnc-01\" is already used at ")
        .hasMessageContaining("both.yaml:2");
  }

  @Test
  void aMissingFileIsNamed() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.of(dir.resolve("nope.yaml")), Optional.empty(), Map.of()))
        .hasMessage(dir.resolve("nope.yaml") + ": file not found");
  }

  @Test
  void rolesMayBeAListOrText() throws IOException {
    assertThat(load("roles: [broker, historian]\n", Map.of()).roles())
        .isEqualTo(List.of("broker", "historian"));
    assertThat(load("roles: broker\n", Map.of()).roles()).isEqualTo(List.of("broker"));
  }

  @Test
  void aPostgresqlHistorianNeedsUrlUserAndAPasswordFromTheEnvironment() throws IOException {
    assertThat(error("historian:\n  store: postgresql\n").getMessage())
        .contains("historian.postgresql.url");
    assertThat(error("historian:\n  store: influx\n").getMessage())
        .contains("historian.store")
        .contains("embedded or postgresql");
    assertThat(error("historian:\n  postgresql:\n    url: postgres://db/plant\n").getMessage())
        .contains("jdbc:postgresql://");
    String yaml =
        "historian:\n  store: postgresql\n  postgresql:\n"
            + "    url: jdbc:postgresql://db:5432/plant\n    user: historian\n";
    assertThat(error(yaml).getMessage()).contains("MILLWRIGHT_HISTORIAN_POSTGRESQL_PASSWORD");
    HistorianConfig historian =
        load(yaml, Map.of("MILLWRIGHT_HISTORIAN_POSTGRESQL_PASSWORD", "s3cret-pw")).historian();
    assertThat(historian.postgresql()).isTrue();
    assertThat(historian.postgresqlPassword().orElseThrow().reveal()).isEqualTo("s3cret-pw");
    assertThat(historian.postgresqlSchema()).isEqualTo("millwright");
  }

  @Test
  void theConnectorsPrimaryHostIsAHostIdOrNone() throws IOException {
    assertThat(load("", Map.of()).connectorPrimaryHost()).isEmpty();
    assertThat(load("connectors:\n  primaryHost: none\n", Map.of()).connectorPrimaryHost())
        .contains("none");
    assertThat(
            load("", Map.of("MILLWRIGHT_CONNECTORS_PRIMARYHOST", "historian"))
                .connectorPrimaryHost())
        .contains("historian");
    assertThat(error("connectors:\n  primaryHost: a/b\n").getMessage())
        .contains("connectors.primaryHost");
  }

  @Test
  void theHistorianKeepsRawSamplesNinetyDaysAndMinuteRollupsTwoYearsByDefault() {
    RetentionPolicy policy =
        ConfigLoader.load(Optional.empty(), Optional.empty(), Map.of()).historian().retention();

    assertThat(policy.raw().ruleFor("acme/plant-1/a/b/c/d").age()).isEqualTo(Age.parse("90d"));
    assertThat(policy.rollup()).contains(new RollupLevel(60_000, Age.parse("2y")));
  }

  @Test
  void retentionRulesMayBeAListOrText() throws IOException {
    String vibration = "acme/plant-1/pressing/line-1/press-01/vibration/rms";
    RetentionPolicy fromList =
        load(
                "historian:\n  retention: [\"acme/+/+/+/+/vibration/#=7d\", \"#=30d\"]\n"
                    + "  rollups: 5m=1y\n",
                Map.of())
            .historian()
            .retention();
    RetentionPolicy fromEnv =
        load(
                "",
                Map.of(
                    "MILLWRIGHT_HISTORIAN_RETENTION", "acme/+/+/+/+/vibration/#=7d, #=30d",
                    "MILLWRIGHT_HISTORIAN_ROLLUPS", "none"))
            .historian()
            .retention();

    assertThat(fromList.raw().ruleFor(vibration).age()).isEqualTo(Age.parse("7d"));
    assertThat(fromList.rollup()).contains(new RollupLevel(300_000, Age.parse("1y")));
    assertThat(fromEnv.raw().ruleFor(vibration).age()).isEqualTo(Age.parse("7d"));
    assertThat(fromEnv.rollup()).isEmpty();
  }

  @Test
  void badRetentionSettingsAreRefusedNamingTheSetting() {
    assertThat(error("historian:\n  retention: \"#=3mo\"\n"))
        .hasMessageContaining("millwright.yaml:2: historian.retention: age \"3mo\"");
    assertThat(error("historian:\n  retention: [\"acme/+/x/#=7d\", \"acme/y/#=9d\"]\n"))
        .hasMessageContaining("historian.retention: rules acme/+/x/#=7d and acme/y/#=9d overlap");
    assertThat(error("historian:\n  rollups: 7m=2y\n"))
        .hasMessageContaining("historian.rollups: bucket 7m does not divide a day");
    assertThat(error("historian:\n  retention: \"#=3y\"\n"))
        .hasMessageContaining("historian.retention: rule #=3y keeps raw samples longer")
        .hasMessageContaining("historian.rollups");
  }
}
