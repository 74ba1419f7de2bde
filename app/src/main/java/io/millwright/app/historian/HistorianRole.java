package io.millwright.app.historian;

import io.millwright.app.config.MillwrightConfig;
import io.millwright.app.module.Health;
import io.millwright.app.module.Key;
import io.millwright.app.module.Module;
import io.millwright.app.module.ModuleContext;
import io.millwright.app.namespace.NamespaceModule;
import io.millwright.app.role.DataDirectoryModule;
import io.millwright.app.role.RoleCatalog;
import io.millwright.app.simulator.SimulatorRole;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.historian.duckdb.DuckDbSettings;
import io.millwright.historian.duckdb.DuckDbStore;
import io.millwright.historian.ingest.HistorianIngest;
import io.millwright.historian.store.SampleStore;
import io.millwright.uns.mirror.MachinePlacement;
import io.millwright.uns.mqtt.MqttEndpoint;
import io.millwright.uns.sparkplug.host.HostApplicationSession;
import io.millwright.uns.sparkplug.host.HostConfig;
import io.millwright.uns.sparkplug.host.HostState;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code historian} role: the site's Sparkplug primary host application, storing every sample
 * of the namespace in the embedded store. While its store cannot write, its STATE goes offline so
 * that the edge nodes buffer; when it writes again they backfill.
 */
public final class HistorianRole implements Module {

  /** The Sparkplug host id: edge nodes of the site wait for this host's STATE. */
  public static final String HOST_ID = "historian";

  public static final Key<SampleStore> STORE = Key.of("sample store", SampleStore.class);

  /**
   * DuckDB's buffer pool and threads on an edge box: the whole demo must stay under 384 MB, and
   * batches of a few thousand samples need neither more memory nor parallel workers.
   */
  static final DuckDbSettings EDGE_BOX = new DuckDbSettings("32MB", 1);

  /** Samples between the namespace and the store before delivery pushes back on MQTT. */
  static final int QUEUE = 200_000;

  private final boolean simulated;
  private SampleStore store;
  private HistorianIngest ingest;
  private MqttEndpoint endpoint;
  private String site;
  // Guarded by this: replaced when the store goes down and comes back.
  private HostApplicationSession host;

  /**
   * @param simulated take the machine placements from the simulated factory (the demo)
   */
  public HistorianRole(boolean simulated) {
    this.simulated = simulated;
  }

  @Override
  public void start(ModuleContext context) throws Exception {
    MillwrightConfig config = context.config();
    Path data = context.require(DataDirectoryModule.KEY).forRole(RoleCatalog.HISTORIAN);
    List<MachineDefinition> machines =
        simulated ? context.require(SimulatorRole.MACHINES).definitions() : config.machines();
    Map<String, MachinePlacement> placements =
        machines.stream()
            .collect(
                Collectors.toMap(
                    MachineDefinition::id, m -> new MachinePlacement(m.area(), m.line())));
    endpoint = context.require(NamespaceModule.ENDPOINT);
    site = config.site();
    store = DuckDbStore.open(data.resolve("samples"), EDGE_BOX);
    ingest =
        new HistorianIngest(
            store,
            config.enterprise(),
            config.site(),
            placements,
            QUEUE,
            this::goOffline,
            this::goOnline);
    ingest.start();
    goOnline();
    context.provide(STORE, store);
  }

  /** Announces the historian online: a new host session publishes STATE online. */
  private synchronized void goOnline() {
    if (host == null) {
      host = new HostApplicationSession(endpoint, HostConfig.of(HOST_ID).withGroup(site), ingest);
      host.start();
    }
  }

  /** Takes the STATE offline (closing the session publishes it), so that edge nodes buffer. */
  private synchronized void goOffline() {
    if (host != null) {
      host.close();
      host = null;
    }
  }

  @Override
  public void stop() {
    goOffline();
    if (ingest != null) {
      ingest.close();
    }
    if (store != null) {
      store.close();
    }
  }

  @Override
  public Health health() {
    if (ingest.storeDown()) {
      return Health.notReady("the store cannot write; STATE offline, edge nodes are buffering");
    }
    HostApplicationSession current;
    synchronized (this) {
      current = host;
    }
    return current != null && current.state() == HostState.ONLINE
        ? Health.UP
        : Health.notReady("not online in the namespace yet");
  }

  @Override
  public Map<String, Double> figures() {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("samples_stored_total", (double) ingest.stored());
    out.put("commits_total", (double) ingest.commits());
    out.put("store_failures_total", (double) ingest.storeFailures());
    out.put("samples_skipped_total", (double) ingest.skipped());
    out.put("samples_queued", (double) ingest.queued());
    out.put("disk_bytes", (double) store.diskBytes());
    return out;
  }
}
