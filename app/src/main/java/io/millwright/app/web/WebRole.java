package io.millwright.app.web;

import io.millwright.app.Launch;
import io.millwright.app.config.MillwrightConfig;
import io.millwright.app.module.Health;
import io.millwright.app.module.Key;
import io.millwright.app.module.Module;
import io.millwright.app.module.ModuleContext;
import io.millwright.app.namespace.NamespaceModule;
import io.millwright.app.simulator.SimulatorRole;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.web.plant.PlantMachine;
import io.millwright.web.plant.PlantView;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * The {@code web} role: the plant as the namespace shows it, behind the overview, the andon board
 * and the machines' live values. The pages and the REST API are served by every process; this role
 * is what gives them the plant.
 */
public final class WebRole implements Module {

  public static final Key<PlantView> PLANT = Key.of("plant view", PlantView.class);

  private final boolean simulated;
  private PlantView plant;

  public WebRole(boolean simulated) {
    this.simulated = simulated;
  }

  @Override
  public void start(ModuleContext context) {
    MillwrightConfig config = context.config();
    List<MachineDefinition> machines =
        simulated ? context.require(SimulatorRole.MACHINES).definitions() : config.machines();
    plant =
        new PlantView(
            context.require(NamespaceModule.ENDPOINT),
            hostId(),
            config.enterprise(),
            config.site(),
            machines.stream().map(WebRole::plantMachine).toList());
    plant.start();
    context.provide(PLANT, plant);
  }

  private static PlantMachine plantMachine(MachineDefinition m) {
    return new PlantMachine(m.id(), m.name(), m.area(), m.line());
  }

  /**
   * Shows a machine added or changed through the API on this process's pages at once (another
   * process's web role learns it at its restart).
   */
  public static void follow(MachineDefinition machine) {
    Launch.current().manager().service(PLANT).ifPresent(p -> p.follow(plantMachine(machine)));
  }

  /** Takes a machine deleted through the API off this process's pages. */
  public static void forget(String id) {
    Launch.current().manager().service(PLANT).ifPresent(p -> p.forget(id));
  }

  /**
   * Unique per process, so two web pods of a site do not take each other's Sparkplug host id (the
   * broker would disconnect one of them each time the other connects).
   */
  static String hostId() {
    String name;
    try {
      name = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      name = "local";
    }
    String clean = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    return "web-" + (clean.length() > 40 ? clean.substring(0, 40) : clean);
  }

  @Override
  public Health health() {
    return plant != null && plant.online()
        ? Health.UP
        : Health.notReady("not connected to the namespace");
  }

  @Override
  public void stop() {
    if (plant != null) {
      plant.close();
    }
  }
}
