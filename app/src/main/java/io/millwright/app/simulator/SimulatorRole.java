package io.millwright.app.simulator;

import io.millwright.app.config.SimulationConfig;
import io.millwright.app.module.Key;
import io.millwright.app.module.Module;
import io.millwright.app.module.ModuleContext;
import io.millwright.app.role.DataDirectoryModule;
import io.millwright.app.role.RoleCatalog;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.simulator.MachinesYaml;
import io.millwright.simulator.Simulator;
import io.millwright.simulator.SimulatorConfig;
import io.millwright.simulator.erp.ErpSimulator;
import io.millwright.simulator.erp.ErpSimulatorConfig;
import io.millwright.simulator.plant.MachineProducts;
import io.millwright.simulator.plant.Plant;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code simulator} role: the demo plant (DEMO-PLANT.md) running in real time behind a real OPC
 * UA server and Modbus TCP slaves. It writes the machines file that connects to it into its data
 * directory, so that another Millwright (or {@code run --machines}) can use it as it would a plant.
 */
public final class SimulatorRole implements Module {

  private static final System.Logger LOG = System.getLogger(SimulatorRole.class.getName());

  /** The simulated machines as a connector must see them: endpoints with the bound ports. */
  public static final Key<SimulatedMachines> MACHINES =
      Key.of("simulated machines", SimulatedMachines.class);

  /**
   * The running plant, its definitions and its ERP, for the connectors, the jobs role and the
   * simulator API.
   *
   * @param erpUrl the simulated ERP's REST base URL
   */
  public record SimulatedMachines(Plant plant, List<MachineDefinition> definitions, String erpUrl) {

    /** Product → the machines that make it, in the plant's order. */
    public Map<String, List<String>> products() {
      Map<String, List<String>> out = new LinkedHashMap<>();
      for (MachineProducts m : plant.machineProducts()) {
        for (String p : m.products()) {
          out.computeIfAbsent(p, k -> new ArrayList<>()).add(m.machineId());
        }
      }
      return out;
    }
  }

  private Simulator simulator;
  private ErpSimulator erp;
  private SimulatedMachines served;

  @Override
  public void start(ModuleContext context) throws Exception {
    SimulationConfig settings = context.config().simulation();
    Path data = context.require(DataDirectoryModule.KEY).forRole(RoleCatalog.SIMULATOR);
    Plant plant = Plant.demo(settings.seed(), System.currentTimeMillis());
    if (!settings.breaks()) {
      plant.skipBreaks();
    }
    SimulatorConfig config =
        new SimulatorConfig(
            settings.host(),
            settings.opcuaPort(),
            settings.modbusPort(),
            data.resolve("pki"),
            Optional.empty(),
            SimulatorConfig.DEFAULT_TICK);
    simulator =
        new Simulator(
            config,
            plant.machines(),
            plant::advanceTo,
            PlantPresenters.of(plant.machines(), settings, config, data));
    simulator.start();
    erp =
        new ErpSimulator(
                ErpSimulatorConfig.of(plant.machineProducts(), Clock.systemUTC())
                    .withAddress(settings.host(), settings.erpPort())
                    .withSeed(settings.seed()))
            .start();
    served = new SimulatedMachines(plant, simulator.machineDefinitions(), erp.baseUrl());
    Path machinesFile =
        Files.writeString(data.resolve("machines.yaml"), MachinesYaml.write(served.definitions()));
    LOG.log(
        Level.INFO,
        "simulated factory: "
            + served.definitions().size()
            + " machines, OPC UA at "
            + simulator.opcuaEndpoint().orElse("(none)")
            + ", Modbus TCP from port "
            + settings.modbusPort()
            + ", ERP at "
            + erp.baseUrl()
            + "; machines file "
            + machinesFile);
    context.provide(MACHINES, served);
  }

  @Override
  public void stop() {
    if (erp != null) {
      erp.close();
    }
    if (simulator != null) {
      simulator.close();
    }
  }

  @Override
  public Map<String, Double> figures() {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("machines", (double) served.definitions().size());
    out.put("clock_failures_total", (double) simulator.clockFailures());
    out.put(
        "plant_lag_seconds", Math.max(0, System.currentTimeMillis() - served.plant().now()) / 1e3);
    return out;
  }
}
