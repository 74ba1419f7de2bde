package io.millwright.connect;

import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;

/** Builds connectors of one protocol. */
public interface ConnectorFactory {

  Protocol protocol();

  /**
   * Checks the protocol-specific parts of a definition (endpoint details, {@code options}, every
   * tag's {@code address} and type) and builds a connector, not yet started.
   *
   * @throws DefinitionException naming the field, e.g. {@code tags[3].address}, so that the
   *     configuration loader can point at the file and line
   */
  Connector create(MachineDefinition machine);
}
