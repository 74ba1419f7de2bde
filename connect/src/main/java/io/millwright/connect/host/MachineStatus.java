package io.millwright.connect.host;

import io.millwright.connect.ConnectorStats;
import io.millwright.core.machine.MachineDefinition;

/** One hosted machine as the machines API shows it: what it is and how its link stands. */
public record MachineStatus(MachineDefinition machine, ConnectorStats stats) {}
