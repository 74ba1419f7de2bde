package io.millwright.app.simulator;

import io.millwright.app.config.SimulationConfig;
import io.millwright.core.machine.Protocol;
import io.millwright.simulator.MachinePresenter;
import io.millwright.simulator.ServedMachine;
import io.millwright.simulator.SimulatorConfig;
import io.millwright.simulator.s7.S7Presenter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo machines that speak a protocol with a server of their own: each S7 machine a PLC on the
 * next port from {@code simulator.s7.port}.
 */
final class PlantPresenters {

  private PlantPresenters() {}

  static List<MachinePresenter> of(
      List<? extends ServedMachine> machines,
      SimulationConfig settings,
      SimulatorConfig config,
      Path data) {
    InetAddress bind;
    try {
      bind = InetAddress.getByName(settings.host());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("simulator host " + settings.host() + " is unknown", e);
    }
    List<MachinePresenter> presenters = new ArrayList<>();
    int s7 = 0;
    for (ServedMachine m : machines) {
      if (m.protocol() == Protocol.S7) {
        presenters.add(
            new S7Presenter(m, bind, next(settings.s7Port(), s7++), config.advertisedHost()));
      }
    }
    return presenters;
  }

  /** The port of the n-th machine from a first port; 0 stays 0 (any free port). */
  private static int next(int first, int n) {
    return first == 0 ? 0 : first + n;
  }
}
