package io.millwright.app.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.millwright.app.machines.Connectors;
import io.millwright.operator.Render;
import io.millwright.simulator.ServedMachine;
import io.millwright.simulator.plant.Plant;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

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

  private static String machinesFile(List<HasMetadata> objects, String name) {
    return objects.stream()
        .filter(o -> o instanceof ConfigMap && o.getMetadata().getName().equals(name))
        .map(o -> ((ConfigMap) o).getData().get("machines.yaml"))
        .findFirst()
        .orElseThrow();
  }
}
