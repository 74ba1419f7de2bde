package io.millwright.connect.opcua;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.sdk.client.DiscoveryClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfig;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;

/**
 * Opens an OPC UA session to one endpoint: asks the server for its endpoints, picks the one with
 * the configured security, and connects with the client certificate and identity. Shared by the
 * connector and the browser.
 */
final class ClientConnector {

  static final int CONNECT_TIMEOUT_MILLIS = 5_000;
  static final int REQUEST_TIMEOUT_MILLIS = 10_000;

  private ClientConnector() {}

  /**
   * @throws UaException with the server's or the stack's status code, e.g. {@code
   *     Bad_SecurityChecksFailed} for an untrusted server certificate
   */
  static OpcUaClient connect(String endpointUrl, OpcUaOptions options, ClientPki pki)
      throws UaException, InterruptedException {
    EndpointDescription endpoint = chooseEndpoint(endpointUrl, options);
    ClientPki.ClientCertificate own = pki.own();
    CertificateValidator validator = pki.validator(options.serverTrust(), endpointUrl);
    IdentityProvider identity =
        options
            .credentials()
            .<IdentityProvider>map(c -> new UsernameProvider(c.username(), c.password(), validator))
            .orElseGet(AnonymousProvider::new);
    OpcUaClientConfig config =
        OpcUaClientConfig.builder()
            .setApplicationName(LocalizedText.english(ClientPki.APPLICATION_NAME))
            .setApplicationUri(ClientPki.APPLICATION_URI)
            .setProductUri("urn:millwright")
            .setEndpoint(endpoint)
            .setKeyPair(own.keyPair())
            .setCertificate(own.certificate())
            .setCertificateChain(new java.security.cert.X509Certificate[] {own.certificate()})
            .setCertificateValidator(validator)
            .setIdentityProvider(identity)
            .setRequestTimeout(uint(REQUEST_TIMEOUT_MILLIS))
            .build();
    OpcUaClient client =
        OpcUaClient.create(
            config, transport -> transport.setConnectTimeout(uint(CONNECT_TIMEOUT_MILLIS)));
    try {
      client.connect();
      return client;
    } catch (UaException e) {
      disconnectQuietly(client);
      throw e;
    }
  }

  static void disconnectQuietly(OpcUaClient client) {
    try {
      client.disconnectAsync().get(REQUEST_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      // Closing a session the server already dropped fails; the socket is released either way.
    }
  }

  private static EndpointDescription chooseEndpoint(String endpointUrl, OpcUaOptions options)
      throws UaException, InterruptedException {
    List<EndpointDescription> endpoints;
    try {
      endpoints =
          DiscoveryClient.getEndpoints(
                  endpointUrl,
                  transport -> transport.setConnectTimeout(uint(CONNECT_TIMEOUT_MILLIS)))
              .get(REQUEST_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw UaException.extract(e)
          .orElseGet(
              () -> new UaException(StatusCodes.Bad_CommunicationError, describe(e.getCause()), e));
    } catch (TimeoutException e) {
      throw new UaException(
          StatusCodes.Bad_Timeout, "no answer to GetEndpoints from " + endpointUrl);
    }
    String policyUri = options.securityPolicy().getUri();
    return endpoints.stream()
        .filter(e -> TransportProfile.TCP_UASC_UABINARY.getUri().equals(e.getTransportProfileUri()))
        .filter(e -> policyUri.equals(e.getSecurityPolicyUri()))
        .filter(e -> e.getSecurityMode() == options.securityMode())
        .findFirst()
        // Servers advertise their own host name, which is often not resolvable from the edge;
        // the address the plant configured is the one that works.
        .map(
            e ->
                EndpointUtil.updateUrl(
                    e, EndpointUtil.getHost(endpointUrl), EndpointUtil.getPort(endpointUrl)))
        .orElseThrow(
            () ->
                new UaException(
                    StatusCodes.Bad_SecurityPolicyRejected,
                    "the server offers no endpoint with securityPolicy "
                        + options.securityPolicy().name()
                        + " and securityMode "
                        + options.securityMode().name()
                        + "; it offers "
                        + endpoints.stream()
                            .map(ClientConnector::describe)
                            .distinct()
                            .collect(Collectors.joining(", "))));
  }

  private static String describe(EndpointDescription e) {
    String policy = e.getSecurityPolicyUri();
    return policy.substring(policy.lastIndexOf('#') + 1) + "/" + e.getSecurityMode().name();
  }

  /** One line for operators: the status code's name when there is one, and the message. */
  static String describe(Throwable error) {
    // The deepest OPC UA exception carries the original status; wrappers repeat it as text.
    UaException deepest = null;
    Throwable root = error;
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof UaException ua) {
        deepest = ua;
      }
      root = t;
    }
    if (deepest != null) {
      String name = OpcUaValues.statusName(deepest.getStatusCode());
      String message = deepest.getMessage() == null ? "" : deepest.getMessage();
      int at = message.lastIndexOf("message=");
      message = at >= 0 ? message.substring(at + "message=".length()) : message;
      return message.isBlank() || message.equals(name) ? name : name + ": " + message;
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.toLowerCase(Locale.ROOT).contains("connection refused")
        ? "Bad_ConnectionRejected: " + message
        : message;
  }

  static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger uint(long value) {
    return org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger.valueOf(value);
  }
}
