package io.millwright.app.alarms;

import io.millwright.alarms.anomaly.AnomalyDetectors;
import io.millwright.alarms.engine.AlarmCatalog;
import io.millwright.alarms.engine.AlarmEngine;
import io.millwright.alarms.engine.AlarmSpec;
import io.millwright.alarms.journal.AlarmJournal;
import io.millwright.alarms.live.AlarmService;
import io.millwright.alarms.notify.Notifier;
import io.millwright.app.config.MillwrightConfig;
import io.millwright.app.module.Health;
import io.millwright.app.module.Key;
import io.millwright.app.module.Module;
import io.millwright.app.module.ModuleContext;
import io.millwright.app.namespace.NamespaceModule;
import io.millwright.app.oee.OeeRole;
import io.millwright.app.role.DataDirectoryModule;
import io.millwright.app.role.RoleCatalog;
import io.millwright.app.simulator.SimulatorRole;
import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.MachineDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code alarms} role: the site's alarm definitions evaluated against the namespace, the
 * journal in the data directory, transitions published back into the namespace and sent to the
 * configured notification channels.
 */
public final class AlarmsRole implements Module {

  public static final Key<AlarmService> SERVICE = Key.of("alarm service", AlarmService.class);

  /** The role's Sparkplug host id. */
  public static final String HOST_ID = "alarms";

  private final boolean simulated;
  private AlarmService service;
  private Notifier notifier;
  private AlarmJournal journal;

  /**
   * @param simulated watch the simulated factory's machines (the demo), with the alarms their
   *     definitions carry
   */
  public AlarmsRole(boolean simulated) {
    this.simulated = simulated;
  }

  @Override
  public void start(ModuleContext context) throws Exception {
    MillwrightConfig config = context.config();
    Path data = context.require(DataDirectoryModule.KEY).forRole(RoleCatalog.ALARMS);
    List<MachineDefinition> machines =
        simulated ? context.require(SimulatorRole.MACHINES).definitions() : config.machines();
    List<AlarmSpec> specs;
    try {
      specs = AlarmCatalog.build(machines, config.alarms().definitions());
    } catch (DefinitionException e) {
      throw new IllegalArgumentException("alarm definitions: " + e.getMessage(), e);
    }
    Files.createDirectories(data);
    Clock clock = Clock.systemUTC();
    // Model files named in definitions are relative to the working directory.
    Path models = Path.of("").toAbsolutePath();
    AlarmEngine engine =
        new AlarmEngine(specs, spec -> AnomalyDetectors.create(spec, models), clock.millis());
    try {
      journal = AlarmJournal.open(data.resolve("journal"));
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
    try {
      engine.restore(journal.current());
      notifier = Notifier.start(journal, config.alarms().channels(config.site()));
      service =
          new AlarmService(
              engine,
              journal,
              context.require(NamespaceModule.ENDPOINT),
              HOST_ID,
              config.enterprise(),
              config.site(),
              OeeRole.NODE_ID,
              notifier::wake,
              config.alarms().retention(),
              clock);
    } catch (RuntimeException e) {
      engine.close();
      stop();
      throw e;
    }
    try {
      service.start();
    } catch (Exception e) {
      stop();
      throw e;
    }
    context.provide(SERVICE, service);
  }

  /** The engine first, then the channels that read the journal, then the journal itself. */
  @Override
  public void stop() {
    if (service != null) {
      service.close();
      service = null;
    }
    if (notifier != null) {
      notifier.close();
      notifier = null;
    }
    if (journal != null) {
      journal.close();
      journal = null;
    }
  }

  @Override
  public Health health() {
    AlarmService s = service;
    if (s == null) {
      return Health.notReady("stopped");
    }
    if (s.failure().isPresent()) {
      return Health.dead("the alarm engine stopped: " + s.failure().get());
    }
    return s.online() ? Health.UP : Health.notReady("not following the namespace");
  }

  @Override
  public Map<String, Double> figures() {
    AlarmService s = service;
    Notifier n = notifier;
    if (s == null || n == null) {
      return Map.of();
    }
    Map<String, Double> out = new LinkedHashMap<>(s.figures());
    n.figures()
        .forEach(
            f -> {
              String p = "notify_" + f.channel().replace('-', '_') + "_";
              out.put(p + "delivered_total", (double) f.delivered());
              out.put(p + "failures_total", (double) f.failures());
              out.put(p + "skipped_total", (double) f.skipped());
              out.put(p + "backlog", (double) f.backlog());
            });
    return out;
  }
}
