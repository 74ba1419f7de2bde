package io.millwright.simulator;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the simulated plant serves its machines.
 *
 * @param host the address the servers bind, {@code 127.0.0.1}; also the host in endpoint URLs
 *     unless it is a wildcard address
 * @param opcuaPort the OPC UA server's port, 0 for any free one
 * @param modbusBasePort the first Modbus slave's port, the next machines on the ports after it; 0
 *     gives every slave any free port
 * @param pkiDir where the OPC UA server keeps its application certificate
 * @param opcuaUser the username/password the OPC UA server accepts besides anonymous access
 * @param tick how often the plant clock advances
 */
public record SimulatorConfig(
    String host,
    int opcuaPort,
    int modbusBasePort,
    Path pkiDir,
    Optional<OpcUaUser> opcuaUser,
    Duration tick) {

  public static final int DEFAULT_OPCUA_PORT = 4840;
  public static final int DEFAULT_MODBUS_BASE_PORT = 5020;
  public static final Duration DEFAULT_TICK = Duration.ofMillis(100);

  public SimulatorConfig {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("simulator host is missing; use e.g. 127.0.0.1");
    }
    checkPort("opcuaPort", opcuaPort);
    checkPort("modbusBasePort", modbusBasePort);
    if (pkiDir == null) {
      throw new IllegalArgumentException("simulator pkiDir is missing");
    }
    opcuaUser = opcuaUser == null ? Optional.empty() : opcuaUser;
    tick = tick == null ? DEFAULT_TICK : tick;
    if (tick.isNegative() || tick.isZero()) {
      throw new IllegalArgumentException("simulator tick must be positive, not " + tick);
    }
  }

  /** The default ports and tick on {@code host}, anonymous OPC UA access only. */
  public static SimulatorConfig defaults(String host, Path pkiDir) {
    return new SimulatorConfig(
        host, DEFAULT_OPCUA_PORT, DEFAULT_MODBUS_BASE_PORT, pkiDir, Optional.empty(), DEFAULT_TICK);
  }

  /** The same configuration with every port chosen free at start: for tests. */
  public SimulatorConfig withAnyFreePorts() {
    return new SimulatorConfig(host, 0, 0, pkiDir, opcuaUser, tick);
  }

  /** The host clients are told to connect to: the bind host, or this machine's name for 0.0.0.0. */
  public String advertisedHost() {
    try {
      InetAddress address = InetAddress.getByName(host);
      return address.isAnyLocalAddress() ? InetAddress.getLocalHost().getHostName() : host;
    } catch (UnknownHostException e) {
      return host;
    }
  }

  private static void checkPort(String field, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "simulator " + field + " must be 0..65535 (0 = any free port), not " + port);
    }
  }

  /** A username and password that the OPC UA server accepts. */
  public record OpcUaUser(String name, String password) {
    public OpcUaUser {
      if (name == null || name.isBlank() || password == null || password.isEmpty()) {
        throw new IllegalArgumentException("an OPC UA user needs a name and a password");
      }
    }

    @Override
    public String toString() {
      return "OpcUaUser[name=" + name + "]";
    }
  }
}
