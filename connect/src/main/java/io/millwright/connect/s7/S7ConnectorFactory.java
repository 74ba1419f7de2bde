package io.millwright.connect.s7;

import io.millwright.connect.Connector;
import io.millwright.connect.ConnectorFactory;
import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds S7 connectors. The endpoint is {@code s7://host[:port]?rack=R&slot=S} (or {@code
 * localTsap}/{@code remoteTsap}); options are {@code controllerType}, {@code pduSize}, {@code
 * timeout} and {@code maxGap} ({@link S7Options}); every tag's address is a PLC4X S7 address with
 * its S7 type ({@link S7Variable}). Tags are polled in groups of equal sampling interval, each
 * group read in as few PDU-sized requests as its addresses allow ({@link ReadPlan}).
 */
public final class S7ConnectorFactory implements ConnectorFactory {

  @Override
  public Protocol protocol() {
    return Protocol.S7;
  }

  @Override
  public Connector create(MachineDefinition machine) {
    S7Endpoint endpoint = S7Endpoint.parse(machine.endpoint());
    S7Options options = S7Options.parse(machine.options());
    List<S7Variable> variables = new ArrayList<>();
    for (int i = 0; i < machine.tags().size(); i++) {
      try {
        variables.add(S7Variable.parse(i, machine.tags().get(i)));
      } catch (DefinitionException e) {
        throw e.within("tags[" + i + "]");
      }
    }
    Map<Duration, List<S7Variable>> byInterval = new TreeMap<>();
    for (S7Variable v : variables) {
      byInterval.computeIfAbsent(machine.samplingInterval(v.tag()), d -> new ArrayList<>()).add(v);
    }
    List<PollGroup> groups = new ArrayList<>();
    byInterval.forEach(
        (interval, members) -> {
          try {
            groups.add(
                new PollGroup(
                    interval,
                    ReadPlan.plan(members, options.pduSize(), options.maxGap()),
                    members.size()));
          } catch (IllegalArgumentException e) {
            throw new DefinitionException("options.pduSize", e.getMessage());
          }
        });
    return new S7Connector(machine.id(), endpoint, options, variables, groups);
  }
}
