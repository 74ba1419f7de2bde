package io.millwright.app.historian;

import io.millwright.app.config.HistorianConfig;
import io.millwright.app.config.MillwrightConfig;
import io.millwright.app.machines.ConnectorsRole;
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
import io.millwright.historian.ingest.Historian;
import io.millwright.historian.postgres.PostgresStore;
import io.millwright.historian.retention.Maintenance;
import io.millwright.historian.store.SampleStore;
import io.millwright.uns.mirror.MachinePlacement;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code historian} role: the site's Sparkplug primary host application, storing every sample
 * of the namespace in the embedded store (or PostgreSQL, {@code historian.store}). While its store
 * cannot write, its STATE goes offline so that the edge nodes buffer; when it writes again they
 * backfill. Its maintenance computes the rollups and expires what {@code historian.retention} and
 * {@code historian.rollups} no longer keep.
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

  private final boolean simulated;
  private SampleStore store;
  private Historian historian;
  private Maintenance maintenance;

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
        ConnectorsRole.atStart(
            context,
            simulated ? context.require(SimulatorRole.MACHINES).definitions() : config.machines());
    Map<String, MachinePlacement> placements =
        machines.stream()
            .collect(
                Collectors.toMap(
                    MachineDefinition::id, m -> new MachinePlacement(m.area(), m.line())));
    store = openStore(config.historian(), data);
    historian =
        new Historian(
            context.require(NamespaceModule.ENDPOINT),
            HOST_ID,
            config.enterprise(),
            config.site(),
            placements,
            store);
    historian.start();
    maintenance =
        new Maintenance(
            store,
            config.historian().retention(),
            historian.ingest()::takeOldestCommitted,
            Clock.systemUTC());
    maintenance.start();
    context.provide(STORE, store);
  }

  /**
   * The embedded store in the data directory, or PostgreSQL when configured. A PostgreSQL that
   * cannot be reached at start stops the role with the driver's reason (on Kubernetes the pod
   * restarts and tries again); once running, an outage only pauses the historian.
   */
  private static SampleStore openStore(HistorianConfig settings, Path data) {
    if (!settings.postgresql()) {
      return DuckDbStore.open(data.resolve("samples"), EDGE_BOX);
    }
    return PostgresStore.open(
        settings.postgresqlUrl().orElseThrow(),
        settings.postgresqlUser().orElseThrow(),
        settings.postgresqlPassword().orElseThrow().reveal(),
        settings.postgresqlSchema());
  }

  @Override
  public void stop() {
    if (maintenance != null) {
      maintenance.close();
    }
    if (historian != null) {
      historian.close();
    }
    if (store != null) {
      store.close();
    }
  }

  @Override
  public Health health() {
    if (historian.ingest().storeDown()) {
      return Health.notReady("the store cannot write; STATE offline, edge nodes are buffering");
    }
    return historian.online() ? Health.UP : Health.notReady("not online in the namespace yet");
  }

  @Override
  public Map<String, Double> figures() {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("samples_stored_total", (double) historian.ingest().stored());
    out.put("commits_total", (double) historian.ingest().commits());
    out.put("store_failures_total", (double) historian.ingest().storeFailures());
    out.put("samples_skipped_total", (double) historian.ingest().skipped());
    out.put("samples_queued", (double) historian.ingest().queued());
    out.put("disk_bytes", (double) store.diskBytes());
    out.put("samples_expired_total", (double) maintenance.samplesExpired());
    out.put("rollup_buckets_written_total", (double) maintenance.rollupBucketsWritten());
    out.put("rollup_buckets_expired_total", (double) maintenance.rollupBucketsExpired());
    out.put("maintenance_failures_total", (double) maintenance.failures());
    out.put("maintenance_last_run_seconds", maintenance.lastRunMillis() / 1000.0);
    return out;
  }
}
