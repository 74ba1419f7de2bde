package io.millwright.app.machines;

import io.millwright.connect.host.ConnectorCatalog;
import io.millwright.connect.modbus.ModbusConnectorFactory;
import io.millwright.connect.opcua.OpcUaConnectorFactory;
import io.millwright.connect.s7.S7ConnectorFactory;
import io.millwright.core.machine.MachineDefinition;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** The protocols this binary connects, one factory each. */
public final class Connectors {

  private Connectors() {}

  /**
   * @param pkiDirectory where OPC UA keeps its application certificate and trust lists
   */
  public static ConnectorCatalog catalog(Path pkiDirectory) {
    return new ConnectorCatalog(
        List.of(
            new ModbusConnectorFactory(),
            new OpcUaConnectorFactory(pkiDirectory),
            new S7ConnectorFactory()));
  }

  /**
   * Each protocol's own checks of a definition (addresses, options), for the configuration loader.
   * Building a connector touches neither the network nor the disk (the OPC UA certificate store is
   * opened on first connect), so the directory given here is never created.
   */
  public static Consumer<MachineDefinition> definitionCheck() {
    return catalog(Path.of("unused-pki"))::check;
  }
}
