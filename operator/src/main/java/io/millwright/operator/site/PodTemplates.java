package io.millwright.operator.site;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.millwright.operator.Crds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pod template every Millwright workload shares: the Pod Security Standard {@code restricted}
 * profile with a read-only root file system, probes from the module manager's health, and the admin
 * Secret mounted as a file. Only the roles, the environment and the extra volumes differ.
 */
final class PodTemplates {

  static final long UID = 10001;
  static final String DATA_DIR = "/var/lib/millwright";
  static final String SECRETS_DIR = "/run/secrets/millwright";
  static final int HTTP_PORT = 8080;
  static final int MQTT_PORT = 1883;
  static final int MQTTS_PORT = 8883;

  private PodTemplates() {}

  /**
   * What differs between workloads.
   *
   * @param configFile the path of the configuration file the process reads ({@code --config}; the
   *     app has no variable for it), or null for none
   */
  record Pod(
      String component,
      boolean servesMqtt,
      List<EnvVar> env,
      List<Volume> volumes,
      List<VolumeMount> mounts,
      boolean dataFromClaim,
      int shutdownSeconds,
      String edgeLocation,
      ResourceRequirements resources,
      Map<String, String> annotations,
      String configFile) {}

  static PodTemplateSpec template(SitePlan plan, Pod pod, Map<String, String> selector) {
    SiteSpec spec = plan.spec();
    List<Volume> volumes = new ArrayList<>();
    volumes.add(new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build());
    if (!pod.dataFromClaim()) {
      volumes.add(new VolumeBuilder().withName("data").withNewEmptyDir().endEmptyDir().build());
    }
    volumes.add(
        new VolumeBuilder()
            .withName("admin")
            .withNewSecret()
            .withSecretName(plan.adminPassword().getName())
            .addNewItem()
            .withKey(plan.adminPassword().getKey())
            .withPath("password")
            .endItem()
            .withDefaultMode(0440)
            .endSecret()
            .build());
    volumes.addAll(pod.volumes());

    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(mount("tmp", "/tmp", false));
    mounts.add(mount("data", DATA_DIR, false));
    mounts.add(mount("admin", SECRETS_DIR + "/admin", true));
    mounts.addAll(pod.mounts());

    List<EnvVar> env = new ArrayList<>();
    env.add(env("MILLWRIGHT_ENTERPRISE", plan.enterprise()));
    env.add(env("MILLWRIGHT_SITE", plan.siteId()));
    env.add(env("MILLWRIGHT_DATA", DATA_DIR));
    env.add(env("MILLWRIGHT_ADMIN_PASSWORD_FILE", SECRETS_DIR + "/admin/password"));
    env.add(env("MILLWRIGHT_SHUTDOWN_TIMEOUT", pod.shutdownSeconds() + "s"));
    // The heap follows the container's memory limit; the rest of the limit is native memory
    // (DuckDB's buffers, Netty, metaspace).
    env.add(env("JDK_JAVA_OPTIONS", "-XX:MaxRAMPercentage=60"));
    env.addAll(pod.env());

    Container container =
        new ContainerBuilder()
            .withName("millwright")
            .withImage(image(plan))
            .withImagePullPolicy("IfNotPresent")
            .withArgs(
                pod.configFile() == null
                    ? List.of("run")
                    : List.of("run", "--config", pod.configFile()))
            .withEnv(env)
            .addNewPort()
            .withName("http")
            .withContainerPort(HTTP_PORT)
            .endPort()
            .withResources(pod.resources())
            .withVolumeMounts(mounts)
            .withStartupProbe(probe("/q/health/live", 2, 90))
            .withLivenessProbe(probe("/q/health/live", 10, 3))
            .withReadinessProbe(probe("/q/health/ready", 5, 2))
            .withNewSecurityContext()
            .withAllowPrivilegeEscalation(false)
            .withReadOnlyRootFilesystem(true)
            .withRunAsNonRoot(true)
            .withNewCapabilities()
            .withDrop("ALL")
            .endCapabilities()
            .endSecurityContext()
            .build();
    if (pod.servesMqtt()) {
      container
          .getPorts()
          .add(new ContainerPortBuilder().withName("mqtt").withContainerPort(MQTT_PORT).build());
      container
          .getPorts()
          .add(new ContainerPortBuilder().withName("mqtts").withContainerPort(MQTTS_PORT).build());
    }

    PodSpecBuilder podSpec =
        new PodSpecBuilder()
            .withServiceAccountName(plan.name())
            // No role talks to the Kubernetes API; only the operator's own pod gets a token.
            .withAutomountServiceAccountToken(false)
            .withEnableServiceLinks(false)
            .withTerminationGracePeriodSeconds((long) pod.shutdownSeconds() + 10)
            .withNewSecurityContext()
            .withRunAsNonRoot(true)
            .withRunAsUser(UID)
            .withRunAsGroup(UID)
            .withFsGroup(UID)
            .withNewSeccompProfile()
            .withType("RuntimeDefault")
            .endSeccompProfile()
            .endSecurityContext()
            .withContainers(container)
            .withVolumes(volumes);
    if (spec.placement != null) {
      if (spec.placement.nodeSelector != null && !spec.placement.nodeSelector.isEmpty()) {
        podSpec.withNodeSelector(new java.util.TreeMap<>(spec.placement.nodeSelector));
      }
      if (spec.placement.tolerations != null) {
        podSpec.withTolerations(spec.placement.tolerations);
      }
    }
    if (pod.edgeLocation() != null) {
      podSpec
          .withNewAffinity()
          .withNewNodeAffinity()
          .withNewRequiredDuringSchedulingIgnoredDuringExecution()
          .addNewNodeSelectorTerm()
          .withMatchExpressions(
              new NodeSelectorRequirementBuilder()
                  .withKey(Crds.EDGE_LOCATION_LABEL)
                  .withOperator("In")
                  .withValues(pod.edgeLocation())
                  .build())
          .endNodeSelectorTerm()
          .endRequiredDuringSchedulingIgnoredDuringExecution()
          .endNodeAffinity()
          .endAffinity();
    }
    PodSpec built = podSpec.build();
    // The selector's labels, and the name the operator's own NetworkPolicy lets it reach (its
    // health scrape of connector pods on 8080).
    Map<String, String> labels = new java.util.LinkedHashMap<>(selector);
    labels.put(Crds.NAME, "millwright");
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(labels)
        .withAnnotations(pod.annotations().isEmpty() ? null : pod.annotations())
        .endMetadata()
        .withSpec(built)
        .build();
  }

  static String image(SitePlan plan) {
    return plan.spec().image != null ? plan.spec().image : SiteResources.defaultImage();
  }

  static EnvVar env(String name, String value) {
    return new EnvVar(name, value, null);
  }

  static VolumeMount mount(String volume, String path, boolean readOnly) {
    VolumeMount m = new VolumeMount();
    m.setName(volume);
    m.setMountPath(path);
    if (readOnly) {
      m.setReadOnly(true);
    }
    return m;
  }

  /**
   * @param keysToPaths in a stable order: the items are a list, and a new order would roll pods
   */
  static Volume secretVolume(String name, String secret, Map<String, String> keysToPaths) {
    VolumeBuilder b = new VolumeBuilder().withName(name);
    var s = b.withNewSecret().withSecretName(secret).withDefaultMode(0440);
    keysToPaths.forEach((key, path) -> s.addNewItem().withKey(key).withPath(path).endItem());
    return s.endSecret().build();
  }

  /**
   * Requests and limits: the Site's for this component, else figures measured on the demo plant
   * (docs/kubernetes.md, sizing: RSS of a one-machine connector 169 MiB, a broker 223 MiB, the
   * whole demo in one process 363 MB); requests just above the measured RSS. Memory limit above
   * request: the JVM's heap is bounded to 60 % of the limit, the rest is native memory (DuckDB,
   * Netty).
   */
  static ResourceRequirements resources(SitePlan plan, String component) {
    Map<String, ResourceRequirements> given = plan.spec().resources;
    if (given != null && given.containsKey(component)) {
      return given.get(component);
    }
    String[] d =
        switch (component) {
          case "connector" -> new String[] {"50m", "192Mi", "320Mi"};
          case "broker" -> new String[] {"100m", "256Mi", "384Mi"};
          case "historian" -> new String[] {"200m", "256Mi", "512Mi"};
          // Not measured alone yet: the broker's size class (a JVM with an H2 archive, no DuckDB),
          // with a lighter CPU request since it only follows the namespace.
          case "oee" -> new String[] {"100m", "256Mi", "384Mi"};
          // Not measured alone yet either: the same class as the oee role (a JVM with an H2
          // journal following the namespace); anomaly models (ONNX) need resources.alarms raised.
          case "alarms" -> new String[] {"100m", "256Mi", "384Mi"};
          // Not measured alone yet: the same class again (a JVM with an H2 journal, a few HTTP or
          // JDBC calls to the ERP a minute).
          case "jobs" -> new String[] {"100m", "256Mi", "384Mi"};
          default -> new String[] {"250m", "384Mi", "768Mi"};
        };
    return new ResourceRequirementsBuilder()
        .addToRequests("cpu", new Quantity(d[0]))
        .addToRequests("memory", new Quantity(d[1]))
        .addToLimits("memory", new Quantity(d[2]))
        .build();
  }

  private static Probe probe(String path, int period, int failures) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString("http"))
        .endHttpGet()
        .withPeriodSeconds(period)
        .withFailureThreshold(failures)
        .withTimeoutSeconds(2)
        .build();
  }
}
