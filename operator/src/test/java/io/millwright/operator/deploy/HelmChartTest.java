package io.millwright.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The operator's Helm chart, linted and rendered by real Helm (helm-java's bundled library,
 * offline). Installing it needs a cluster, which cannot run here: the rendered objects are checked
 * instead (schemas in {@link ManifestSchemaTest}, permissions in {@link RbacTest}).
 */
class HelmChartTest {

  static final Path CHART = Manifests.repo().resolve("deploy/helm/millwright-operator");

  /** Every value of values.yaml set to something other than its default. */
  static final String ALL_SET =
      """
      image:
        repository: registry.example/millwright
        tag: 0.1.1
        pullPolicy: Always
      siteImage: registry.example/millwright:0.1.1-site
      watchNamespaces: [plant-1, plant-2]
      resources:
        requests: {cpu: 100m, memory: 256Mi}
        limits: {memory: 512Mi}
      nodeSelector:
        kubernetes.io/os: linux
      tolerations:
        - key: node-role.kubernetes.io/control-plane
          operator: Exists
          effect: NoSchedule
      """;

  /**
   * {@code helm template} of the chart with these values. Helm installs the CRDs of crds/ itself
   * and does not template them: {@link CrdFilesTest} and {@link ManifestSchemaTest} check those
   * files.
   */
  static List<JsonNode> template(String valuesYaml) {
    return template(valuesYaml, KubernetesApi.VERSIONS.getLast());
  }

  /**
   * {@code helm template} as for a cluster of that Kubernetes version (Chart.yaml's kubeVersion).
   */
  static List<JsonNode> template(String valuesYaml, String kubernetesVersion) {
    try {
      Path values = Files.createTempFile("values", ".yaml");
      try {
        Files.writeString(values, valuesYaml);
        String out =
            new Helm(CHART)
                .template()
                .withName("millwright")
                .withNamespace("millwright-system")
                .withKubeVersion("v" + kubernetesVersion + ".0")
                .withValuesFile(values)
                .call();
        return Manifests.parse(out);
      } finally {
        Files.delete(values);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode deployment(List<JsonNode> objects) {
    List<JsonNode> d = Manifests.ofKind(objects, "Deployment");
    assertThat(d).hasSize(1);
    return d.get(0);
  }

  private static JsonNode container(List<JsonNode> objects) {
    return deployment(objects).path("spec").path("template").path("spec").path("containers").get(0);
  }

  private static String env(JsonNode container, String name) {
    for (JsonNode e : container.path("env")) {
      if (e.path("name").asText().equals(name)) {
        return e.path("value").asText();
      }
    }
    return null;
  }

  @Test
  void lintsCleanInStrictMode() {
    LintResult result = new Helm(CHART).lint().strict().call();
    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
  }

  @Test
  void chartIsVersionedWithTheApp() throws IOException {
    JsonNode chart = Manifests.read(CHART.resolve("Chart.yaml")).get(0);
    assertThat(chart.path("apiVersion").asText()).isEqualTo("v2");
    assertThat(chart.path("version").asText()).isEqualTo("0.1.0");
    assertThat(chart.path("appVersion").asText()).isEqualTo("0.1.0");
  }

  @Test
  void refusesKubernetesOlderThanTheOldestValidatedRelease() {
    // ManifestSchemaTest validates from 1.30 on; Chart.yaml's kubeVersion says so to Helm.
    assertThat(template("", "1.30")).isNotEmpty();
    assertThatThrownBy(() -> template("", "1.29"))
        .hasMessageContaining("kubeVersion")
        .hasMessageContaining("1.29");
  }

  @Test
  void defaultsRenderTheOperatorLikeThePlainManifests() {
    List<JsonNode> objects = template("");
    assertThat(objects)
        .extracting(o -> o.path("kind").asText())
        .containsExactlyInAnyOrder(
            "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Deployment", "NetworkPolicy");
    JsonNode c = container(objects);
    assertThat(c.path("image").asText()).isEqualTo("millwright:0.1.0");
    assertThat(env(c, "MILLWRIGHT_ROLES")).isEqualTo("operator");
    assertThat(env(c, "MILLWRIGHT_IMAGE")).isEqualTo("millwright:0.1.0");
    assertThat(env(c, "MILLWRIGHT_OPERATOR_NAMESPACES")).isNull();

    // The chart and deploy/operator install the same pod: only Helm's own labels differ.
    JsonNode plain =
        deployment(Manifests.readDirectory(Manifests.repo().resolve("deploy/operator")));
    assertThat(deployment(objects).path("spec").path("template").path("spec"))
        .isEqualTo(plain.path("spec").path("template").path("spec"));
  }

  @Test
  void everyValueReachesTheObjects() {
    List<JsonNode> objects = template(ALL_SET);
    JsonNode pod = deployment(objects).path("spec").path("template").path("spec");
    JsonNode c = container(objects);
    assertThat(c.path("image").asText()).isEqualTo("registry.example/millwright:0.1.1");
    assertThat(c.path("imagePullPolicy").asText()).isEqualTo("Always");
    assertThat(env(c, "MILLWRIGHT_IMAGE")).isEqualTo("registry.example/millwright:0.1.1-site");
    assertThat(env(c, "MILLWRIGHT_OPERATOR_NAMESPACES")).isEqualTo("plant-1,plant-2");
    assertThat(c.path("resources").path("requests").path("memory").asText()).isEqualTo("256Mi");
    assertThat(c.path("resources").path("limits").path("memory").asText()).isEqualTo("512Mi");
    assertThat(pod.path("nodeSelector").path("kubernetes.io/os").asText()).isEqualTo("linux");
    assertThat(pod.path("tolerations").get(0).path("key").asText())
        .isEqualTo("node-role.kubernetes.io/control-plane");

    // Watching named namespaces grants the same rules there only, never cluster-wide.
    assertThat(Manifests.ofKind(objects, "ClusterRole")).isEmpty();
    assertThat(Manifests.ofKind(objects, "ClusterRoleBinding")).isEmpty();
    List<String> roleNamespaces = new ArrayList<>();
    Manifests.ofKind(objects, "Role")
        .forEach(r -> roleNamespaces.add(r.path("metadata").path("namespace").asText()));
    assertThat(roleNamespaces).containsExactly("plant-1", "plant-2");
    assertThat(Manifests.ofKind(objects, "RoleBinding"))
        .allSatisfy(
            b ->
                assertThat(b.path("subjects").get(0).path("namespace").asText())
                    .isEqualTo("millwright-system"));
  }

  @Test
  void theOperatorPodIsRestrictedAndIsolatedWithAnyValues() {
    for (String values : List.of("", ALL_SET)) {
      List<JsonNode> objects = template(values);
      assertThat(RestrictedPodRules.podTemplates(objects)).hasSize(1);
      // The operator is the one pod that needs its token: it talks to the API server.
      assertThat(RestrictedPodRules.violations(objects, RestrictedPodRules.Token.ALLOWED))
          .isEmpty();
      assertThat(RestrictedPodRules.notIsolated(objects, false)).isEmpty();
    }
  }
}
