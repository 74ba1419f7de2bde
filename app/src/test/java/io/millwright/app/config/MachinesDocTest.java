package io.millwright.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.app.machines.Connectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worked examples of docs/machines.md load, with every connector check, as written. */
class MachinesDocTest {

  static final Path DOC = Path.of("../docs/machines.md");

  @TempDir Path dir;

  @Test
  void everyMachinesExampleInTheDocsIsAValidMachinesFile() throws IOException {
    Matcher block =
        Pattern.compile("```yaml\\n(machines:\\n.*?)```", Pattern.DOTALL)
            .matcher(Files.readString(DOC));
    List<String> ids = new ArrayList<>();
    while (block.find()) {
      // The OPC UA example takes its password from an environment variable, which the connector
      // checks is set; a test cannot set one for its own process, so it reads an inline password.
      String yaml =
          block.group(1).replaceAll("passwordEnv: [A-Z0-9_]+", "password: example-password");
      Path file = Files.writeString(dir.resolve("example-" + ids.size() + ".yaml"), yaml);
      MillwrightConfig config =
          ConfigLoader.load(
              Optional.empty(), Optional.of(file), Map.of(), Connectors.definitionCheck());
      config.machines().forEach(m -> ids.add(m.id()));
    }
    // Modbus, OPC UA, S7, SQL, two file drops, two MQTT devices.
    assertThat(ids)
        .containsExactly("press-01", "cnc-01", "press-02", "cmm-01", "cmm-01", "cnc-07", "oven-02");
  }
}
