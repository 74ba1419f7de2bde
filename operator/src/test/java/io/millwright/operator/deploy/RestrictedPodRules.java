package io.millwright.operator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Pod Security Standard {@code restricted} (and baseline, which it includes) for every pod
 * template of a list of objects, plus Millwright's own rules: a read-only root file system, and no
 * service account token in a site's pods. Also whether each pod is isolated by a NetworkPolicy.
 * Works on JSON trees, so model objects, YAML files and Helm output are checked alike.
 */
final class RestrictedPodRules {

  /** Volume types the restricted profile allows. */
  private static final Set<String> ALLOWED_VOLUMES =
      Set.of(
          "configMap",
          "csi",
          "downwardAPI",
          "emptyDir",
          "ephemeral",
          "persistentVolumeClaim",
          "projected",
          "secret");

  private static final Set<String> WORKLOADS =
      Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job");

  private RestrictedPodRules() {}

  /** Whether a site's pods must not mount a service account token. */
  enum Token {
    FORBIDDEN,
    ALLOWED
  }

  /** Pod templates of the objects, with the object they belong to. */
  record PodTemplate(String owner, JsonNode labels, JsonNode spec) {}

  static List<PodTemplate> podTemplates(List<JsonNode> objects) {
    List<PodTemplate> out = new ArrayList<>();
    for (JsonNode o : objects) {
      String kind = o.path("kind").asText();
      JsonNode template =
          switch (kind) {
            case "Pod" -> o;
            case "CronJob" -> o.path("spec").path("jobTemplate").path("spec").path("template");
            default -> WORKLOADS.contains(kind) ? o.path("spec").path("template") : null;
          };
      if (template != null) {
        out.add(
            new PodTemplate(
                Manifests.describe(o),
                template.path("metadata").path("labels"),
                template.path("spec")));
      }
    }
    return out;
  }

  /** Every violation in every pod template of the objects; empty when all are restricted. */
  static List<String> violations(List<JsonNode> objects, Token token) {
    List<String> out = new ArrayList<>();
    for (PodTemplate t : podTemplates(objects)) {
      for (String v : violations(t.spec(), token)) {
        out.add(t.owner() + ": " + v);
      }
    }
    return out;
  }

  static List<String> violations(JsonNode pod, Token token) {
    List<String> out = new ArrayList<>();
    for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
      if (pod.path(host).asBoolean(false)) {
        out.add(host + " is true");
      }
    }
    if (token == Token.FORBIDDEN && pod.path("automountServiceAccountToken").asBoolean(true)) {
      out.add("automountServiceAccountToken is not false");
    }
    for (JsonNode volume : pod.path("volumes")) {
      for (Map.Entry<String, JsonNode> field : volume.properties()) {
        String type = field.getKey();
        if (!type.equals("name") && !ALLOWED_VOLUMES.contains(type)) {
          out.add("volume " + volume.path("name").asText() + " is of type " + type);
        }
      }
    }
    JsonNode podContext = pod.path("securityContext");
    if (podContext.path("runAsUser").isNumber() && podContext.path("runAsUser").asLong() == 0) {
      out.add("pod runAsUser is 0");
    }
    out.addAll(sysctls(podContext));
    List<JsonNode> containers = new ArrayList<>();
    for (String field : List.of("initContainers", "containers", "ephemeralContainers")) {
      pod.path(field).forEach(containers::add);
    }
    if (containers.isEmpty()) {
      out.add("no containers");
    }
    for (JsonNode c : containers) {
      String name = "container " + c.path("name").asText() + ": ";
      JsonNode sc = c.path("securityContext");
      if (sc.path("privileged").asBoolean(false)) {
        out.add(name + "privileged");
      }
      if (!sc.path("allowPrivilegeEscalation").isBoolean()
          || sc.path("allowPrivilegeEscalation").asBoolean()) {
        out.add(name + "allowPrivilegeEscalation is not false");
      }
      if (!runsAsNonRoot(podContext, sc)) {
        out.add(name + "runAsNonRoot is not true (pod or container)");
      }
      if (sc.path("runAsUser").isNumber() && sc.path("runAsUser").asLong() == 0) {
        out.add(name + "runAsUser is 0");
      }
      String seccomp =
          sc.path("seccompProfile").has("type")
              ? sc.path("seccompProfile").path("type").asText()
              : podContext.path("seccompProfile").path("type").asText(null);
      if (!"RuntimeDefault".equals(seccomp)) {
        out.add(name + "seccompProfile is " + seccomp + ", not RuntimeDefault");
      }
      JsonNode caps = sc.path("capabilities");
      boolean dropsAll = false;
      for (JsonNode d : caps.path("drop")) {
        dropsAll |= d.asText().equals("ALL");
      }
      if (!dropsAll) {
        out.add(name + "capabilities do not drop ALL");
      }
      if (!caps.path("add").isEmpty()) {
        out.add(name + "capabilities add " + caps.path("add"));
      }
      if (!sc.path("readOnlyRootFilesystem").asBoolean(false)) {
        out.add(name + "readOnlyRootFilesystem is not true");
      }
      if (sc.has("procMount") && !sc.path("procMount").asText().equals("Default")) {
        out.add(name + "procMount is " + sc.path("procMount").asText());
      }
      for (JsonNode port : c.path("ports")) {
        if (port.path("hostPort").asInt(0) != 0) {
          out.add(name + "hostPort " + port.path("hostPort").asInt());
        }
      }
      if (!c.path("image").isTextual() || c.path("image").asText().isBlank()) {
        out.add(name + "no image");
      }
    }
    return out;
  }

  private static boolean runsAsNonRoot(JsonNode pod, JsonNode container) {
    if (container.has("runAsNonRoot")) {
      return container.path("runAsNonRoot").asBoolean();
    }
    return pod.path("runAsNonRoot").asBoolean(false);
  }

  /** Baseline allows only the namespaced, safe sysctls. */
  private static List<String> sysctls(JsonNode podContext) {
    Set<String> safe =
        Set.of(
            "kernel.shm_rmid_forced",
            "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start",
            "net.ipv4.tcp_syncookies",
            "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports",
            "net.ipv4.tcp_keepalive_time",
            "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl",
            "net.ipv4.tcp_keepalive_probes");
    List<String> out = new ArrayList<>();
    for (JsonNode s : podContext.path("sysctls")) {
      if (!safe.contains(s.path("name").asText())) {
        out.add("sysctl " + s.path("name").asText() + " is not in the safe set");
      }
    }
    return out;
  }

  /**
   * Pod templates no NetworkPolicy isolates in both directions. With {@code defaultDeny}, the
   * isolating policy must allow nothing itself (no ingress and no egress rules): the deny-all base
   * every allowed flow is added to.
   */
  static List<String> notIsolated(List<JsonNode> objects, boolean defaultDeny) {
    List<JsonNode> policies = Manifests.ofKind(objects, "NetworkPolicy");
    List<String> out = new ArrayList<>();
    for (PodTemplate t : podTemplates(objects)) {
      String namespace = namespaceOf(objects, t.owner());
      boolean isolated = false;
      for (JsonNode p : policies) {
        JsonNode spec = p.path("spec");
        List<String> types = new ArrayList<>();
        spec.path("policyTypes").forEach(x -> types.add(x.asText()));
        boolean bothWays = types.contains("Ingress") && types.contains("Egress");
        boolean allowsNothing = spec.path("ingress").isEmpty() && spec.path("egress").isEmpty();
        if (bothWays
            && (!defaultDeny || allowsNothing)
            && namespace.equals(p.path("metadata").path("namespace").asText(""))
            && selects(spec.path("podSelector"), t.labels())) {
          isolated = true;
        }
      }
      if (!isolated) {
        out.add(
            t.owner()
                + ": no NetworkPolicy "
                + (defaultDeny ? "denies all of its traffic" : "isolates its ingress and egress"));
      }
    }
    return out;
  }

  private static String namespaceOf(List<JsonNode> objects, String owner) {
    for (JsonNode o : objects) {
      if (Manifests.describe(o).equals(owner)) {
        return o.path("metadata").path("namespace").asText("");
      }
    }
    return "";
  }

  /** Whether a label selector (matchLabels and matchExpressions) selects these labels. */
  static boolean selects(JsonNode selector, JsonNode labels) {
    for (Map.Entry<String, JsonNode> e : selector.path("matchLabels").properties()) {
      if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
        return false;
      }
    }
    for (JsonNode expr : selector.path("matchExpressions")) {
      String value = labels.path(expr.path("key").asText()).asText(null);
      List<String> values = new ArrayList<>();
      expr.path("values").forEach(v -> values.add(v.asText()));
      boolean ok =
          switch (expr.path("operator").asText()) {
            case "In" -> values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> false;
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
