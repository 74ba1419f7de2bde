package io.millwright.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every manifest Millwright produces or ships, validated against the API schema of each supported
 * Kubernetes release ({@link KubernetesApi}): a field name typo, a missing required field or a
 * field a release does not have fails here instead of at {@code kubectl apply}. No cluster runs
 * here, so this is the check of what an API server would reject for its shape.
 */
class ManifestSchemaTest {

  private static Map<String, List<JsonNode>> sites;

  @BeforeAll
  static void render() {
    sites = SiteRenderings.all();
  }

  static Stream<String> versions() {
    return KubernetesApi.VERSIONS.stream();
  }

  @ParameterizedTest(name = "Kubernetes {0}")
  @MethodSource("versions")
  void everyObjectOfEverySiteModeIsValid(String version) {
    KubernetesApi api = KubernetesApi.of(version);
    List<String> problems = new ArrayList<>();
    sites.forEach(
        (name, objects) -> {
          assertThat(objects).as(name).isNotEmpty();
          api.problems(objects).forEach(p -> problems.add(name + ": " + p));
        });
    assertThat(problems).isEmpty();
  }

  @Test
  void everyNameAndLabelIsOneTheApiServerAccepts() {
    List<String> problems = new ArrayList<>();
    sites.forEach(
        (name, objects) ->
            NameRules.violations(objects).forEach(p -> problems.add(name + ": " + p)));
    problems.addAll(
        NameRules.violations(Manifests.readDirectory(Manifests.repo().resolve("deploy/operator"))));
    problems.addAll(NameRules.violations(HelmChartTest.template(HelmChartTest.ALL_SET)));
    assertThat(problems).isEmpty();

    JsonNode badService =
        Manifests.parse(
                """
                apiVersion: v1
                kind: Service
                metadata: {name: 1-broker, labels: {app.kubernetes.io/name: "-x"}}
                """)
            .get(0);
    assertThat(NameRules.violations(List.of(badService)))
        .hasSize(2)
        .anySatisfy(p -> assertThat(p).contains("Service name \"1-broker\""))
        .anySatisfy(p -> assertThat(p).contains("label app.kubernetes.io/name value"));
  }

  @ParameterizedTest(name = "Kubernetes {0}")
  @MethodSource("versions")
  void theGoldenRenderingsAreValid(String version) {
    // The operator's golden files (SiteResourcesGoldenTest) are what it renders too.
    List<JsonNode> golden =
        Manifests.readDirectory(
            Path.of(System.getProperty("user.dir"), "src/test/resources/golden"));
    assertThat(golden).isNotEmpty();
    assertThat(KubernetesApi.of(version).problems(golden)).isEmpty();
    assertThat(RestrictedPodRules.violations(golden, RestrictedPodRules.Token.FORBIDDEN)).isEmpty();
    assertThat(NameRules.violations(golden)).isEmpty();
  }

  @ParameterizedTest(name = "Kubernetes {0}")
  @MethodSource("versions")
  void theDemoSimulatorIsValid(String version) {
    List<JsonNode> objects =
        Manifests.read(Manifests.repo().resolve("deploy/examples/simulator.yaml"));
    assertThat(objects)
        .extracting(o -> o.path("kind").asText())
        .containsExactly("Service", "Deployment");
    assertThat(KubernetesApi.of(version).problems(objects)).isEmpty();
    assertThat(NameRules.violations(objects)).isEmpty();
  }

  @ParameterizedTest(name = "Kubernetes {0}")
  @MethodSource("versions")
  void theOperatorsPlainManifestsAreValid(String version) {
    List<JsonNode> objects = Manifests.readDirectory(Manifests.repo().resolve("deploy/operator"));
    assertThat(objects).extracting(o -> o.path("kind").asText()).contains("Deployment");
    assertThat(KubernetesApi.of(version).problems(objects)).isEmpty();
  }

  @ParameterizedTest(name = "Kubernetes {0}")
  @MethodSource("versions")
  void theHelmChartsOutputIsValid(String version) {
    KubernetesApi api = KubernetesApi.of(version);
    for (List<JsonNode> rendered :
        List.of(
            HelmChartTest.template("", version),
            HelmChartTest.template(HelmChartTest.ALL_SET, version))) {
      assertThat(rendered).isNotEmpty();
      assertThat(api.problems(rendered)).isEmpty();
    }
  }

  @ParameterizedTest(name = "Kubernetes {0}")
  @MethodSource("versions")
  void theCrdsAreValidCustomResourceDefinitions(String version) {
    List<JsonNode> crds = new ArrayList<>();
    crds.addAll(Manifests.readDirectory(Manifests.repo().resolve("deploy/crds")));
    crds.addAll(Manifests.readDirectory(HelmChartTest.CHART.resolve("crds")));
    assertThat(crds)
        .hasSize(4)
        .allSatisfy(
            c ->
                assertThat(c.path("apiVersion").asText() + " " + c.path("kind").asText())
                    .isEqualTo("apiextensions.k8s.io/v1 CustomResourceDefinition"));
    assertThat(KubernetesApi.of(version).problems(crds)).isEmpty();
  }

  @ParameterizedTest(name = "Kubernetes {0}")
  @MethodSource("versions")
  void aMisspelledFieldAnywhereIsRejected(String version) {
    JsonNode deployment =
        Manifests.readDirectory(Manifests.repo().resolve("deploy/operator")).stream()
            .filter(o -> o.path("kind").asText().equals("Deployment"))
            .findFirst()
            .orElseThrow();
    ObjectNode typo = deployment.deepCopy();
    ObjectNode container =
        (ObjectNode) typo.path("spec").path("template").path("spec").path("containers").get(0);
    container.remove("imagePullPolicy");
    container.put("imagePulPolicy", "Always");
    assertThat(KubernetesApi.of(version).problem(typo))
        .hasValueSatisfying(p -> assertThat(p).contains("imagePulPolicy"));

    ObjectNode noContainers = deployment.deepCopy();
    ((ObjectNode) noContainers.path("spec").path("template").path("spec")).remove("containers");
    assertThat(KubernetesApi.of(version).problem(noContainers))
        .hasValueSatisfying(p -> assertThat(p).contains("containers"));

    ObjectNode unknownKind = ((ObjectNode) deployment.deepCopy()).put("kind", "Deploymnet");
    assertThat(KubernetesApi.of(version).problem(unknownKind)).isPresent();

    // Deep in what the operator renders: a port of a connector's egress rule.
    ObjectNode policy =
        sites.get("examples (single)").stream()
            .filter(o -> o.path("metadata").path("name").asText().endsWith("-machines"))
            .findFirst()
            .map(o -> (ObjectNode) o.deepCopy())
            .orElseThrow();
    assertThat(KubernetesApi.of(version).problem(policy)).isEmpty();
    ((ObjectNode) policy.path("spec").path("egress").get(0).path("ports").get(0)).put("portt", 502);
    assertThat(KubernetesApi.of(version).problem(policy))
        .hasValueSatisfying(p -> assertThat(p).contains("portt"));
  }

  @Test
  void theExampleSiteAndMachinesMatchTheCrds() {
    CustomResourceSchemas schemas =
        new CustomResourceSchemas(Manifests.readDirectory(Manifests.repo().resolve("deploy/crds")));
    List<JsonNode> examples = new ArrayList<>();
    examples.addAll(Manifests.read(Manifests.repo().resolve("deploy/examples/site.yaml")));
    examples.addAll(Manifests.read(Manifests.repo().resolve("deploy/examples/machines.yaml")));
    assertThat(examples).hasSize(12);
    List<String> problems = new ArrayList<>();
    examples.forEach(e -> problems.addAll(schemas.problems(e)));
    assertThat(problems).isEmpty();

    // What strict field validation rejects: a misspelled field, and a value its pattern refuses.
    ObjectNode machine = (ObjectNode) examples.get(1).deepCopy();
    ((ObjectNode) machine.path("spec")).put("pollIntervall", "1s");
    assertThat(schemas.problems(machine)).anySatisfy(p -> assertThat(p).contains("pollIntervall"));
    ObjectNode site = (ObjectNode) examples.get(0).deepCopy();
    ((ObjectNode) site.path("spec")).put("mode", "cluster");
    assertThat(schemas.problems(site)).anySatisfy(p -> assertThat(p).contains("mode"));
  }

  @Test
  void eachReleaseHasItsOwnSchema() {
    // Pod-level resources (spec.resources of a pod) came with Kubernetes 1.32: a manifest using
    // them is valid there and not in 1.30, which shows the releases are really told apart.
    JsonNode pod =
        Manifests.parse(
                """
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  resources: {limits: {memory: 64Mi}}
                  containers: [{name: c, image: busybox}]
                """)
            .get(0);
    assertThat(KubernetesApi.of("1.30").problem(pod))
        .hasValueSatisfying(p -> assertThat(p).contains("resources"));
    assertThat(KubernetesApi.of("1.32").problem(pod)).isEmpty();
    assertThat(KubernetesApi.of("1.34").problem(pod)).isEmpty();
  }
}
