package io.millwright.connect.opcua;

import io.millwright.connect.Connector;
import io.millwright.connect.ConnectorFactory;
import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Connectors to OPC UA servers (Eclipse Milo client), one session and one subscription per machine.
 *
 * <h2>Endpoint</h2>
 *
 * {@code opc.tcp://host:port/path}, e.g. {@code opc.tcp://10.0.0.31:4840/cnc}. The host and port
 * written here are used even when the server advertises another host name.
 *
 * <h2>Tag addresses</h2>
 *
 * NodeIds as OPC UA writes them:
 *
 * <ul>
 *   <li>{@code ns=2;s=cnc-01/spindle/speed}: string identifier in namespace 2;
 *   <li>{@code ns=3;i=1001}: numeric identifier (0 to 4294967295);
 *   <li>{@code ns=2;g=09087e75-8e5e-499b-954f-f2a9603db28a}: GUID; {@code
 *       ns=2;b=M/RbKBsRVkePCePcx24oRA==}: opaque (base64);
 *   <li>{@code nsu=urn:vendor:cnc;s=Spindle.Speed}: the namespace by URI, looked up in the server's
 *       namespace array at every connect (prefer it: indexes can change when a server's
 *       configuration changes, URIs do not);
 *   <li>{@code i=2258}: namespace 0 when {@code ns=} is left out.
 * </ul>
 *
 * A node that does not exist is delivered as a Bad sample with reason {@code Bad_NodeIdUnknown}
 * while the machine's other tags flow.
 *
 * <h2>Options</h2>
 *
 * <ul>
 *   <li>{@code securityPolicy}: {@code None} (default) or {@code Basic256Sha256};
 *   <li>{@code securityMode}: {@code None}, {@code Sign} or {@code SignAndEncrypt}; default None
 *       for policy None, SignAndEncrypt otherwise;
 *   <li>{@code username} with {@code password}, or with {@code passwordEnv} naming an environment
 *       variable that holds the password (keeps secrets out of files); anonymous when absent. The
 *       password is encrypted with the server's certificate even under securityPolicy None, so the
 *       server certificate must be trusted (see {@code trustServerCertificate}) for it to be sent;
 *   <li>{@code queueSize}: monitored item queue, 1 (default) to 10000; more than 1 keeps changes
 *       faster than the publishing interval;
 *   <li>{@code publishingInterval}: e.g. {@code 500ms}; default the fastest sampling interval of
 *       the machine's tags ({@code samplingInterval}, else {@code pollInterval});
 *   <li>{@code trustServerCertificate}: {@code trust-list} (default): the server's certificate must
 *       be in {@code <pki>/trusted/certs}; an untrusted one is copied to {@code <pki>/rejected/},
 *       logged, and the machine shows {@code Bad_SecurityChecksFailed} until an operator moves the
 *       file to {@code trusted/certs} (no restart needed). {@code always} trusts any server: for
 *       commissioning and demos only.
 * </ul>
 *
 * <h2>Values</h2>
 *
 * Every monitored item samples at the tag's sampling interval; a tag {@code deadband} becomes an
 * absolute DataChangeFilter in raw units (deadband / |scale factor|). Numeric OPC UA types become
 * Int64 or Float64 as the tag's type says, with the scale applied (an integer tag with a scale
 * other than factor 1, offset 0 delivers Float64); a value of another type is delivered Bad with
 * {@code Bad_TypeMismatch}. Timestamps are the source's, else the server's, else the time of
 * receipt. Writes undo the scale and send the node's own DataType (read at connect).
 *
 * <h2>Certificates</h2>
 *
 * The client's application certificate is created once in {@code <pki>/own/} and reused, so that a
 * server's trust in it survives restarts.
 */
public final class OpcUaConnectorFactory implements ConnectorFactory {

  private final ClientPki pki;
  private final UnaryOperator<String> environment;

  /**
   * @param pkiDirectory where the client's certificate and the trust lists live; created when
   *     missing
   */
  public OpcUaConnectorFactory(Path pkiDirectory) {
    this(pkiDirectory, System::getenv);
  }

  OpcUaConnectorFactory(Path pkiDirectory, UnaryOperator<String> environment) {
    this.pki = new ClientPki(Objects.requireNonNull(pkiDirectory, "pkiDirectory"));
    this.environment = environment;
  }

  @Override
  public Protocol protocol() {
    return Protocol.OPCUA;
  }

  @Override
  public Connector create(MachineDefinition machine) {
    if (machine.protocol() != Protocol.OPCUA) {
      throw new DefinitionException(
          "protocol", "is " + machine.protocol().configName() + ", and this factory builds opcua");
    }
    checkEndpoint(machine.endpoint());
    OpcUaOptions options = OpcUaOptions.parse(machine.options(), environment);
    List<MonitoredTag> tags = new ArrayList<>();
    for (int i = 0; i < machine.tags().size(); i++) {
      try {
        tags.add(
            new MonitoredTag(
                i, machine.tags().get(i), NodeAddress.parse(machine.tags().get(i).address())));
      } catch (IllegalArgumentException e) {
        throw new DefinitionException("tags[" + i + "].address", e.getMessage());
      }
    }
    return new OpcUaConnector(machine, options, pki, tags);
  }

  static void checkEndpoint(String endpoint) {
    try {
      URI uri = new URI(endpoint);
      if (!"opc.tcp".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
        throw new URISyntaxException(endpoint, "no host");
      }
      if (uri.getPort() == 0 || uri.getPort() > 65535) {
        throw new URISyntaxException(endpoint, "bad port");
      }
    } catch (URISyntaxException e) {
      throw new DefinitionException(
          "endpoint",
          "\""
              + endpoint
              + "\" is not an OPC UA endpoint; write e.g. opc.tcp://10.0.0.31:4840/path");
    }
  }
}
