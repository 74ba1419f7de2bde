package io.millwright.app.namespace;

import io.millwright.app.machines.ConnectorsRole;
import io.millwright.app.module.Health;
import io.millwright.app.module.Module;
import io.millwright.app.module.ModuleContext;
import io.millwright.app.simulator.SimulatorRole;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.uns.mirror.JsonMirror;
import io.millwright.uns.mirror.MachinePlacement;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs the JSON mirror of the namespace in this process when {@code mqtt.mirror} is on (the demo
 * turns it on).
 */
public final class MirrorModule implements Module {

  private final boolean simulated;
  private JsonMirror mirror;

  /**
   * @param simulated place the simulated factory's machines (the demo) instead of the configured
   *     ones
   */
  public MirrorModule(boolean simulated) {
    this.simulated = simulated;
  }

  @Override
  public void start(ModuleContext context) throws Exception {
    var config = context.config();
    Map<String, MachinePlacement> placements =
        ConnectorsRole.atStart(
                context,
                simulated
                    ? context.require(SimulatorRole.MACHINES).definitions()
                    : config.machines())
            .stream()
            .collect(
                Collectors.toMap(
                    MachineDefinition::id, m -> new MachinePlacement(m.area(), m.line())));
    mirror =
        new JsonMirror(
            context.require(NamespaceModule.ENDPOINT),
            config.enterprise(),
            config.site(),
            placements);
    mirror.start();
  }

  @Override
  public void stop() {
    if (mirror != null) {
      mirror.close();
    }
  }

  @Override
  public Map<String, Double> figures() {
    Map<String, Double> out = new java.util.LinkedHashMap<>(HostFigures.of(mirror.hostStats()));
    out.put("tags_mirrored_total", (double) mirror.published());
    out.put("tags_skipped_total", (double) mirror.skipped());
    return out;
  }

  @Override
  public Health health() {
    return mirror.online() ? Health.UP : Health.notReady("not following the namespace");
  }
}
