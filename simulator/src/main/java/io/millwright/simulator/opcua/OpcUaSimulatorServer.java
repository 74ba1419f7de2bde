package io.millwright.simulator.opcua;

import io.millwright.simulator.PortInUseException;
import io.millwright.simulator.ServedMachine;
import io.millwright.simulator.SimulatorConfig.OpcUaUser;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfigLimits;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.CompositeValidator;
import org.eclipse.milo.opcua.sdk.server.identity.IdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.UsernameIdentityValidator;
import org.eclipse.milo.opcua.stack.core.security.CertificateManager;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.BuildInfo;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;

/**
 * One OPC UA server (Eclipse Milo) for every OPC UA machine of the simulated plant, at {@code
 * opc.tcp://<host>:<port>/millwright}. Endpoints: SecurityPolicy None, and Basic256Sha256 with Sign
 * and SignAndEncrypt; identities: anonymous, and username/password when a user is configured.
 *
 * <p>The server runs on its own executors and Netty event loop, all stopped by {@link #close()}.
 */
public final class OpcUaSimulatorServer implements AutoCloseable {

  /** The path of the endpoint URL. */
  public static final String PATH = "/millwright";

  /** The server's own application URI; namespace index 1. */
  public static final String APPLICATION_URI = "urn:millwright:simulator:server";

  /** The namespace URI of the machines' nodes. */
  public static final String NAMESPACE_URI = MachineNamespace.URI;

  /** How often a free port is probed again when another process takes it first. */
  private static final int FREE_PORT_ATTEMPTS = 5;

  private final String host;
  private final String advertisedHost;
  private final OpcUaCounters counters = new OpcUaCounters();
  private final ExecutorService executor;
  private final ScheduledExecutorService scheduler;
  private final NioEventLoopGroup eventLoop;
  private OpcUaServer server;
  private MachineNamespace namespace;
  private int port;

  private OpcUaSimulatorServer(String host, String advertisedHost) {
    this.host = host;
    this.advertisedHost = advertisedHost;
    this.executor = Executors.newCachedThreadPool(threads("millwright-opcua-worker"));
    this.scheduler = Executors.newSingleThreadScheduledExecutor(threads("millwright-opcua-timer"));
    this.eventLoop = new NioEventLoopGroup(1, threads("millwright-opcua-io"));
  }

  /**
   * Starts the server.
   *
   * @param host the address to bind
   * @param advertisedHost the host named in endpoint URLs and the certificate
   * @param port the port, 0 for any free one ({@link #port()} tells which)
   * @param pkiDir where the application certificate is kept
   * @param user the username/password identity, empty for anonymous access only
   * @throws PortInUseException when a fixed port is taken
   */
  public static OpcUaSimulatorServer start(
      String host,
      String advertisedHost,
      int port,
      Path pkiDir,
      Optional<OpcUaUser> user,
      List<? extends ServedMachine> machines) {
    OpcUaSimulatorServer s = new OpcUaSimulatorServer(host, advertisedHost);
    try {
      CertificateManager certificates =
          ServerPki.certificateManager(pkiDir, APPLICATION_URI, advertisedHost);
      int attempts = port == 0 ? FREE_PORT_ATTEMPTS : 1;
      for (int attempt = 1; ; attempt++) {
        int candidate = port == 0 ? freePort(host) : port;
        try {
          checkFree(host, candidate);
          s.startOn(candidate, certificates, user, machines);
          return s;
        } catch (PortInUseException e) {
          if (attempt >= attempts) {
            throw e;
          }
        }
      }
    } catch (RuntimeException e) {
      s.close();
      throw e;
    } catch (Exception e) {
      s.close();
      throw new IllegalStateException("OPC UA server cannot start: " + e, e);
    }
  }

  private void startOn(
      int candidate,
      CertificateManager certificates,
      Optional<OpcUaUser> user,
      List<? extends ServedMachine> machines)
      throws Exception {
    OpcUaServerConfig config =
        OpcUaServerConfig.builder()
            .setApplicationUri(APPLICATION_URI)
            .setApplicationName(LocalizedText.english("Millwright simulated plant"))
            .setProductUri("urn:millwright")
            .setBuildInfo(
                new BuildInfo(
                    "urn:millwright",
                    "Millwright",
                    "Millwright simulator",
                    OpcUaServer.SDK_VERSION,
                    "",
                    DateTime.now()))
            .setEndpoints(
                endpoints(host, advertisedHost, candidate, certificates, user.isPresent()))
            .setCertificateManager(certificates)
            .setIdentityValidator(identities(user))
            .setLimits(new Limits())
            .setExecutor(executor)
            .setScheduledExecutor(scheduler)
            .build();
    OpcUaServer candidateServer =
        new OpcUaServer(
            config,
            profile ->
                new OpcTcpServerTransport(
                    OpcTcpServerTransportConfig.newBuilder()
                        .setExecutor(executor)
                        .setEventLoop(eventLoop)
                        .build()));
    MachineNamespace candidateNamespace = new MachineNamespace(candidateServer, machines, counters);
    candidateNamespace.startup();
    try {
      candidateServer.startup().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      candidateNamespace.shutdown();
      shutdown(candidateServer);
      // Milo reports a failed bind as Bad_ConfigurationError "No endpoints bound".
      if (causedBy(e, BindException.class)
          || String.valueOf(e.getMessage()).contains("No endpoints bound")) {
        throw new PortInUseException(candidate, "OPC UA server on " + host, e.getCause());
      }
      throw e;
    }
    server = candidateServer;
    namespace = candidateNamespace;
    port = candidate;
  }

  private static Set<EndpointConfig> endpoints(
      String host,
      String advertisedHost,
      int port,
      CertificateManager certificates,
      boolean withUser) {
    var certificate =
        certificates.getCertificateGroups().getFirst().getCertificateEntries().getFirst();
    EndpointConfig.Builder base =
        EndpointConfig.newBuilder()
            .setBindAddress(host)
            .setHostname(advertisedHost)
            .setBindPort(port)
            .setPath(PATH)
            .setCertificate(certificate.certificateChain[0])
            .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS);
    if (withUser) {
      base.addTokenPolicies(usernamePolicy());
    }
    Set<EndpointConfig> endpoints = new LinkedHashSet<>();
    endpoints.add(
        base.copy()
            .setSecurityPolicy(SecurityPolicy.None)
            .setSecurityMode(MessageSecurityMode.None)
            .build());
    for (MessageSecurityMode mode :
        List.of(MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt)) {
      endpoints.add(
          base.copy()
              .setSecurityPolicy(SecurityPolicy.Basic256Sha256)
              .setSecurityMode(mode)
              .build());
    }
    return endpoints;
  }

  /**
   * Passwords are encrypted with Basic256Sha256 even on the None endpoint (Part 4, 7.41), so they
   * never cross the wire in clear text.
   */
  private static UserTokenPolicy usernamePolicy() {
    UserTokenPolicy p = OpcUaServerConfig.USER_TOKEN_POLICY_USERNAME;
    return new UserTokenPolicy(
        p.getPolicyId(), p.getTokenType(), null, null, SecurityPolicy.Basic256Sha256.getUri());
  }

  private static IdentityValidator identities(Optional<OpcUaUser> user) {
    if (user.isEmpty()) {
      return AnonymousIdentityValidator.INSTANCE;
    }
    OpcUaUser c = user.get();
    return new CompositeValidator(
        AnonymousIdentityValidator.INSTANCE,
        new UsernameIdentityValidator(
            challenge ->
                c.name().equals(challenge.getUsername())
                    && c.password().equals(challenge.getPassword())));
  }

  /** The bound port. */
  public int port() {
    return port;
  }

  /** The endpoint URL clients connect to. */
  public String endpointUrl() {
    return "opc.tcp://" + advertisedHost + ":" + port + PATH;
  }

  /** The index of {@link #NAMESPACE_URI}; 2, as the first namespace after the server's own. */
  public int namespaceIndex() {
    return namespace.getNamespaceIndex().intValue();
  }

  public OpcUaCounters counters() {
    return counters;
  }

  @Override
  public void close() {
    if (namespace != null) {
      namespace.shutdown();
    }
    if (server != null) {
      shutdown(server);
    }
    eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5_000);
    scheduler.shutdownNow();
    executor.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void shutdown(OpcUaServer s) {
    try {
      s.shutdown().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      System.getLogger(OpcUaSimulatorServer.class.getName())
          .log(System.Logger.Level.WARNING, "OPC UA server did not stop cleanly: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort(String host) throws IOException {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
      return probe.getLocalPort();
    }
  }

  /**
   * Milo hides a failed bind behind a generic error after a delay, so a taken port is detected here
   * first and named.
   */
  private static void checkFree(String host, int port) throws IOException {
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(InetAddress.getByName(host), port));
    } catch (BindException e) {
      throw new PortInUseException(port, "OPC UA server on " + host, e);
    }
  }

  private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r ->
        Thread.ofPlatform().name(prefix + "-" + n.incrementAndGet()).daemon(true).unstarted(r);
  }

  /**
   * Room for the benchmark's 10,000 monitored items in one session; sampling no faster than the
   * simulator's tick.
   */
  private static final class Limits implements OpcUaServerConfigLimits {
    private static final UInteger MONITORED_ITEMS = Unsigned.uint(100_000);

    @Override
    public UInteger getMaxMonitoredItems() {
      return MONITORED_ITEMS;
    }

    @Override
    public UInteger getMaxMonitoredItemsPerSession() {
      return MONITORED_ITEMS;
    }

    @Override
    public Double getMinSupportedSampleRate() {
      return MachineNamespace.MINIMUM_SAMPLING_INTERVAL_MS;
    }
  }
}
