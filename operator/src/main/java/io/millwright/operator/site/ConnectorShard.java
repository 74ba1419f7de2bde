package io.millwright.operator.site;

import io.millwright.core.machine.MachineDefinition;
import io.millwright.operator.machine.Machine;
import java.util.List;

/**
 * One connector pod's worth of machines: a Deployment named {@code name}, whose connectors form the
 * Sparkplug edge node {@code node}.
 *
 * @param edgeLocation the node label value the pod must run on, or null for anywhere
 */
public record ConnectorShard(
    String name,
    String node,
    String edgeLocation,
    List<Machine> machines,
    List<MachineDefinition> definitions) {

  public ConnectorShard {
    machines = List.copyOf(machines);
    definitions = List.copyOf(definitions);
  }
}
