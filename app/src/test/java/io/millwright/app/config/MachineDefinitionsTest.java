package io.millwright.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.app.config.MachineDefinitions.FieldError;
import io.millwright.app.config.MachineDefinitions.InvalidMachineException;
import io.millwright.app.machines.Connectors;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Tag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A machine sent as JSON is read with the configuration file's rules, and errors name the field the
 * way a form needs them; the API-managed machines file survives a reload.
 */
class MachineDefinitionsTest {

  static final Consumer<MachineDefinition> CHECK = Connectors.definitionCheck();

  static final String PRESS =
      """
      {"id": "press-01", "name": "Press", "area": "pressing", "line": "line-1",
       "protocol": "modbus", "endpoint": "tcp://127.0.0.1:5020",
       "options": {"unitId": 2, "timeout": "500ms"}, "pollInterval": "250ms",
       "tags": [
         {"name": "hydraulics/pressure", "address": "input:2", "type": "int16", "unit": "bar",
          "scale": {"factor": 0.1}, "deadband": 0.5},
         {"name": "job/target", "address": "holding:8", "type": "uint32", "writable": true},
         {"name": "job/order", "address": "holding:0:8", "type": "string", "writable": "true"}]}
      """;

  @TempDir Path dir;

  private static List<FieldError> errors(String json) {
    try {
      MachineDefinitions.fromJson(json, CHECK);
    } catch (InvalidMachineException e) {
      return e.errors();
    }
    throw new AssertionError("accepted: " + json);
  }

  @Test
  void aValidBodyReadsAsTheSameDefinitionAsTheYamlEntry() throws Exception {
    MachineDefinition machine = MachineDefinitions.fromJson(PRESS, CHECK);

    assertThat(machine.id()).isEqualTo("press-01");
    assertThat(machine.protocol()).isEqualTo(Protocol.MODBUS);
    assertThat(machine.options()).containsEntry("unitId", "2").containsEntry("timeout", "500ms");
    assertThat(machine.pollInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(machine.tags())
        .extracting(Tag::type)
        .containsExactly(DataType.INT16, DataType.UINT32, DataType.STRING);
    assertThat(machine.tags().get(0).scale().factor()).isEqualTo(0.1);
    assertThat(machine.tags().get(2).writable()).isTrue();

    Path yaml =
        Files.writeString(
            dir.resolve("m.yaml"),
            """
            machines:
              - id: press-01
                name: Press
                area: pressing
                line: line-1
                protocol: modbus
                endpoint: tcp://127.0.0.1:5020
                options: { unitId: 2, timeout: 500ms }
                pollInterval: 250ms
                tags:
                  - { name: hydraulics/pressure, address: "input:2", type: int16, unit: bar, scale: { factor: 0.1 }, deadband: 0.5 }
                  - { name: job/target, address: "holding:8", type: uint32, writable: true }
                  - { name: job/order, address: "holding:0:8", type: string, writable: "true" }
            """);
    MillwrightConfig config =
        ConfigLoader.load(Optional.empty(), java.util.Optional.of(yaml), Map.of(), CHECK);
    assertThat(config.machines()).containsExactly(machine);
  }

  @Test
  void aProtocolMistakeNamesTheTagsField() {
    String json = PRESS.replace("\"holding:0:8\"", "\"holding:0\"");

    assertThat(errors(json))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("tags[2].address");
              assertThat(e.message()).startsWith("a string needs its length in registers");
            });
  }

  @Test
  void schemaMistakesNameTheirField() {
    assertThat(errors(PRESS.replace("\"type\": \"int16\"", "\"type\": \"int17\"")))
        .extracting(FieldError::field)
        .containsExactly("tags[0].type");
    assertThat(errors(PRESS.replace("\"unit\": \"bar\"", "\"unit\": \"bar\", \"colour\": 1")))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("tags[0].colour");
              assertThat(e.message()).startsWith("is not a known key");
            });
    assertThat(errors(PRESS.replace("\"id\": \"press-01\",", "")))
        .extracting(FieldError::field)
        .containsExactly("id");
    assertThat(errors(PRESS.replace("\"id\": \"press-01\"", "\"id\": \"Press 01\"")))
        .extracting(FieldError::field)
        .containsExactly("id");
    assertThat(errors(PRESS.replace("\"unitId\": 2", "\"unitId\": 300")))
        .extracting(FieldError::field)
        .containsExactly("options.unitId");
    assertThat(errors(PRESS.replace("\"pollInterval\": \"250ms\"", "\"pollInterval\": [1]")))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("pollInterval");
              assertThat(e.message()).isEqualTo("must be a single value, not a list");
            });
    assertThat(errors(PRESS.replace("\"line\": \"line-1\"", "\"line\": null")))
        .extracting(FieldError::field, FieldError::message)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("line", "has no value"));
  }

  @Test
  void statesAndAlarmsAreLeftToTheConfigurationFile() {
    assertThat(errors(PRESS.replace("\"pollInterval\"", "\"states\": {}, \"pollInterval\"")))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("states");
              assertThat(e.message()).contains("configuration file only");
            });
    assertThat(errors(PRESS.replace("\"pollInterval\"", "\"alarms\": [], \"pollInterval\"")))
        .extracting(FieldError::field)
        .containsExactly("alarms");
  }

  @Test
  void aBodyThatIsNoMachineIsOneErrorWithoutField() {
    assertThat(errors("")).extracting(FieldError::field).containsExactly("");
    assertThat(errors("{\"id\": "))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).startsWith("not valid JSON"));
    assertThat(errors("[1, 2]"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEmpty();
              assertThat(e.message()).isEqualTo("must be a map of keys, not a list");
            });
    assertThat(errors("{\"id\": \"a\", \"id\": \"b\"}"))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("Duplicate field 'id'"));
    assertThat(errors("[".repeat(200) + "]".repeat(200)))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).startsWith("not valid JSON"));
  }

  @Test
  void managedMachinesAreKeptAndReadBackOnTopOfTheConfiguredOnes() throws Exception {
    Path file = dir.resolve("connectors").resolve(ManagedMachines.FILE_NAME);
    MachineDefinition configuredPress = MachineDefinitions.fromJson(PRESS, CHECK);
    MachineDefinition configuredCnc =
        MachineDefinitions.fromJson(PRESS.replace("press-01", "press-02"), CHECK);
    List<MachineDefinition> configured = List.of(configuredPress, configuredCnc);
    ManagedMachines managed = ManagedMachines.load(file, CHECK);
    assertThat(managed.effective(configured)).isEqualTo(configured);

    String edited =
        PRESS
            .replace("\"name\": \"Press\"", "\"name\": \"yes\"")
            .replace("\"unit\": \"bar\"", "\"unit\": \"true\"");
    var editedTree = MachineDefinitions.parse(edited);
    MachineDefinition editedPress = MachineDefinitions.read(editedTree, CHECK);
    managed.put(editedTree, editedPress);
    String added = PRESS.replace("press-01", "press-09");
    MachineDefinition addedPress = MachineDefinitions.fromJson(added, CHECK);
    managed.put(MachineDefinitions.parse(added), addedPress);
    managed.delete("press-02", true);

    List<MachineDefinition> expected = List.of(editedPress, addedPress);
    assertThat(managed.effective(configured)).isEqualTo(expected);
    assertThat(file).exists();
    assertThat(dir.resolve("connectors").resolve(ManagedMachines.FILE_NAME + ".tmp"))
        .doesNotExist();
    String text = Files.readString(file);
    assertThat(text).contains("machines:").contains("deleted:").contains("- press-02");

    ManagedMachines reloaded = ManagedMachines.load(file, CHECK);
    assertThat(reloaded.effective(configured)).isEqualTo(expected);
    // The text that looks like another type stays text.
    assertThat(reloaded.effective(configured).getFirst().name()).isEqualTo("yes");
    assertThat(reloaded.effective(configured).getFirst().tags().getFirst().unit())
        .isEqualTo("true");

    // Added again after a delete: no longer deleted.
    reloaded.put(MachineDefinitions.parse(PRESS.replace("press-01", "press-02")), configuredCnc);
    reloaded.delete("press-09", false);
    assertThat(ManagedMachines.load(file, CHECK).effective(configured))
        .containsExactly(editedPress, configuredCnc);
    assertThat(Files.readString(file)).doesNotContain("deleted:").doesNotContain("press-09");
  }

  @Test
  void aBrokenManagedFileNamesItsLineAndField() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve(ManagedMachines.FILE_NAME),
            """
            machines:
              - id: press-01
                area: pressing
                line: line-1
                protocol: modbus
                endpoint: tcp://127.0.0.1:5020
                tags:
                  - { name: a, address: "coil:0", type: float32 }
            """);

    assertThatThrownBy(() -> ManagedMachines.load(file, CHECK))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ":8: machines[0].tags[0]");
  }
}
