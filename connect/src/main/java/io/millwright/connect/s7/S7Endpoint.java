package io.millwright.connect.s7;

import io.millwright.core.machine.DefinitionException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where the PLC listens and which CPU answers: {@code s7://host[:port]?rack=0&slot=1}, or with
 * explicit transport service access points {@code s7://host?localTsap=0x0100&remoteTsap=0x0301} for
 * a PLC configured for a fixed connection (LOGO!, S7-200, some CP cards). Port 102 (ISO-on-TCP)
 * when left out; rack 0 and slot 1 (S7-1200/1500; an S7-300 CPU sits in slot 2) when left out.
 */
record S7Endpoint(String host, int port, int rack, int slot, int localTsap, int remoteTsap) {

  static final int DEFAULT_PORT = 102;
  private static final Set<String> KEYS = Set.of("rack", "slot", "localTsap", "remoteTsap");

  /**
   * @throws DefinitionException on field {@code endpoint}
   */
  static S7Endpoint parse(String endpoint) {
    URI uri;
    try {
      uri = new URI(endpoint.strip());
    } catch (URISyntaxException e) {
      throw invalid(endpoint, "is not a URI");
    }
    if (!"s7".equalsIgnoreCase(uri.getScheme())) {
      throw invalid(endpoint, "does not start with s7://");
    }
    if (uri.getHost() == null) {
      throw invalid(endpoint, "has no host");
    }
    if (uri.getUserInfo() != null
        || (uri.getRawPath() != null && !uri.getRawPath().isEmpty())
        || uri.getRawFragment() != null) {
      throw invalid(endpoint, "may hold only a host, a port and rack/slot or TSAPs");
    }
    int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
    if (port < 1 || port > 65_535) {
      throw invalid(endpoint, "has port " + port + "; use 1 to 65535");
    }
    Map<String, String> query = query(endpoint, uri.getRawQuery());
    int rack = number(endpoint, query, "rack", 0, 0, 7);
    int slot = number(endpoint, query, "slot", 1, 0, 31);
    int localTsap = number(endpoint, query, "localTsap", 0, 0, 0xffff);
    int remoteTsap = number(endpoint, query, "remoteTsap", 0, 0, 0xffff);
    if ((localTsap == 0) != (remoteTsap == 0)) {
      throw invalid(endpoint, "names one TSAP; give both localTsap and remoteTsap, or neither");
    }
    if (localTsap != 0 && (query.containsKey("rack") || query.containsKey("slot"))) {
      throw invalid(endpoint, "gives TSAPs and rack/slot; the TSAPs already say which CPU");
    }
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new S7Endpoint(host, port, rack, slot, localTsap, remoteTsap);
  }

  private static Map<String, String> query(String endpoint, String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (!KEYS.contains(key)) {
        throw invalid(endpoint, "has an unknown parameter \"" + key + "\"; use " + KEYS);
      }
      if (eq < 0 || query.put(key, pair.substring(eq + 1)) != null) {
        throw invalid(endpoint, "gives " + key + (eq < 0 ? " no value" : " twice"));
      }
    }
    return query;
  }

  private static int number(
      String endpoint, Map<String, String> query, String key, int absent, int min, int max) {
    String text = query.get(key);
    if (text == null) {
      return absent;
    }
    int value;
    try {
      value =
          text.startsWith("0x") || text.startsWith("0X")
              ? Integer.parseInt(text.substring(2), 16)
              : Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw invalid(endpoint, "has " + key + "=" + text + ", not a number");
    }
    if (value < min || value > max) {
      throw invalid(endpoint, "has " + key + "=" + text + "; use " + min + " to " + max);
    }
    return value;
  }

  private static DefinitionException invalid(String endpoint, String problem) {
    return new DefinitionException(
        "endpoint",
        "\"" + endpoint + "\" " + problem + "; write e.g. s7://10.0.0.31?rack=0&slot=1");
  }

  /** The PLC4X connection string, with the options that shape the session. */
  String plc4xUrl(S7Options options) {
    StringBuilder url =
        new StringBuilder("s7://")
            .append(host.contains(":") ? "[" + host + "]" : host)
            .append(':')
            .append(port)
            .append('?');
    if (localTsap != 0) {
      url.append("local-tsap=").append(localTsap).append("&remote-tsap=").append(remoteTsap);
    } else {
      url.append("remote-rack=").append(rack).append("&remote-slot=").append(slot);
    }
    url.append("&controller-type=").append(options.controllerType().plc4xName());
    url.append("&pdu-size=").append(options.pduSize());
    url.append("&read-timeout=").append(options.timeout().toMillis());
    return url.toString();
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
