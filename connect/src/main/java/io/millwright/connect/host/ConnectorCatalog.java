package io.millwright.connect.host;

import io.millwright.connect.Connector;
import io.millwright.connect.ConnectorFactory;
import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The connector factories this binary has, by protocol. */
public final class ConnectorCatalog {

  private final Map<Protocol, ConnectorFactory> factories = new EnumMap<>(Protocol.class);

  public ConnectorCatalog(List<ConnectorFactory> factories) {
    for (ConnectorFactory factory : factories) {
      if (this.factories.put(factory.protocol(), factory) != null) {
        throw new IllegalArgumentException("two connector factories for " + factory.protocol());
      }
    }
  }

  /**
   * Builds the connector for a machine, not yet started.
   *
   * @throws DefinitionException naming the field, for a protocol this build has no connector for or
   *     a definition its connector refuses
   */
  public Connector create(MachineDefinition machine) {
    ConnectorFactory factory = factories.get(machine.protocol());
    if (factory == null) {
      throw new DefinitionException(
          "protocol",
          "\""
              + machine.protocol().configName()
              + "\" has no connector in this build yet; available: "
              + factories.keySet().stream()
                  .map(Protocol::configName)
                  .collect(Collectors.joining(", ")));
    }
    return factory.create(machine);
  }

  /**
   * Checks a definition the way {@link #create} would, without keeping the connector: for the
   * configuration loader, so that a mistake stops the process before anything starts.
   */
  public void check(MachineDefinition machine) {
    create(machine).close();
  }
}
