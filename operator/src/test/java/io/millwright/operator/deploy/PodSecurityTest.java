package io.millwright.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every pod Millwright runs meets the restricted Pod Security Standard, and every site's pods sit
 * behind a default-deny NetworkPolicy. No cluster (and so no Pod Security admission) runs here:
 * {@link RestrictedPodRules} applies the standard's rules to the rendered pod templates.
 */
class PodSecurityTest {

  private static Map<String, List<JsonNode>> sites;

  @BeforeAll
  static void render() {
    sites = SiteRenderings.all();
  }

  @Test
  void everySitePodIsRestrictedWithoutAServiceAccountToken() {
    List<String> violations = new ArrayList<>();
    sites.forEach(
        (name, objects) -> {
          assertThat(RestrictedPodRules.podTemplates(objects)).as(name).isNotEmpty();
          RestrictedPodRules.violations(objects, RestrictedPodRules.Token.FORBIDDEN)
              .forEach(v -> violations.add(name + ": " + v));
        });
    assertThat(violations).isEmpty();
  }

  @Test
  void everySitePodIsBehindADefaultDenyNetworkPolicy() {
    List<String> open = new ArrayList<>();
    sites.forEach(
        (name, objects) ->
            RestrictedPodRules.notIsolated(objects, true).forEach(v -> open.add(name + ": " + v)));
    assertThat(open).isEmpty();
  }

  @Test
  void theDemoSimulatorIsRestrictedWithoutAServiceAccountToken() {
    List<JsonNode> objects =
        Manifests.read(Manifests.repo().resolve("deploy/examples/simulator.yaml"));
    assertThat(RestrictedPodRules.podTemplates(objects)).hasSize(1);
    assertThat(RestrictedPodRules.violations(objects, RestrictedPodRules.Token.FORBIDDEN))
        .isEmpty();
  }

  @Test
  void theOperatorsPlainManifestsAreRestrictedAndIsolated() {
    List<JsonNode> objects = Manifests.readDirectory(Manifests.repo().resolve("deploy/operator"));
    assertThat(RestrictedPodRules.podTemplates(objects)).hasSize(1);
    assertThat(RestrictedPodRules.violations(objects, RestrictedPodRules.Token.ALLOWED)).isEmpty();
    assertThat(RestrictedPodRules.notIsolated(objects, false)).isEmpty();
    JsonNode namespace = Manifests.ofKind(objects, "Namespace").get(0);
    assertThat(
            namespace
                .path("metadata")
                .path("labels")
                .path("pod-security.kubernetes.io/enforce")
                .asText())
        .isEqualTo("restricted");
  }

  @Test
  void theCheckerFindsEachKindOfViolation() {
    JsonNode good =
        Manifests.readDirectory(Manifests.repo().resolve("deploy/operator")).stream()
            .filter(o -> o.path("kind").asText().equals("Deployment"))
            .findFirst()
            .orElseThrow();
    assertThat(RestrictedPodRules.violations(List.of(good), RestrictedPodRules.Token.ALLOWED))
        .isEmpty();
    assertThat(RestrictedPodRules.violations(List.of(good), RestrictedPodRules.Token.FORBIDDEN))
        .containsExactly(
            "Deployment millwright-system/millwright-operator: automountServiceAccountToken is not"
                + " false");

    record Breach(String path, String field, Object value, String expected) {}
    for (Breach b :
        List.of(
            new Breach("", "hostNetwork", true, "hostNetwork is true"),
            new Breach("", "hostPID", true, "hostPID is true"),
            new Breach("", "hostIPC", true, "hostIPC is true"),
            new Breach("c/securityContext", "runAsNonRoot", false, "runAsNonRoot is not true"),
            new Breach("securityContext", "runAsUser", 0, "pod runAsUser is 0"),
            new Breach("c/securityContext", "privileged", true, "privileged"),
            new Breach(
                "c/securityContext",
                "allowPrivilegeEscalation",
                true,
                "allowPrivilegeEscalation is not false"),
            new Breach(
                "c/securityContext",
                "readOnlyRootFilesystem",
                false,
                "readOnlyRootFilesystem is not true"),
            new Breach(
                "c/securityContext/seccompProfile", "type", "Unconfined", "seccompProfile is"),
            new Breach(
                "c/securityContext/capabilities", "add", List.of("NET_ADMIN"), "capabilities add"),
            new Breach(
                "c/securityContext/capabilities", "drop", List.of("NET_RAW"), "do not drop ALL"))) {
      ObjectNode bad = good.deepCopy();
      ObjectNode at = (ObjectNode) bad.path("spec").path("template").path("spec");
      for (String step : b.path().isEmpty() ? new String[0] : b.path().split("/")) {
        at =
            step.equals("c")
                ? (ObjectNode) at.path("containers").get(0)
                : at.withObjectProperty(step);
      }
      ObjectNode target = at;
      switch (b.value()) {
        case Boolean v -> target.put(b.field(), v);
        case Integer v -> target.put(b.field(), v);
        case String v -> target.put(b.field(), v);
        case List<?> v -> v.forEach(x -> target.putArray(b.field()).add(x.toString()));
        default -> throw new IllegalArgumentException(b.toString());
      }
      assertThat(RestrictedPodRules.violations(List.of(bad), RestrictedPodRules.Token.ALLOWED))
          .as(b.toString())
          .anySatisfy(v -> assertThat(v).contains(b.expected()));
    }

    ObjectNode hostPath = good.deepCopy();
    ((ObjectNode) hostPath.path("spec").path("template").path("spec").path("volumes").get(0))
        .putObject("hostPath")
        .put("path", "/");
    assertThat(RestrictedPodRules.violations(List.of(hostPath), RestrictedPodRules.Token.ALLOWED))
        .anySatisfy(v -> assertThat(v).contains("is of type hostPath"));
  }

  @Test
  void aPodNoPolicyDeniesIsReported() {
    List<JsonNode> objects = sites.get("split");
    List<JsonNode> withoutDefaultDeny =
        objects.stream()
            .filter(
                o ->
                    !(o.path("kind").asText().equals("NetworkPolicy")
                        && o.path("metadata").path("name").asText().endsWith("-default-deny")))
            .toList();
    assertThat(withoutDefaultDeny).hasSizeLessThan(objects.size());
    assertThat(RestrictedPodRules.notIsolated(withoutDefaultDeny, true))
        .hasSize(RestrictedPodRules.podTemplates(objects).size());
  }
}
