package io.millwright.connect.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Tag;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileDropConnectorFactoryTest {

  @TempDir Path state;

  private MachineDefinition machine(String endpoint, Map<String, String> options, Tag... tags) {
    return new MachineDefinition(
        "cmm-01",
        "CMM",
        "quality",
        "lab",
        Protocol.FILE,
        endpoint,
        options,
        Duration.ofSeconds(1),
        List.of(tags));
  }

  private DefinitionException refused(MachineDefinition m) {
    try (var c = new FileDropConnectorFactory(state).create(m)) {
      throw new AssertionError("accepted: " + c);
    } catch (DefinitionException e) {
      return e;
    }
  }

  @Test
  void aValidDefinitionBuildsAConnector() {
    try (FileDropConnector c =
        new FileDropConnectorFactory(state)
            .create(
                machine(
                    "file:///var/drop/cmm-01",
                    Map.of("format", "xml", "marker", ".done", "timestampField", "r/@time"),
                    Tag.of("result/pass", "r/result/pass", DataType.BOOL)))) {
      assertThat(c.stats().samples()).isZero();
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "file:relative/drop | endpoint | not an absolute folder",
        "file://server/share | endpoint | mount the share",
        "file:///var/drop?x=1 | endpoint | query or fragment",
        "file:///var/drop cmm | endpoint | write a space as %20"
      })
  void badEndpointsAreRefusedNamingTheField(String endpoint, String field, String message) {
    DefinitionException e = refused(machine(endpoint, Map.of()));
    assertThat(e.field()).isEqualTo(field);
    assertThat(e.problem()).contains(message);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "format | yaml | must be one of csv, json, xml",
        "pattern | ../*.csv | path separator",
        "marker | done | not a file name suffix",
        "marker | .d/x | path separator",
        "stableFor | 2 | has no unit",
        "stableFor | 2h | between 0s and 1h",
        "jobFormat | xml | must be json or csv",
        "maxFileBytes | 2GB | between 1 byte and 1GB",
        "maxFileBytes | lots | not a size",
        "maxRows | 0 | from 1 to 1000000",
        "delimiter | ;; | one character",
        "charset | klingon | not a known character set",
        "outbox | . | the drop folder itself",
        "colour | red | not a file-drop option"
      })
  void badOptionsAreRefusedNamingTheOption(String key, String value, String message) {
    DefinitionException e = refused(machine("file:///var/drop/cmm-01", Map.of(key, value)));
    assertThat(e.field()).isEqualTo("options." + key);
    assertThat(e.problem()).contains(message);
  }

  @Test
  void anAddressThatDoesNotSuitTheFormatIsRefusedNamingTheTag() {
    DefinitionException e =
        refused(
            machine(
                "file:///var/drop/cmm-01",
                Map.of("format", "xml"),
                Tag.of("a", "r/a", DataType.BOOL),
                Tag.of("b", "r/[b]", DataType.BOOL)));
    assertThat(e.field()).isEqualTo("tags[1].address");
    assertThat(e.problem()).startsWith("is not a xml address");
  }

  @Test
  void withoutAFormatAddressesMustSuitEveryFormat() {
    DefinitionException e =
        refused(
            machine("file:///var/drop/cmm-01", Map.of(), Tag.of("a", "Part No.", DataType.STRING)));
    assertThat(e.field()).isEqualTo("tags[0].address");
    assertThat(e.problem()).contains("without option format");
  }

  @Test
  void otherProtocolsAreRefused() {
    MachineDefinition modbus =
        new MachineDefinition(
            "p", "P", "a", "l", Protocol.MODBUS, "tcp://h:502", Map.of(), null, List.of());
    assertThatThrownBy(() -> new FileDropConnectorFactory(state).create(modbus))
        .isInstanceOf(DefinitionException.class)
        .hasMessageContaining("not file");
  }
}
