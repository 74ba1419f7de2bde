package io.millwright.operator.site;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.millwright.operator.Crds;
import io.millwright.operator.machine.Machine;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every object a site needs, as a pure function of its {@link SitePlan}: the operator applies this
 * list and deletes what it made earlier and is no longer in it; {@code millwright operator render}
 * prints it. Order: what pods refer to comes before the pods.
 *
 * <p>Central roles: in {@code single} mode one StatefulSet runs them all; in {@code split} and
 * {@code distributed} each role is its own workload, a StatefulSet with a volume where it keeps
 * state, else a Deployment. Connectors: one Deployment per {@link ConnectorShard}.
 */
public final class SiteResources {

  /** The image the operator runs from, used when the Site names none. */
  static final String IMAGE_ENV = "MILLWRIGHT_IMAGE";

  static final String DEFAULT_IMAGE = "millwright:0.1.0";

  static final String BROKER_STORAGE = "1Gi";

  static final ObjectMapper YAML =
      JsonMapper.builder(
              new YAMLFactory()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  private SiteResources() {}

  static String defaultImage() {
    String fromEnv = System.getenv(IMAGE_ENV);
    return fromEnv == null || fromEnv.isBlank() ? DEFAULT_IMAGE : fromEnv;
  }

  /** The desired objects; empty for a site with a problem (nothing is changed then). */
  public static List<HasMetadata> desired(SitePlan plan) {
    if (!plan.valid()) {
      return List.of();
    }
    List<HasMetadata> out = new ArrayList<>();
    out.add(
        new ServiceAccountBuilder()
            .withMetadata(meta(plan, plan.name(), "site"))
            .withAutomountServiceAccountToken(false)
            .build());
    out.addAll(NetworkPolicies.desired(plan));
    // The central roles that read machines (historian, oee) get all of them in one file: the
    // historian files each sample under its machine's area and line and skips machines it does
    // not know.
    String machinesYaml = machinesFile(plan.shards().stream().flatMap(s -> s.machines().stream()));
    out.add(
        new ConfigMapBuilder()
            .withMetadata(meta(plan, machinesConfigMap(plan), "site"))
            .addToData(MACHINES_FILE, machinesYaml)
            .build());
    // A file for each pod's sections; the connectors' (none) whether or not there are any yet, so
    // the ConfigMap does not change with the first machine.
    List<ConfigFiles.Sections> sections = new ArrayList<>();
    centralRoles(plan).forEach(roles -> sections.add(ConfigFiles.Sections.of(roles)));
    sections.add(ConfigFiles.Sections.NONE);
    ConfigMap config = ConfigFiles.configMap(plan, sections);
    if (config != null) {
      out.add(config);
    }
    switch (plan.mode()) {
      case SINGLE ->
          central(plan, out, "site", singleRoles(plan), plan.embeddedHistorian(), machinesYaml);
      case SPLIT, DISTRIBUTED -> {
        if (plan.embeddedBroker()) {
          central(plan, out, "broker", List.of("broker"), true, machinesYaml);
        }
        central(
            plan, out, "historian", List.of("historian"), plan.embeddedHistorian(), machinesYaml);
        // The oee role keeps its archive (H2) on a volume in every mode, distributed too: its
        // shift records are not in the historian's store. So does the alarms role its journal.
        central(plan, out, "oee", List.of("oee"), true, machinesYaml);
        central(plan, out, "alarms", List.of("alarms"), true, machinesYaml);
        // The jobs role's journal is one H2 file with one writer: one replica, on a volume.
        central(plan, out, "jobs", List.of("jobs"), true, machinesYaml);
      }
    }
    if (!plan.shards().isEmpty()) {
      out.add(connectorBudget(plan));
    }
    for (ConnectorShard shard : plan.shards()) {
      connectors(plan, shard, out);
    }
    return out;
  }

  /**
   * The central roles. In single mode the site pod also runs the web role (the pages and the plant
   * view); split and distributed modes do not render a web workload yet.
   */
  private static List<String> roles(SitePlan plan) {
    return plan.embeddedBroker()
        ? List.of("broker", "historian", "oee", "alarms", "jobs")
        : List.of("historian", "oee", "alarms", "jobs");
  }

  private static List<String> singleRoles(SitePlan plan) {
    List<String> all = new java.util.ArrayList<>(roles(plan));
    all.add("web");
    return List.copyOf(all);
  }

  /** The roles of each central pod {@link #desired} makes in the plan's mode. */
  private static List<List<String>> centralRoles(SitePlan plan) {
    return switch (plan.mode()) {
      case SINGLE -> List.of(singleRoles(plan));
      case SPLIT, DISTRIBUTED -> roles(plan).stream().map(List::of).toList();
    };
  }

  private static final String CONFIG_DIR = ConfigFiles.CONFIG_DIR;
  private static final String MACHINES_FILE = ConfigFiles.MACHINES_FILE;

  static String machinesConfigMap(SitePlan plan) {
    return plan.name() + "-machines";
  }

  /** A central role's Service and workload. */
  private static void central(
      SitePlan plan,
      List<HasMetadata> out,
      String component,
      List<String> roles,
      boolean state,
      String machinesYaml) {
    String name = plan.mode() == SitePlan.Mode.SINGLE ? plan.name() : plan.name() + "-" + component;
    Map<String, String> selector = selector(plan, component);
    boolean broker = roles.contains("broker");
    ServiceBuilder service =
        new ServiceBuilder()
            .withMetadata(meta(plan, name, component))
            .withNewSpec()
            .withSelector(selector)
            .addToPorts(port("http", PodTemplates.HTTP_PORT))
            .endSpec();
    if (broker) {
      service
          .editSpec()
          .addToPorts(port("mqtt", PodTemplates.MQTT_PORT))
          .addToPorts(port("mqtts", PodTemplates.MQTTS_PORT))
          .endSpec();
    }
    Service svc = service.build();
    out.add(svc);

    List<EnvVar> env = new ArrayList<>();
    env.add(PodTemplates.env("MILLWRIGHT_ROLES", String.join(",", roles)));
    List<Volume> volumes = new ArrayList<>();
    List<VolumeMount> mounts = new ArrayList<>();
    if (!broker) {
      brokerClient(plan, env, volumes, mounts);
    }
    if (roles.contains("historian")) {
      // One process per site runs the JSON mirror of the namespace: the historian's.
      env.add(PodTemplates.env("MILLWRIGHT_MQTT_MIRROR", "true"));
      historian(plan, env, volumes, mounts);
    }
    if (roles.contains("oee") && !roles.contains("historian")) {
      // Its edge node waits for the site's primary host, as the connectors' do.
      env.add(PodTemplates.env("MILLWRIGHT_CONNECTORS_PRIMARYHOST", "historian"));
    }
    // The variables the role's section refers to as ${NAME}, only to the pods that run it.
    if (roles.contains("alarms") && plan.spec().alarms != null) {
      SecretEnvs.addTo(plan.spec().alarms.secretEnv, env);
    }
    if (roles.contains("jobs") && plan.spec().jobs != null) {
      SecretEnvs.addTo(plan.spec().jobs.secretEnv, env);
    }
    ConfigFiles.Sections sections = ConfigFiles.Sections.of(roles);
    // The jobs role plans jobs on the machines' definitions.
    boolean readsMachines =
        roles.contains("historian")
            || roles.contains("oee")
            || roles.contains("alarms")
            || roles.contains("jobs");
    Map<String, String> annotations = Map.of();
    if (readsMachines) {
      env.add(PodTemplates.env("MILLWRIGHT_MACHINES", CONFIG_DIR + "/" + MACHINES_FILE));
      volumes.add(ConfigFiles.machinesVolume(plan, machinesConfigMap(plan), sections));
      mounts.add(PodTemplates.mount("machines", CONFIG_DIR, true));
      // The files are read at start only: their hash rolls the pod when a machine or the Site's
      // oee section or the section of a role it runs changes.
      annotations =
          Map.of(
              Crds.CONFIG_HASH,
              SitePlan.hash(
                      machinesYaml
                          + "\n---\n"
                          + Objects.toString(ConfigFiles.text(plan, sections), ""))
                  .substring(0, 16));
    }
    PodTemplates.Pod pod =
        new PodTemplates.Pod(
            component,
            broker,
            env,
            volumes,
            mounts,
            state,
            20,
            null,
            PodTemplates.resources(plan, component),
            annotations,
            readsMachines ? ConfigFiles.path(plan, sections) : null);
    var template = PodTemplates.template(plan, pod, selector);
    if (state) {
      StatefulSetBuilder sts =
          new StatefulSetBuilder()
              .withMetadata(meta(plan, name, component))
              .withNewSpec()
              .withServiceName(name)
              .withReplicas(1)
              .withNewSelector()
              .withMatchLabels(selector)
              .endSelector()
              .withTemplate(template)
              .addToVolumeClaimTemplates(
                  new PersistentVolumeClaimBuilder()
                      .withNewMetadata()
                      .withName("data")
                      .endMetadata()
                      .withNewSpec()
                      .withAccessModes("ReadWriteOnce")
                      .withStorageClassName(
                          plan.spec().historian != null ? plan.spec().historian.storageClass : null)
                      .withNewResources()
                      // The broker keeps only sessions and retained messages, the oee role
                      // states and shift records; the historian's samples are what the Site's
                      // storage size is for.
                      .addToRequests("storage", new Quantity(storage(plan, component)))
                      .endResources()
                      .endSpec()
                      .build())
              .endSpec();
      out.add(sts.build());
    } else {
      out.add(oneAtATime(meta(plan, name, component), selector, template));
    }
  }

  private static String storage(SitePlan plan, String component) {
    return switch (component) {
      case "broker" -> BROKER_STORAGE;
      case "oee" -> SitePlan.OEE_STORAGE;
      case "alarms" -> SitePlan.ALARMS_STORAGE;
      case "jobs" -> SitePlan.JOBS_STORAGE;
      default -> plan.storage();
    };
  }

  /** A role that is not the broker connects to it: the site's own broker or the external one. */
  private static void brokerClient(
      SitePlan plan, List<EnvVar> env, List<Volume> volumes, List<VolumeMount> mounts) {
    env.add(PodTemplates.env("MILLWRIGHT_MQTT_URL", plan.brokerUrl()));
    if (plan.embeddedBroker()) {
      env.add(PodTemplates.env("MILLWRIGHT_MQTT_USERNAME", "admin"));
      env.add(
          PodTemplates.env(
              "MILLWRIGHT_MQTT_PASSWORD_FILE", PodTemplates.SECRETS_DIR + "/admin/password"));
    } else {
      volumes.add(
          PodTemplates.secretVolume(
              "mqtt",
              plan.spec().broker.credentialsSecret,
              new java.util.TreeMap<>(Map.of("username", "username", "password", "password"))));
      mounts.add(PodTemplates.mount("mqtt", PodTemplates.SECRETS_DIR + "/mqtt", true));
      // The user name is not secret, but it lives beside the password in the Secret.
      env.add(
          new io.fabric8.kubernetes.api.model.EnvVarBuilder()
              .withName("MILLWRIGHT_MQTT_USERNAME")
              .withNewValueFrom()
              .withNewSecretKeyRef("username", plan.spec().broker.credentialsSecret, false)
              .endValueFrom()
              .build());
      env.add(
          PodTemplates.env(
              "MILLWRIGHT_MQTT_PASSWORD_FILE", PodTemplates.SECRETS_DIR + "/mqtt/password"));
    }
  }

  private static void historian(
      SitePlan plan, List<EnvVar> env, List<Volume> volumes, List<VolumeMount> mounts) {
    SiteSpec.Historian h = plan.spec().historian;
    if (h != null && h.retention != null && !h.retention.isEmpty()) {
      env.add(PodTemplates.env("MILLWRIGHT_HISTORIAN_RETENTION", String.join(",", h.retention)));
    }
    if (h != null && h.rollups != null) {
      env.add(PodTemplates.env("MILLWRIGHT_HISTORIAN_ROLLUPS", h.rollups));
    }
    if (plan.embeddedHistorian()) {
      return;
    }
    env.add(PodTemplates.env("MILLWRIGHT_HISTORIAN_STORE", "postgresql"));
    env.add(PodTemplates.env("MILLWRIGHT_HISTORIAN_POSTGRESQL_URL", h.url));
    env.add(PodTemplates.env("MILLWRIGHT_HISTORIAN_POSTGRESQL_USER", h.user));
    volumes.add(
        PodTemplates.secretVolume(
            "postgresql",
            h.passwordSecret.getName(),
            Map.of(h.passwordSecret.getKey(), "password")));
    mounts.add(PodTemplates.mount("postgresql", PodTemplates.SECRETS_DIR + "/postgresql", true));
    env.add(
        PodTemplates.env(
            "MILLWRIGHT_HISTORIAN_POSTGRESQL_PASSWORD_FILE",
            PodTemplates.SECRETS_DIR + "/postgresql/password"));
  }

  /** A shard's machines file, its Deployment, rolled only when the file or the template change. */
  private static void connectors(SitePlan plan, ConnectorShard shard, List<HasMetadata> out) {
    String machinesYaml = machinesFile(shard.machines().stream());
    ConfigMap config =
        new ConfigMapBuilder()
            .withMetadata(meta(plan, shard.name(), "connector"))
            .addToData(MACHINES_FILE, machinesYaml)
            .build();
    config.getMetadata().getLabels().put(Crds.CONNECTOR, shard.name());
    out.add(config);

    Map<String, String> selector = selector(plan, "connector");
    selector.put(Crds.CONNECTOR, shard.name());
    List<EnvVar> env = new ArrayList<>();
    env.add(PodTemplates.env("MILLWRIGHT_ROLES", "connectors"));
    env.add(PodTemplates.env("MILLWRIGHT_MACHINES", CONFIG_DIR + "/" + MACHINES_FILE));
    env.add(PodTemplates.env("MILLWRIGHT_CONNECTORS_NODE", shard.node()));
    // The historian is the site's primary host: connectors buffer on disk while it is away.
    env.add(PodTemplates.env("MILLWRIGHT_CONNECTORS_PRIMARYHOST", "historian"));
    List<Volume> volumes = new ArrayList<>();
    List<VolumeMount> mounts = new ArrayList<>();
    brokerClient(plan, env, volumes, mounts);
    volumes.add(ConfigFiles.machinesVolume(plan, shard.name(), ConfigFiles.Sections.NONE));
    mounts.add(PodTemplates.mount("machines", CONFIG_DIR, true));
    PodTemplates.Pod pod =
        new PodTemplates.Pod(
            "connector",
            false,
            env,
            volumes,
            mounts,
            false,
            8,
            shard.edgeLocation(),
            PodTemplates.resources(plan, "connector"),
            // The file's hash: a changed machine rolls its pod, nothing else does. Not the Site's
            // configuration file: a connector uses none of it (it only checks, at start, the
            // reason tables its machines name, which the operator has checked before).
            Map.of(Crds.CONFIG_HASH, SitePlan.hash(machinesYaml).substring(0, 16)),
            ConfigFiles.path(plan, ConfigFiles.Sections.NONE));
    out.add(
        oneAtATime(
            withConnector(meta(plan, shard.name(), "connector"), shard.name()),
            selector,
            PodTemplates.template(plan, pod, podLabels(selector, shard))));
  }

  /**
   * One pod, and on a change the old pod is gone before the new one starts: a machine accepts one
   * connector, and a historian store one writer.
   */
  private static Deployment oneAtATime(
      ObjectMeta meta, Map<String, String> selector, PodTemplateSpec template) {
    return new DeploymentBuilder()
        .withMetadata(meta)
        .withNewSpec()
        .withReplicas(1)
        .withNewStrategy()
        .withType("Recreate")
        .endStrategy()
        .withNewSelector()
        .withMatchLabels(selector)
        .endSelector()
        .withTemplate(template)
        .endSpec()
        .build();
  }

  /** The label prefix that names, on a connector pod, each machine it runs (for its status). */
  public static final String MACHINE_LABEL_PREFIX = "machine." + Crds.GROUP + "/";

  private static Map<String, String> podLabels(Map<String, String> selector, ConnectorShard shard) {
    Map<String, String> labels = new LinkedHashMap<>(selector);
    for (var d : shard.definitions()) {
      labels.put(MACHINE_LABEL_PREFIX + d.id(), "connector");
    }
    return labels;
  }

  /**
   * Node drains evict the site's connectors one at a time, so at most one pod's machines are dark
   * at once. The central roles run one replica each, where a budget would either block drains for
   * good or allow everything, so they get none.
   */
  private static HasMetadata connectorBudget(SitePlan plan) {
    return new PodDisruptionBudgetBuilder()
        .withMetadata(meta(plan, plan.name() + "-connectors", "connector"))
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        .withNewSelector()
        .withMatchLabels(selector(plan, "connector"))
        .endSelector()
        .endSpec()
        .build();
  }

  /**
   * The contract's machines file, with the id filled in and the placement field left out, in
   * machine-id order.
   */
  static String machinesFile(java.util.stream.Stream<Machine> of) {
    List<ObjectNode> machines = new ArrayList<>();
    for (Machine m : of.sorted(java.util.Comparator.comparing(Machine::machineId)).toList()) {
      ObjectNode node = YAML.valueToTree(m.getSpec());
      node.put("id", m.machineId());
      node.remove("edgeLocation");
      machines.add(node);
    }
    try {
      return YAML.writeValueAsString(Map.of("machines", machines));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectMeta meta(SitePlan plan, String name, String component) {
    ObjectMetaBuilder meta =
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(plan.namespace())
            .withLabels(plan.labels(component));
    if (plan.site().getMetadata().getUid() == null) {
      // Rendered without a cluster: the Site has no uid yet to own anything.
      return meta.build();
    }
    return meta.withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion(Crds.API_VERSION)
                .withKind("Site")
                .withName(plan.name())
                .withUid(plan.site().getMetadata().getUid())
                .withController(true)
                .build())
        .build();
  }

  private static ObjectMeta withConnector(ObjectMeta meta, String shard) {
    meta.getLabels().put(Crds.CONNECTOR, shard);
    return meta;
  }

  static Map<String, String> selector(SitePlan plan, String component) {
    Map<String, String> selector = new LinkedHashMap<>();
    selector.put(Crds.SITE, plan.name());
    selector.put(Crds.COMPONENT, component);
    return selector;
  }

  private static io.fabric8.kubernetes.api.model.ServicePort port(String name, int port) {
    return new ServicePortBuilder()
        .withName(name)
        .withPort(port)
        .withTargetPort(new IntOrString(port))
        .build();
  }
}
