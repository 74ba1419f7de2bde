package io.millwright.operator.site;

import static io.millwright.operator.Fixtures.NO_PROTOCOL_CHECK;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.operator.Crds;
import io.millwright.operator.machine.Machine;
import io.millwright.operator.machine.MachineSpec;
import io.millwright.operator.machine.MachineValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the central roles that read machines (historian, oee) get, in every mode. */
class SiteResourcesTest {

  private static final MachineValidation VALIDATION = new MachineValidation(NO_PROTOCOL_CHECK);

  private static List<HasMetadata> render(Site site, List<Machine> machines) {
    return SiteResources.desired(SitePlan.of(site, machines, VALIDATION));
  }

  private static <T extends HasMetadata> T named(
      List<HasMetadata> objects, Class<T> kind, String name) {
    return objects.stream()
        .filter(kind::isInstance)
        .map(kind::cast)
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " " + name));
  }

  private static Map<String, String> env(PodTemplateSpec pod) {
    return pod.getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  private static String central(String mode, String component) {
    return mode.equals("single") ? "plant-1" : "plant-1-" + component;
  }

  @ParameterizedTest
  @ValueSource(strings = {"single", "split", "distributed"})
  void theHistorianReadsEveryValidMachineOfTheSite(String mode) {
    List<Machine> machines = new ArrayList<>(SiteResourcesGoldenTest.machines());
    Machine invalid = io.millwright.operator.Fixtures.machine("bad-01", "plant", "a", "b");
    invalid.getSpec().tags = List.of();
    machines.add(invalid);
    List<HasMetadata> objects = render(SiteResourcesGoldenTest.siteFor(mode), machines);

    ConfigMap file = named(objects, ConfigMap.class, "plant-1-machines");
    String yaml = file.getData().get("machines.yaml");
    assertThat(yaml)
        .contains("id: cnc-01", "id: press-01", "id: press-02", "id: press-03")
        .doesNotContain("bad-01");
    // Same format as the connectors' files: each of them is a part of it.
    List<ConfigMap> connectors =
        objects.stream()
            .filter(o -> o instanceof ConfigMap)
            .map(ConfigMap.class::cast)
            .filter(c -> c.getMetadata().getLabels().get(Crds.COMPONENT).equals("connector"))
            .toList();
    assertThat(connectors).isNotEmpty();
    for (ConfigMap c : connectors) {
      assertThat(yaml).contains(c.getData().get("machines.yaml").substring("machines:\n".length()));
    }

    // With the PostgreSQL store (distributed) the historian keeps no state: a Deployment.
    PodTemplateSpec historian =
        mode.equals("distributed")
            ? named(objects, Deployment.class, "plant-1-historian").getSpec().getTemplate()
            : named(objects, StatefulSet.class, central(mode, "historian")).getSpec().getTemplate();
    assertThat(env(historian))
        .containsEntry("MILLWRIGHT_MACHINES", "/etc/millwright/machines.yaml");
    Volume volume =
        historian.getSpec().getVolumes().stream()
            .filter(v -> v.getName().equals("machines"))
            .findFirst()
            .orElseThrow();
    String source =
        volume.getConfigMap() != null
            ? volume.getConfigMap().getName()
            : volume.getProjected().getSources().get(0).getConfigMap().getName();
    assertThat(source).isEqualTo("plant-1-machines");
    Container container = historian.getSpec().getContainers().get(0);
    assertThat(container.getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getName()).isEqualTo("machines");
              assertThat(m.getMountPath()).isEqualTo("/etc/millwright");
              assertThat(m.getReadOnly()).isTrue();
            });
    assertThat(historian.getMetadata().getAnnotations()).containsKey(Crds.CONFIG_HASH);
  }

  @ParameterizedTest
  @ValueSource(strings = {"single", "split", "distributed"})
  void aChangedMachineRollsTheCentralRolesThatReadMachines(String mode) {
    Site site = SiteResourcesGoldenTest.siteFor(mode);
    List<Machine> machines = SiteResourcesGoldenTest.machines();
    String before = hashes(render(site, machines));
    List<Machine> changed = SiteResourcesGoldenTest.machines();
    changed.get(1).getSpec().tags =
        List.of(io.millwright.operator.Fixtures.tag("a", "holding:0", "float32"));
    String after = hashes(render(site, changed));
    assertThat(after).isNotEqualTo(before);
    assertThat(hashes(render(site, SiteResourcesGoldenTest.machines()))).isEqualTo(before);
  }

  private static String hashes(List<HasMetadata> objects) {
    return objects.stream()
        .filter(o -> o instanceof StatefulSet || o instanceof Deployment)
        .filter(o -> !o.getMetadata().getLabels().get(Crds.COMPONENT).equals("connector"))
        .filter(o -> !o.getMetadata().getLabels().get(Crds.COMPONENT).equals("broker"))
        .map(
            o ->
                o.getMetadata().getName()
                    + "="
                    + (o instanceof StatefulSet s
                            ? s.getSpec().getTemplate()
                            : ((Deployment) o).getSpec().getTemplate())
                        .getMetadata()
                        .getAnnotations()
                        .get(Crds.CONFIG_HASH))
        .collect(Collectors.joining(","));
  }

  @ParameterizedTest
  @ValueSource(strings = {"split", "distributed"})
  void theOeeRoleHasItsOwnStatefulSetWithAVolumeAndAService(String mode) {
    List<HasMetadata> objects =
        render(SiteResourcesGoldenTest.siteFor(mode), SiteResourcesGoldenTest.machines());
    StatefulSet oee = named(objects, StatefulSet.class, "plant-1-oee");
    assertThat(oee.getMetadata().getLabels()).containsEntry(Crds.COMPONENT, "oee");
    PodTemplateSpec pod = oee.getSpec().getTemplate();
    assertThat(env(pod))
        .containsEntry("MILLWRIGHT_ROLES", "oee")
        .containsEntry("MILLWRIGHT_MACHINES", "/etc/millwright/machines.yaml")
        .containsEntry("MILLWRIGHT_CONNECTORS_PRIMARYHOST", "historian")
        .containsKey("MILLWRIGHT_MQTT_URL");
    assertThat(oee.getSpec().getVolumeClaimTemplates())
        .singleElement()
        .satisfies(
            pvc ->
                assertThat(pvc.getSpec().getResources().getRequests().get("storage").toString())
                    .isEqualTo(SitePlan.OEE_STORAGE));
    var resources = pod.getSpec().getContainers().get(0).getResources();
    assertThat(resources.getRequests().get("memory").toString()).isEqualTo("256Mi");
    assertThat(resources.getLimits().get("memory").toString()).isEqualTo("384Mi");
    assertThat(resources.getRequests().get("cpu").toString()).isEqualTo("100m");
    Service service = named(objects, Service.class, "plant-1-oee");
    assertThat(service.getSpec().getSelector())
        .isEqualTo(oee.getSpec().getSelector().getMatchLabels());
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getPort()).isEqualTo(PodTemplates.HTTP_PORT));
  }

  @ParameterizedTest
  @ValueSource(strings = {"single", "split"})
  void everyPodThatReadsMachinesGetsTheSitesConfigFile(String mode) {
    List<HasMetadata> objects =
        render(SiteResourcesGoldenTest.siteFor(mode), SiteResourcesGoldenTest.machines());
    ConfigMap config = named(objects, ConfigMap.class, "plant-1-config");
    assertThat(config.getData().get("millwright.yaml")).startsWith("oee:\n");
    List<PodTemplateSpec> readers = new ArrayList<>();
    for (HasMetadata o : objects) {
      PodTemplateSpec t =
          o instanceof StatefulSet s
              ? s.getSpec().getTemplate()
              : o instanceof Deployment d ? d.getSpec().getTemplate() : null;
      if (t != null && env(t).containsKey("MILLWRIGHT_MACHINES")) {
        readers.add(t);
      }
    }
    // The central pod (single) or historian and oee (split), and the connectors.
    assertThat(readers).hasSizeGreaterThanOrEqualTo(3);
    for (PodTemplateSpec t : readers) {
      assertThat(t.getSpec().getContainers().get(0).getArgs())
          .containsExactly("run", "--config", "/etc/millwright/millwright.yaml");
      Volume v =
          t.getSpec().getVolumes().stream()
              .filter(x -> x.getName().equals("machines"))
              .findFirst()
              .orElseThrow();
      assertThat(v.getProjected().getSources())
          .extracting(p -> p.getConfigMap().getName())
          .contains("plant-1-config");
    }
    assertThat(env(named(objects, StatefulSet.class, central(mode, "oee")).getSpec().getTemplate()))
        .hasEntrySatisfying("MILLWRIGHT_ROLES", roles -> assertThat(roles).contains("oee"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"single", "split", "distributed"})
  void theMachinesFileReadsBackAsTheSameDefinitions(String mode) throws Exception {
    List<Machine> machines = SiteResourcesGoldenTest.machines();
    List<HasMetadata> objects = render(SiteResourcesGoldenTest.siteFor(mode), machines);
    String yaml =
        named(objects, ConfigMap.class, "plant-1-machines").getData().get("machines.yaml");
    JsonNode root = SiteResources.YAML.readTree(yaml);
    List<MachineDefinition> read = new ArrayList<>();
    for (JsonNode node : root.get("machines")) {
      Machine m = new Machine();
      m.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
      m.getMetadata().setName("from-file");
      m.setSpec(SiteResources.YAML.treeToValue(node, MachineSpec.class));
      read.add(VALIDATION.definition(m));
    }
    List<MachineDefinition> expected = new ArrayList<>();
    for (Machine m : machines) {
      expected.add(VALIDATION.definition(m));
    }
    expected.sort(java.util.Comparator.comparing(MachineDefinition::id));
    assertThat(read).isEqualTo(expected);
    assertThat(read.get(1).states()).isPresent();
  }

  @org.junit.jupiter.api.Test
  void theOeePodIsCoveredByTheSitesNetworkPolicies() {
    List<HasMetadata> objects =
        render(SiteResourcesGoldenTest.siteFor("split"), SiteResourcesGoldenTest.machines());
    Map<String, String> labels =
        named(objects, StatefulSet.class, "plant-1-oee")
            .getSpec()
            .getTemplate()
            .getMetadata()
            .getLabels();
    // Denied by default; DNS, HTTP in, and MQTT to the broker allowed.
    for (String policy :
        List.of(
            "plant-1-default-deny",
            "plant-1-allow-dns",
            "plant-1-allow-http",
            "plant-1-allow-mqtt")) {
      var selector =
          named(objects, io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class, policy)
              .getSpec()
              .getPodSelector()
              .getMatchLabels();
      assertThat(labels).as(policy).containsAllEntriesOf(selector);
    }
  }
}
