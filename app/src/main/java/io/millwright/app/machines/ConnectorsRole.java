package io.millwright.app.machines;

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
    try {
      List<MachineDefinition> machines =
          simulated ? context.require(SimulatorRole.MACHINES).definitions() : config.machines();
      host = new ConnectorHost(session, machines, Connectors.catalog(data.resolve(PKI)));
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
    host.start();
    context.provide(HOST, host);
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
