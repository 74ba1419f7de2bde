package io.millwright.connect.modbus;

import io.millwright.core.machine.DefinitionException;
import java.net.URI;
import java.net.URISyntaxException;

/** Where the machine listens: {@code tcp://host:port}, port 502 when left out. */
record ModbusEndpoint(String host, int port) {

  static final int DEFAULT_PORT = 502;

  /**
   * @throws DefinitionException on field {@code endpoint}
   */
  static ModbusEndpoint parse(String endpoint) {
    URI uri;
    try {
      uri = new URI(endpoint.strip());
    } catch (URISyntaxException e) {
      throw invalid(endpoint, "is not a URI");
    }
    if (!"tcp".equalsIgnoreCase(uri.getScheme())) {
      throw invalid(endpoint, "does not start with tcp://");
    }
    if (uri.getHost() == null) {
      throw invalid(endpoint, "has no host");
    }
    boolean extra =
        uri.getUserInfo() != null
            || (uri.getRawPath() != null && !uri.getRawPath().isEmpty())
            || uri.getRawQuery() != null
            || uri.getRawFragment() != null;
    if (extra) {
      throw invalid(endpoint, "may hold only a host and a port");
    }
    int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
    if (port < 1 || port > 65_535) {
      throw invalid(endpoint, "has port " + port + "; use 1 to 65535");
    }
    String host = uri.getHost();
    // URI keeps the brackets of an IPv6 literal; the socket API wants the bare address.
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new ModbusEndpoint(host, port);
  }

  private static DefinitionException invalid(String endpoint, String problem) {
    return new DefinitionException(
        "endpoint", "\"" + endpoint + "\" " + problem + "; write e.g. tcp://10.0.0.21:502");
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
