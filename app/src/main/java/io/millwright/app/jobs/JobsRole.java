package io.millwright.app.jobs;

import io.millwright.app.config.JobsConfig;
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
import io.millwright.jobs.book.JobBook;
import io.millwright.jobs.book.JobRules;
import io.millwright.jobs.erp.ErpAdapter;
import io.millwright.jobs.journal.JobJournal;
import io.millwright.jobs.live.JobService;
import io.millwright.jobs.sync.ErpSync;
import io.millwright.jobs.sync.SyncStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code jobs} role: the site's production jobs, their journal in the data directory, dispatch
 * to machines through the namespace, and the ERP kept in step both ways.
 */
public final class JobsRole implements Module {

  public static final Key<JobService> SERVICE = Key.of("job service", JobService.class);

  public static final Key<Erp> ERP = Key.of("erp sync", Erp.class);

  /** The ERP link as the API sees it: its status, and whether it may push orders. */
  public record Erp(Optional<ErpSync> sync, boolean webhook) {

    public Optional<SyncStatus> status() {
      return sync.map(ErpSync::status);
    }
  }

  /** The role's Sparkplug host id. */
  public static final String HOST_ID = "jobs";

  private final boolean simulated;
  private JobJournal journal;
  private JobService service;
  private ErpSync sync;

  /**
   * @param simulated plan jobs on the simulated factory's machines (the demo), with orders from its
   *     ERP simulator
   */
  public JobsRole(boolean simulated) {
    this.simulated = simulated;
  }

  @Override
  public void start(ModuleContext context) throws Exception {
    MillwrightConfig config = context.config();
    JobsConfig settings = config.jobs();
    Path data = context.require(DataDirectoryModule.KEY).forRole(RoleCatalog.JOBS);
    Files.createDirectories(data);
    List<MachineDefinition> machines;
    Map<String, List<String>> products = settings.products();
    Optional<ErpAdapter> adapter;
    boolean autoRelease = settings.autoRelease().orElse(false);
    boolean webhook = settings.erp().map(JobsConfig.Erp::webhook).orElse(false);
    Duration poll = settings.erp().map(JobsConfig.Erp::pollInterval).orElse(Duration.ofSeconds(30));
    if (simulated) {
      SimulatorRole.SimulatedMachines plant = context.require(SimulatorRole.MACHINES);
      machines = plant.definitions();
      if (products.isEmpty()) {
        products = plant.products();
      }
      if (settings.erp().isEmpty()) {
        // The demo plans by itself: the ERP simulator's orders are released as they come.
        adapter = Optional.of(ErpAdapters.simulated(plant.erpUrl()));
        autoRelease = settings.autoRelease().orElse(true);
        poll = Duration.ofSeconds(2);
      } else {
        adapter = settings.erp().map(ErpAdapters::create);
      }
      // From now on the machines wait for the jobs written to them.
      plant.plant().handOrdersToJobs();
    } else {
      machines = config.machines();
      adapter = settings.erp().map(ErpAdapters::create);
    }
    JobRules rules =
        JobRules.of(machines)
            .withProducts(products)
            .withGroups(settings.groups())
            .withRelease(autoRelease, settings.autoDispatch())
            .withTiming(
                settings.dispatchTimeout(),
                settings.dispatchAttempts(),
                settings.progressInterval());
    Clock clock = Clock.systemUTC();
    journal = JobJournal.open(data.resolve("journal"), config.site());
    try {
      JobBook book = new JobBook(rules);
      book.restore(journal.jobs(), journal.lastJobId());
      ErpSync[] wake = {null};
      service =
          new JobService(
              book,
              journal,
              context.require(NamespaceModule.ENDPOINT),
              HOST_ID,
              config.enterprise(),
              config.site(),
              () -> {
                ErpSync s = wake[0];
                if (s != null) {
                  s.wake();
                }
              },
              settings.retention(),
              clock);
      if (adapter.isPresent()) {
        sync = new ErpSync(adapter.get(), service, poll, clock);
        wake[0] = sync;
      }
      service.start();
      if (sync != null) {
        sync.start();
      }
    } catch (Exception e) {
      adapter.ifPresent(ErpAdapter::close);
      stop();
      throw e;
    }
    context.provide(SERVICE, service);
    context.provide(ERP, new Erp(Optional.ofNullable(sync), webhook));
  }

  /** The ERP sync first (it feeds the book), then the book, then the journal they both use. */
  @Override
  public void stop() {
    if (sync != null) {
      sync.close();
      sync = null;
    }
    if (service != null) {
      service.close();
      service = null;
    }
    if (journal != null) {
      journal.close();
      journal = null;
    }
  }

  @Override
  public Health health() {
    JobService s = service;
    if (s == null) {
      return Health.notReady("stopped");
    }
    if (s.failure().isPresent()) {
      return Health.dead("the job book stopped: " + s.failure().get());
    }
    // An ERP that is away is the sync status's business, not a reason to take the role out of
    // service: jobs keep running on the machines meanwhile.
    return s.online() ? Health.UP : Health.notReady("not following the namespace");
  }

  @Override
  public Map<String, Double> figures() {
    JobService s = service;
    if (s == null) {
      return Map.of();
    }
    Map<String, Double> out = new LinkedHashMap<>(s.figures());
    ErpSync e = sync;
    if (e != null) {
      SyncStatus st = e.status();
      out.put("erp_backlog", (double) st.backlog());
      out.put("erp_fetches_total", (double) st.fetches());
      out.put("erp_fetch_failures_total", (double) st.fetchFailures());
      out.put("erp_confirmations_delivered_total", (double) st.delivered());
      out.put("erp_confirmations_duplicate_total", (double) st.duplicates());
      out.put("erp_delivery_failures_total", (double) st.deliveryFailures());
      out.put("erp_undeliverable_total", (double) st.undeliverable());
      out.put("erp_orders_failing", st.orders().state().equals("failing") ? 1.0 : 0.0);
      out.put(
          "erp_confirmations_failing", st.confirmations().state().equals("failing") ? 1.0 : 0.0);
    }
    return out;
  }
}
