package io.millwright.app.role;

import io.millwright.app.alarms.AlarmsRole;
import io.millwright.app.broker.BrokerRole;
import io.millwright.app.cloud.CloudRole;
import io.millwright.app.cloud.DemoSites;
import io.millwright.app.cloud.PublisherRole;
import io.millwright.app.config.MillwrightConfig;
import io.millwright.app.historian.HistorianRole;
import io.millwright.app.jobs.JobsRole;
import io.millwright.app.machines.ConnectorsRole;
import io.millwright.app.module.ModuleDescriptor;
import io.millwright.app.module.ModuleGraph;
import io.millwright.app.namespace.MirrorModule;
import io.millwright.app.namespace.NamespaceModule;
import io.millwright.app.oee.OeeRole;
import io.millwright.app.operator.OperatorRole;
import io.millwright.app.security.AdminCredentialModule;
import io.millwright.app.simulator.SimulatorRole;
import io.millwright.app.web.SignInModule;
import io.millwright.app.web.WebRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The closed set of modules in this binary and what each needs: the one place to add a role
 * (ARCHITECTURE.md section 2). Roles appear here as they are built; {@code all} expands to the edge
 * roles among them.
 */
public final class RoleCatalog {

  /** The role the {@code simulate} command runs and {@code demo} adds. */
  public static final String SIMULATOR = "simulator";

  public static final String BROKER = "broker";

  public static final String NAMESPACE = "namespace";

  public static final String MIRROR = "mirror";

  public static final String CONNECTORS = "connectors";

  public static final String HISTORIAN = "historian";

  public static final String OEE = "oee";

  /** Alarm definitions, the ISA-18.2 lifecycle, the journal and notifications. */
  public static final String ALARMS = "alarms";

  /** Production jobs, dispatch to machines and the ERP kept in step. */
  public static final String JOBS = "jobs";

  /** Edge to cloud through the durable outbound buffer; in {@code all} when configured. */
  public static final String PUBLISHER = "publisher";

  /**
   * Receives many sites' batches, keeps the fleet view: not an edge role, so not in {@code all}.
   */
  public static final String CLOUD = "cloud";

  /** {@code demo --sites N}: the demo's other sites as child processes feeding this cloud. */
  public static final String DEMO_SITES = "demo-sites";

  /** The web app's plant view: the overview, andon and live values from the namespace. */
  public static final String WEB = "web";

  /** The Kubernetes operator: not an edge role, so not in {@code all}. */
  public static final String OPERATOR = "operator";

  private RoleCatalog() {}

  /**
   * The modules for this configuration: with an external broker ({@code mqtt.url}) there is no
   * {@code broker} role, and the namespace connection goes to that broker instead.
   */
  public static ModuleGraph graph(MillwrightConfig config) {
    List<ModuleDescriptor> modules = new ArrayList<>();
    List<String> all = new ArrayList<>();
    modules.add(
        ModuleDescriptor.internal(
            "data",
            "the data directory, locked for this process",
            Set.of(),
            DataDirectoryModule::new));
    modules.add(
        ModuleDescriptor.internal(
            "security",
            "the admin credential behind the API, UI and MQTT",
            Set.of("data"),
            AdminCredentialModule::new));
    modules.add(
        ModuleDescriptor.internal(
            "users",
            "users, API tokens and sign-in sessions of the pages and the API",
            Set.of("data"),
            SignInModule::new));
    boolean embedded = !config.mqtt().external();
    if (embedded) {
      modules.add(
          ModuleDescriptor.role(
              BROKER, "the embedded MQTT broker", Set.of("data", "security"), BrokerRole::new));
      all.add(BROKER);
    }
    // The simulated factory only serves machines over OPC UA and Modbus; it is not in the
    // namespace.
    // The simulator and the operator take no part in the namespace: alone, they need no broker.
    boolean outsideNamespace = Set.of(SIMULATOR, OPERATOR).containsAll(config.roles());
    modules.add(
        ModuleDescriptor.role(
            SIMULATOR,
            "the simulated factory: machines behind real OPC UA and Modbus TCP servers",
            Set.of("data"),
            SimulatorRole::new));
    // Every process takes part in the namespace; without mqtt.url it embeds the broker it talks to.
    modules.add(
        ModuleDescriptor.internal(
            NAMESPACE,
            "this process's MQTT connection to the namespace, checked by a round trip",
            embedded ? Set.of(BROKER) : Set.of(),
            NamespaceModule::new));
    // With the simulator in the same process and no machines configured (the demo), the
    // connectors and the mirror take the simulated machines, once the simulator has bound its
    // ports.
    boolean simulated = config.roles().contains(SIMULATOR) && config.machines().isEmpty();
    // The site's primary hosts: the connectors' edge node waits for their STATE and buffers while
    // one is offline. By default the historian and the publisher that run in this process; in a
    // split deployment connectors.primaryHost names them.
    boolean everyEdgeRole = config.roles().contains(ModuleGraph.ALL);
    boolean publisherHere =
        config.publisher().isPresent() && (everyEdgeRole || config.roles().contains(PUBLISHER));
    List<String> here = new ArrayList<>();
    if (everyEdgeRole || config.roles().contains(HISTORIAN)) {
      here.add(HistorianRole.HOST_ID);
    }
    if (publisherHere) {
      here.add(PublisherRole.HOST_ID);
    }
    List<String> primaryHosts =
        config
            .connectorPrimaryHost()
            .map(hosts -> hosts.equals("none") ? List.<String>of() : List.of(hosts.split(",")))
            .orElse(here);
    modules.add(
        ModuleDescriptor.role(
            CONNECTORS,
            "a connector per machine, published as Sparkplug devices",
            simulated ? Set.of("data", NAMESPACE, SIMULATOR) : Set.of("data", NAMESPACE),
            () -> new ConnectorsRole(simulated, primaryHosts)));
    all.add(CONNECTORS);
    modules.add(
        ModuleDescriptor.role(
            HISTORIAN,
            "the site's Sparkplug primary host: stores every sample, answers history queries",
            simulated ? Set.of("data", NAMESPACE, SIMULATOR) : Set.of("data", NAMESPACE),
            () -> new HistorianRole(simulated)));
    all.add(HISTORIAN);
    modules.add(
        ModuleDescriptor.role(
            OEE,
            "machine states, downtime with reasons, shifts and OEE",
            simulated ? Set.of("data", NAMESPACE, SIMULATOR) : Set.of("data", NAMESPACE),
            () -> new OeeRole(simulated, primaryHosts)));
    all.add(OEE);
    modules.add(
        ModuleDescriptor.role(
            ALARMS,
            "alarms with the ISA-18.2 lifecycle, their journal, notifications and anomaly detectors",
            simulated ? Set.of("data", NAMESPACE, SIMULATOR) : Set.of("data", NAMESPACE),
            () -> new AlarmsRole(simulated)));
    all.add(ALARMS);
    modules.add(
        ModuleDescriptor.role(
            JOBS,
            "production jobs: queues per machine, dispatch through the namespace, ERP sync",
            simulated ? Set.of("data", NAMESPACE, SIMULATOR) : Set.of("data", NAMESPACE),
            () -> new JobsRole(simulated)));
    all.add(JOBS);
    modules.add(
        ModuleDescriptor.role(
            PUBLISHER,
            "edge to cloud: samples and events through a durable buffer to the cloud",
            simulated ? Set.of("data", NAMESPACE, SIMULATOR) : Set.of("data", NAMESPACE),
            () -> new PublisherRole(simulated)));
    if (config.publisher().isPresent()) {
      all.add(PUBLISHER);
    }
    modules.add(
        ModuleDescriptor.role(
            WEB,
            "the web app's view of the plant: machine tiles and live values from the namespace",
            simulated ? Set.of("data", NAMESPACE, SIMULATOR) : Set.of("data", NAMESPACE),
            () -> new WebRole(simulated)));
    all.add(WEB);
    modules.add(
        ModuleDescriptor.role(
            CLOUD,
            "the cloud side: many sites' batches stored once, and the fleet view",
            Set.of("data", "security"),
            CloudRole::new));
    modules.add(
        ModuleDescriptor.role(
            DEMO_SITES,
            "the demo's other simulated sites, each in its own process, feeding this cloud",
            Set.of("data", CLOUD),
            DemoSites::new));
    modules.add(
        ModuleDescriptor.role(
            OPERATOR,
            "the Kubernetes operator: Site and Machine resources become workloads",
            Set.of(),
            OperatorRole::new));
    List<String> alwaysOn =
        new ArrayList<>(
            outsideNamespace
                ? List.of("security", "users")
                : List.of("security", "users", NAMESPACE));
    if (config.mqtt().mirror() && !outsideNamespace) {
      modules.add(
          ModuleDescriptor.internal(
              MIRROR,
              "the JSON mirror of the namespace (mqtt.mirror)",
              simulated ? Set.of(NAMESPACE, SIMULATOR) : Set.of(NAMESPACE),
              () -> new MirrorModule(simulated)));
      alwaysOn.add(MIRROR);
    }
    return new ModuleGraph(modules, all, alwaysOn);
  }
}
