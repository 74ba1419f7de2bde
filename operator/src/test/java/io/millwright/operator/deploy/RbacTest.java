package io.millwright.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The operator's permissions are written three times: the table in docs/kubernetes.md, the plain
 * ClusterRole in deploy/operator and the Helm chart's ClusterRole (or Roles). They must grant the
 * same (group, resource, verb) set, so none can drift from the others. No cluster runs here to
 * check them against the operator's calls with a real API server's authorizer.
 */
class RbacTest {

  /** One permission: verb on a resource of an API group ("" is core). */
  record Grant(String group, String resource, String verb) implements Comparable<Grant> {
    @Override
    public int compareTo(Grant o) {
      return toString().compareTo(o.toString());
    }
  }

  static Set<Grant> documented() throws IOException {
    List<String> lines = Files.readAllLines(Manifests.repo().resolve("docs/kubernetes.md"));
    int start = lines.indexOf("## Operator permissions");
    assertThat(start).as("docs/kubernetes.md has ## Operator permissions").isNotNegative();
    Set<Grant> out = new TreeSet<>();
    List<String> rows = new ArrayList<>();
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.startsWith("## ")) {
        break;
      }
      if (line.startsWith("|")) {
        rows.add(line);
      }
    }
    assertThat(rows).as("a header, a separator and rows").hasSizeGreaterThan(2);
    for (String row : rows.subList(2, rows.size())) {
      String[] cells = row.split("\\|");
      String group = cells[1].trim();
      group = group.startsWith("\"\"") ? "" : group;
      for (String resource : cells[2].split(",")) {
        for (String verb : cells[3].split(",")) {
          out.add(new Grant(group, resource.trim(), verb.trim()));
        }
      }
    }
    return out;
  }

  static Set<Grant> granted(JsonNode role) {
    Set<Grant> out = new TreeSet<>();
    for (JsonNode rule : role.path("rules")) {
      assertThat(rule.has("resourceNames") || rule.has("nonResourceURLs")).isFalse();
      for (JsonNode group : rule.path("apiGroups")) {
        for (JsonNode resource : rule.path("resources")) {
          for (JsonNode verb : rule.path("verbs")) {
            out.add(new Grant(group.asText(), resource.asText(), verb.asText()));
          }
        }
      }
    }
    return out;
  }

  @Test
  void theDocumentedTableIsExactlyWhatTheOperatorUses() throws IOException {
    // The operator's calls (reconcilers, Applier, ConnectorHealth), spelled out once more here so
    // that a change to the table is a deliberate change to this list too. Every kind the Applier
    // writes has create beside patch: a server-side apply that finds no object creates it, and the
    // API server authorizes that as create (apiserver's handlers/patch.go).
    Set<Grant> expected = new TreeSet<>();
    add(expected, "millwright.io", List.of("sites", "machines"), List.of("get", "list", "watch"));
    add(
        expected,
        "millwright.io",
        List.of("sites/status", "machines/status"),
        List.of("get", "patch", "update"));
    add(
        expected,
        "apps",
        List.of("deployments", "statefulsets"),
        List.of("list", "watch", "create", "patch", "delete"));
    add(
        expected,
        "",
        List.of("services", "configmaps", "serviceaccounts"),
        List.of("list", "create", "patch", "delete"));
    // Secrets: create only; an existing admin Secret answers 409, so none is ever read.
    add(expected, "", List.of("secrets"), List.of("create"));
    add(expected, "", List.of("pods"), List.of("list"));
    add(
        expected,
        "policy",
        List.of("poddisruptionbudgets"),
        List.of("list", "create", "patch", "delete"));
    add(
        expected,
        "networking.k8s.io",
        List.of("networkpolicies"),
        List.of("list", "create", "patch", "delete"));
    assertThat(documented()).containsExactlyElementsOf(expected);
  }

  private static void add(Set<Grant> to, String group, List<String> resources, List<String> verbs) {
    resources.forEach(r -> verbs.forEach(v -> to.add(new Grant(group, r, v))));
  }

  @Test
  void thePlainClusterRoleGrantsTheTable() throws IOException {
    List<JsonNode> objects = Manifests.readDirectory(Manifests.repo().resolve("deploy/operator"));
    List<JsonNode> roles = Manifests.ofKind(objects, "ClusterRole");
    assertThat(roles).hasSize(1);
    assertThat(granted(roles.get(0))).containsExactlyElementsOf(documented());
    assertBoundToTheOperator(objects, "ClusterRoleBinding", roles.get(0));
  }

  @Test
  void theHelmChartGrantsTheTableClusterWideOrPerNamespace() throws IOException {
    List<JsonNode> cluster = HelmChartTest.template("");
    List<JsonNode> roles = Manifests.ofKind(cluster, "ClusterRole");
    assertThat(roles).hasSize(1);
    assertThat(granted(roles.get(0))).containsExactlyElementsOf(documented());
    assertBoundToTheOperator(cluster, "ClusterRoleBinding", roles.get(0));

    List<JsonNode> namespaced = HelmChartTest.template(HelmChartTest.ALL_SET);
    List<JsonNode> nsRoles = Manifests.ofKind(namespaced, "Role");
    assertThat(nsRoles).hasSize(2);
    for (JsonNode role : nsRoles) {
      assertThat(granted(role)).containsExactlyElementsOf(documented());
    }
    assertBoundToTheOperator(namespaced, "RoleBinding", nsRoles.get(0));
  }

  /** A binding of that kind gives the role to the service account the Deployment runs as. */
  private static void assertBoundToTheOperator(
      List<JsonNode> objects, String bindingKind, JsonNode role) {
    JsonNode deployment = Manifests.ofKind(objects, "Deployment").get(0);
    String account =
        deployment.path("spec").path("template").path("spec").path("serviceAccountName").asText();
    String namespace = deployment.path("metadata").path("namespace").asText();
    assertThat(Manifests.ofKind(objects, "ServiceAccount"))
        .anySatisfy(
            sa -> {
              assertThat(sa.path("metadata").path("name").asText()).isEqualTo(account);
              assertThat(sa.path("metadata").path("namespace").asText()).isEqualTo(namespace);
            });
    assertThat(Manifests.ofKind(objects, bindingKind))
        .anySatisfy(
            b -> {
              assertThat(b.path("roleRef").path("kind").asText())
                  .isEqualTo(role.path("kind").asText());
              assertThat(b.path("roleRef").path("name").asText())
                  .isEqualTo(role.path("metadata").path("name").asText());
              assertThat(b.path("subjects"))
                  .anySatisfy(
                      s -> {
                        assertThat(s.path("kind").asText()).isEqualTo("ServiceAccount");
                        assertThat(s.path("name").asText()).isEqualTo(account);
                        assertThat(s.path("namespace").asText()).isEqualTo(namespace);
                      });
            });
  }
}
