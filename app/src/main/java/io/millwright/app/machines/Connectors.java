package io.millwright.app.machines;

import io.millwright.connect.host.ConnectorCatalog;
import io.millwright.connect.modbus.ModbusConnectorFactory;
import io.millwright.connect.opcua.OpcUaConnectorFactory;
import java.nio.file.Path;
import java.util.List;

/** The protocols this binary connects, one factory each. */
public final class Connectors {

  private Connectors() {}

  /**
   * @param pkiDirectory where OPC UA keeps its application certificate and trust lists
   */
  public static ConnectorCatalog catalog(Path pkiDirectory) {
    return new ConnectorCatalog(
        List.of(new ModbusConnectorFactory(), new OpcUaConnectorFactory(pkiDirectory)));
  }
}
