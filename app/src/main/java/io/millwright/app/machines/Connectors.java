package io.millwright.app.machines;

import io.millwright.connect.file.FileDropConnectorFactory;
import io.millwright.connect.host.ConnectorCatalog;
import io.millwright.connect.modbus.ModbusConnectorFactory;
import io.millwright.connect.mqtt.MqttDeviceConnectorFactory;
import io.millwright.connect.opcua.OpcUaConnectorFactory;
import io.millwright.connect.s7.S7ConnectorFactory;
import io.millwright.connect.sql.SqlConnectorFactory;
import io.millwright.core.machine.MachineDefinition;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** The protocols this binary connects, one factory each. */
public final class Connectors {

  private Connectors() {}

  /**
   * @param data the connectors role's data directory: OPC UA keeps its certificate and trust lists
   *     in {@code pki/}, the SQL-table connector its watermarks in {@code sql/}, the file-drop
   *     connector its delivery journals in {@code files/}
   */
  public static ConnectorCatalog catalog(Path data) {
    return new ConnectorCatalog(
        List.of(
            new ModbusConnectorFactory(),
            new OpcUaConnectorFactory(data.resolve(ConnectorsRole.PKI)),
            new S7ConnectorFactory(),
            new SqlConnectorFactory(data.resolve("sql")),
            new FileDropConnectorFactory(data.resolve("files")),
            new MqttDeviceConnectorFactory()));
  }

  /**
   * Each protocol's own checks of a definition (addresses, options), for the configuration loader.
   * Building a connector touches neither the network nor the disk (the OPC UA certificate store is
   * opened on first connect, SQL watermarks are read at start), so the directory given here is
   * never created.
   */
  public static Consumer<MachineDefinition> definitionCheck() {
    return catalog(Path.of("unused"))::check;
  }
}
