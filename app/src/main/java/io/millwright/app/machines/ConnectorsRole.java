package io.millwright.app.machines;

import io.millwright.app.config.ManagedMachines;
import io.millwright.app.config.MillwrightConfig;
import io.millwright.app.module.Health;
import io.millwright.app.module.Key;
import io.millwright.app.module.Module;
import io.millwright.app.module.ModuleContext;
import io.millwright.app.namespace.NamespaceModule;
import io.millwright.app.role.DataDirectoryModule;
import io.millwright.app.role.RoleCatalog;
import io.millwright.app.simulator.SimulatorRole;
import io.millwright.connect.ConnectorStats;
import io.millwright.connect.LinkStatus;
import io.millwright.connect.host.ConnectorHost;
import io.millwright.connect.host.MachineStatus;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.uns.sparkplug.edge.EdgeNodeConfig;
import io.millwright.uns.sparkplug.edge.EdgeNodeSession;
import io.millwright.uns.sparkplug.edge.EdgeNodeStats;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code connectors} role: a connector per configured machine, published as devices of one
 * Sparkplug edge node ({@code connectors.node}). Machines that are unreachable do not stop the role
 * or make it unready: their tags go Bad in the namespace and their connectors keep retrying, which
 * is what an operator wants to see rather than a restarting pod.
 */
public final class ConnectorsRole implements Module {

  public static final Key<ConnectorHost> HOST = Key.of("connector host", ConnectorHost.class);

  /** The machines added, edited and deleted through the API, on top of the configured ones. */
  public static final Key<ManagedMachines> MANAGED =
      Key.of("machines managed through the API", ManagedMachines.class);

  /** The configured (or simulated) machines, before the API's changes. */
  public static final Key<ConfiguredMachines> CONFIGURED =
      Key.of("configured machines", ConfiguredMachines.class);

  /** The machines the configuration file (or the simulated plant) defines. */
  public record ConfiguredMachines(List<MachineDefinition> definitions) {
    public ConfiguredMachines {
      definitions = List.copyOf(definitions);
    }

    public boolean defines(String id) {
      return definitions.stream().anyMatch(m -> m.id().equals(id));
    }
  }

  /** Below the role's data directory: the OPC UA client certificate and trust lists. */
  public static final String PKI = "pki";

  private final boolean simulated;
  private final List<String> primaryHosts;
  private ConnectorHost host;

  /**
   * @param simulated connect the simulated factory's machines (the demo) instead of the configured
   *     ones
   * @param primaryHosts the Sparkplug hosts the edge node waits for, buffering while one is offline
   *     (the historian)
   */
  public ConnectorsRole(boolean simulated, List<String> primaryHosts) {
    this.simulated = simulated;
    this.primaryHosts = List.copyOf(primaryHosts);
  }

  @Override
  public void start(ModuleContext context) throws Exception {
    MillwrightConfig config = context.config();
    Path data = context.require(DataDirectoryModule.KEY).forRole(RoleCatalog.CONNECTORS);
    EdgeNodeSession session =
        new EdgeNodeSession(
            context.require(NamespaceModule.ENDPOINT),
            primaryHost(
                EdgeNodeConfig.of(
                    config.site(), config.connectorNode(), data.resolve("edge-node"))));
    ManagedMachines managed;
    List<MachineDefinition> configured;
    try {
      configured =
          simulated ? context.require(SimulatorRole.MACHINES).definitions() : config.machines();
      managed =
          ManagedMachines.load(
              data.resolve(ManagedMachines.FILE_NAME), Connectors.definitionCheck());
      host = new ConnectorHost(session, managed.effective(configured), Connectors.catalog(data));
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
    host.start();
    context.provide(HOST, host);
    context.provide(MANAGED, managed);
    context.provide(CONFIGURED, new ConfiguredMachines(configured));
  }

  /**
   * The machines as the connectors role connects them at its start: the configured (or simulated)
   * ones with the API's additions, changes and deletions of {@code <data>/connectors/machines.yaml}
   * on top. For the roles that place each machine by its area and line once, at their start (the
   * historian, the JSON mirror): a machine added through the API reaches them after a restart.
   */
  public static List<MachineDefinition> atStart(
      ModuleContext context, List<MachineDefinition> configured) {
    Path file =
        context
            .config()
            .dataDirectory()
            .resolve(RoleCatalog.CONNECTORS)
            .resolve(ManagedMachines.FILE_NAME);
    return ManagedMachines.load(file, Connectors.definitionCheck()).effective(configured);
  }

  private EdgeNodeConfig primaryHost(EdgeNodeConfig edge) {
    return edge.withPrimaryHosts(primaryHosts);
  }

  @Override
  public void stop() {
    if (host != null) {
      host.close();
    }
  }

  @Override
  public Health health() {
    return Health.UP;
  }

  @Override
  public Map<String, Double> figures() {
    List<MachineStatus> machines = host.machines();
    long connected = 0;
    long samples = 0;
    long readErrors = 0;
    long writeErrors = 0;
    long reconnects = 0;
    for (MachineStatus machine : machines) {
      ConnectorStats stats = machine.stats();
      connected += stats.status() == LinkStatus.CONNECTED ? 1 : 0;
      samples += stats.samples();
      readErrors += stats.readErrors();
      writeErrors += stats.writeErrors();
      reconnects += stats.reconnects();
    }
    EdgeNodeStats edge = host.session().stats();
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("machines", (double) machines.size());
    out.put("machines_connected", (double) connected);
    out.put("samples_read_total", (double) samples);
    out.put("read_errors_total", (double) readErrors);
    out.put("write_errors_total", (double) writeErrors);
    out.put("reconnects_total", (double) reconnects);
    out.put("samples_published_total", (double) edge.samplesSent());
    out.put("samples_suppressed_total", (double) edge.suppressed());
    out.put("samples_buffered_now", (double) edge.bufferedNow());
    out.put("messages_sent_total", (double) edge.messagesSent());
    out.put("commands_total", (double) edge.commands());
    out.put("commands_rejected_total", (double) edge.commandsRejected());
    return out;
  }
}
