package io.millwright.app.oee;

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
import io.millwright.oee.archive.H2Archive;
import io.millwright.oee.calendar.Shift;
import io.millwright.oee.calendar.ShiftBreak;
import io.millwright.oee.calendar.ShiftCalendar;
import io.millwright.oee.engine.OeeEngine;
import io.millwright.oee.live.OeeService;
import io.millwright.oee.reason.ReasonTables;
import io.millwright.uns.sparkplug.edge.EdgeNodeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code oee} role: machine states, downtime and OEE from the namespace, kept in its own
 * archive in the data directory, published back into the namespace as the edge node {@code oee}.
 */
public final class OeeRole implements Module {

  public static final Key<OeeService> SERVICE = Key.of("OEE service", OeeService.class);

  /** The Sparkplug ids of the role: its host (to follow the site) and its edge node. */
  public static final String HOST_ID = "oee";

  public static final String NODE_ID = "oee";

  private final boolean simulated;
  private final List<String> primaryHosts;
  private OeeService service;

  /**
   * @param simulated follow the simulated factory's machines (the demo), with the demo plant's
   *     shifts unless the configuration has a calendar
   * @param primaryHosts the hosts the role's edge node waits for before publishing (the historian,
   *     the publisher)
   */
  public OeeRole(boolean simulated, List<String> primaryHosts) {
    this.simulated = simulated;
    this.primaryHosts = List.copyOf(primaryHosts);
  }

  /**
   * DEMO-PLANT.md: Europe/Rome, three shifts 06–14, 14–22, 22–06 with a 30-minute break each, at
   * the same times the simulated machines take theirs.
   */
  public static ShiftCalendar demoPlant() {
    Duration half = Duration.ofMinutes(30);
    return new ShiftCalendar(
        ZoneId.of("Europe/Rome"),
        List.of(
            shift("early", 6, 14, new ShiftBreak(LocalTime.of(10, 0), half)),
            shift("late", 14, 22, new ShiftBreak(LocalTime.of(18, 0), half)),
            shift("night", 22, 6, new ShiftBreak(LocalTime.of(2, 0), half))),
        List.of(),
        Set.of());
  }

  private static Shift shift(String name, int from, int to, ShiftBreak pause) {
    return new Shift(name, LocalTime.of(from, 0), LocalTime.of(to, 0), List.of(pause));
  }

  @Override
  public void start(ModuleContext context) throws Exception {
    MillwrightConfig config = context.config();
    Path data = context.require(DataDirectoryModule.KEY).forRole(RoleCatalog.OEE);
    List<MachineDefinition> machines =
        simulated ? context.require(SimulatorRole.MACHINES).definitions() : config.machines();
    ShiftCalendar calendar =
        config
            .oee()
            .calendar()
            .orElseGet(() -> simulated ? demoPlant() : ShiftCalendar.always(ZoneOffset.UTC));
    ReasonTables reasons = ReasonTables.of(new LinkedHashMap<>(config.oee().reasons()));
    Files.createDirectories(data);
    H2Archive archive = H2Archive.open(data.resolve("archive"));
    try {
      Clock clock = Clock.systemUTC();
      OeeEngine engine = new OeeEngine(machines, calendar, reasons, archive);
      engine.restore(clock.millis() - OeeService.MEMORY.toMillis());
      EdgeNodeConfig node = EdgeNodeConfig.of(config.site(), NODE_ID, data.resolve("edge-node"));
      service =
          new OeeService(
              engine,
              archive,
              context.require(NamespaceModule.ENDPOINT),
              HOST_ID,
              config.enterprise(),
              config.site(),
              node.withPrimaryHosts(primaryHosts),
              clock);
    } catch (RuntimeException e) {
      archive.close();
      throw e;
    }
    service.start();
    context.provide(SERVICE, service);
  }

  @Override
  public void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Override
  public Health health() {
    return service.online() ? Health.UP : Health.notReady("not following the namespace yet");
  }

  @Override
  public Map<String, Double> figures() {
    long[] problems = service.engine().problems();
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("machines", (double) service.engine().machineIds().size());
    out.put("messages_total", (double) service.messages());
    out.put("samples_unfollowed_total", (double) service.unfollowed());
    out.put("readings_late_total", (double) problems[0]);
    out.put("counter_resets_total", (double) problems[1]);
    out.put("state_values_unmapped_total", (double) problems[2]);
    out.put("products_cut_total", (double) problems[3]);
    out.put("reasons_refused_total", (double) problems[4]);
    out.put("readings_out_of_range_total", (double) service.outOfRange());
    out.put("work_failures_total", (double) service.workFailures());
    out.put("archive_failures_total", (double) service.archiveFailures());
    out.put("archive_pending", (double) service.archivePending());
    out.put("publish_failures_total", (double) service.publishFailures());
    out.put("group_messages_total", (double) service.groupMessages());
    out.put("queued", (double) service.queued());
    out.put("recompute_seconds", service.lastTickSeconds());
    return out;
  }
}
