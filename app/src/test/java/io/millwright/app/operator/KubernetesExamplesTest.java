package io.millwright.app.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.millwright.app.config.ConfigLoader;
import io.millwright.app.config.MillwrightConfig;
import io.millwright.app.machines.Connectors;
import io.millwright.oee.calendar.ShiftCalendar;
import io.millwright.operator.Render;
import io.millwright.simulator.ServedMachine;
import io.millwright.simulator.plant.Plant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo factory's example resources in {@code deploy/examples}: every machine passes the
 * connectors' own checks (addresses, options), so the operator deploys all eleven, and they are the
 * simulated factory's machines with the simulator's tags.
 */
class KubernetesExamplesTest {

  static final Path EXAMPLES = Path.of("..", "deploy", "examples");

  @Test
  void theDemoSiteRendersElevenValidConnectors() throws Exception {
    Render.Rendering rendering =
        Render.render(
            List.of(EXAMPLES.resolve("site.yaml"), EXAMPLES.resolve("machines.yaml")),
            Connectors.definitionCheck());

    assertThat(rendering.invalidMachines()).isEmpty();
    List<String> connectors =
        rendering.objects().stream()
            .filter(o -> o instanceof Deployment)
            .map(o -> o.getMetadata().getName())
            .filter(n -> n.startsWith("plant-1-connector-"))
            .map(n -> n.substring("plant-1-connector-".length()))
            .sorted()
            .toList();
    List<Plant> plant = List.of(Plant.demo(1));
    assertThat(connectors)
        .containsExactlyElementsOf(
            plant.get(0).machines().stream().map(ServedMachine::id).sorted().toList());
    for (ServedMachine machine : plant.get(0).machines()) {
      String file = machinesFile(rendering.objects(), "plant-1-connector-" + machine.id());
      assertThat(file).contains("protocol: " + machine.protocol().configName());
      machine.tags().forEach(tag -> assertThat(file).contains("name: " + tag.name()));
    }
  }

  /**
   * The files the operator writes for the central pods are read by the app's own loader, as the
   * pods will: the machines with their state models, and the Site's oee section.
   */
  @Test
  void theCentralPodsFilesLoadInTheApp(@TempDir Path dir) throws Exception {
    Render.Rendering rendering =
        Render.render(
            List.of(EXAMPLES.resolve("site.yaml"), EXAMPLES.resolve("machines.yaml")),
            Connectors.definitionCheck());
    Path machines = dir.resolve("machines.yaml");
    Path config = dir.resolve("millwright.yaml");
    Files.writeString(machines, machinesFile(rendering.objects(), "plant-1-machines"));
    Files.writeString(config, data(rendering.objects(), "plant-1-config", "millwright.yaml"));
    MillwrightConfig loaded =
        // The ERP token reaches the pod from its Secret as ERP_TOKEN (spec.jobs.secretEnv).
        ConfigLoader.load(
            Optional.of(config), Optional.of(machines), Map.of("ERP_TOKEN", "from-the-secret"));
    assertThat(loaded.machines()).hasSize(11);
    assertThat(loaded.jobs().autoRelease()).contains(true);
    assertThat(loaded.jobs().erp().orElseThrow().secret().orElseThrow().reveal())
        .isEqualTo("from-the-secret");
    assertThat(loaded.machines()).allMatch(m -> m.states().isPresent());
    assertThat(
            loaded.machines().stream()
                .filter(m -> m.id().equals("press-02"))
                .findFirst()
                .orElseThrow()
                .states()
                .orElseThrow()
                .idealCycle())
        .isEqualTo(Duration.ofMillis(1500));
    ShiftCalendar calendar = loaded.oee().calendar().orElseThrow();
    assertThat(calendar.zone()).isEqualTo(ZoneId.of("Europe/Rome"));
    assertThat(calendar.shiftPatterns()).hasSize(3);
  }

  private static String machinesFile(List<HasMetadata> objects, String name) {
    return data(objects, name, "machines.yaml");
  }

  private static String data(List<HasMetadata> objects, String name, String key) {
    return objects.stream()
        .filter(o -> o instanceof ConfigMap && o.getMetadata().getName().equals(name))
        .map(o -> ((ConfigMap) o).getData().get(key))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no ConfigMap " + name + " with " + key));
  }
}
