package io.millwright.connect.opcua;

import java.io.IOException;
import java.net.ServerSocket;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfigLimits;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.CompositeValidator;
import org.eclipse.milo.opcua.sdk.server.identity.UsernameIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.CertificateStore;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;

/**
 * A real OPC UA server (Eclipse Milo) on a free loopback port, standing in for a machine: a
 * variable of every type (writable), a read-only one, one with an EngineeringUnits property, a
 * counter that changes every 100 ms, and optionally many changing variables for load tests. Its
 * certificate survives {@link #restart()} so that a trusted server stays trusted.
 */
final class PlantServer implements AutoCloseable {

  static final String NAMESPACE = "urn:millwright:test:plant";
  static final String USER = "operator";
  static final String PASSWORD = "s3cret";
  static final String PATH = "/plant";

  private static final Certificate IDENTITY = Certificate.create();

  private final int port;
  private final int bulkVariables;
  private OpcUaServer server;
  private PlantNamespace namespace;
  private ScheduledExecutorService ticker;

  record Certificate(KeyPair keyPair, X509Certificate certificate) {
    static Certificate create() {
      try {
        KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        X509Certificate certificate =
            new SelfSignedCertificateBuilder(keyPair)
                .setCommonName("Millwright test plant")
                .setApplicationUri("urn:millwright:test:plant-server")
                .addDnsName("localhost")
                .addIpAddress("127.0.0.1")
                .build();
        return new Certificate(keyPair, certificate);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private PlantServer(int port, int bulkVariables) {
    this.port = port;
    this.bulkVariables = bulkVariables;
  }

  static PlantServer start() throws Exception {
    return start(0);
  }

  static PlantServer start(int bulkVariables) throws Exception {
    PlantServer plant = new PlantServer(freePort(), bulkVariables);
    plant.startServer();
    return plant;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The client sessions the server has open now. */
  int sessions() {
    return server.getSessionManager().getAllSessions().size();
  }

  String endpoint() {
    return "opc.tcp://127.0.0.1:" + port + PATH;
  }

  int port() {
    return port;
  }

  X509Certificate certificate() {
    return IDENTITY.certificate();
  }

  /** Sets a variable's value as the machine would. */
  void set(String id, Object value) {
    namespace.variables.stream()
        .filter(v -> v.getNodeId().getIdentifier().equals(id))
        .findFirst()
        .orElseThrow()
        .setValue(new DataValue(new Variant(value)));
  }

  Object get(String id) {
    return namespace.variables.stream()
        .filter(v -> v.getNodeId().getIdentifier().equals(id))
        .findFirst()
        .orElseThrow()
        .getValue()
        .getValue()
        .getValue();
  }

  int monitoredItems() {
    return (int) server.getMonitoredItemCount().get();
  }

  private void startServer() throws Exception {
    MemoryCertificateStore store = new MemoryCertificateStore();
    store.set(
        NodeIds.RsaSha256ApplicationCertificateType,
        new CertificateStore.Entry(
            IDENTITY.keyPair().getPrivate(), new X509Certificate[] {IDENTITY.certificate()}));
    RsaSha256CertificateFactory factory =
        new RsaSha256CertificateFactory() {
          @Override
          protected KeyPair createRsaSha256KeyPair() {
            return IDENTITY.keyPair();
          }

          @Override
          protected X509Certificate[] createRsaSha256CertificateChain(KeyPair keyPair) {
            return new X509Certificate[] {IDENTITY.certificate()};
          }
        };
    // The test server accepts any client certificate: what is under test is the client's trust.
    DefaultApplicationGroup group =
        DefaultApplicationGroup.createAndInitialize(
            new MemoryTrustListManager(),
            store,
            factory,
            new CertificateValidator.InsecureCertificateValidator());
    Set<EndpointConfig> endpoints = new LinkedHashSet<>();
    EndpointConfig.Builder base =
        EndpointConfig.newBuilder()
            .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
            .setBindAddress("127.0.0.1")
            .setHostname("127.0.0.1")
            .setBindPort(port)
            .setPath(PATH)
            .setCertificate(IDENTITY.certificate())
            .addTokenPolicies(
                OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS,
                OpcUaServerConfig.USER_TOKEN_POLICY_USERNAME);
    endpoints.add(
        base.copy()
            .setSecurityPolicy(SecurityPolicy.None)
            .setSecurityMode(MessageSecurityMode.None)
            .build());
    endpoints.add(
        base.copy()
            .setSecurityPolicy(SecurityPolicy.Basic256Sha256)
            .setSecurityMode(MessageSecurityMode.SignAndEncrypt)
            .build());
    OpcUaServerConfig config =
        OpcUaServerConfig.builder()
            .setApplicationUri("urn:millwright:test:plant-server")
            .setApplicationName(LocalizedText.english("Millwright test plant"))
            .setProductUri("urn:millwright:test")
            .setEndpoints(endpoints)
            .setCertificateManager(
                new DefaultCertificateManager(new MemoryCertificateQuarantine(), group))
            .setIdentityValidator(
                new CompositeValidator(
                    AnonymousIdentityValidator.INSTANCE,
                    new UsernameIdentityValidator(
                        c -> USER.equals(c.getUsername()) && PASSWORD.equals(c.getPassword()))))
            .setLimits(
                new OpcUaServerConfigLimits() {
                  @Override
                  public UInteger getMaxMonitoredItemsPerSession() {
                    return UInteger.valueOf(100_000);
                  }

                  @Override
                  public UInteger getMaxMonitoredItems() {
                    return UInteger.valueOf(100_000);
                  }
                })
            .build();
    server =
        new OpcUaServer(
            config,
            profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
    namespace = new PlantNamespace(server, bulkVariables);
    namespace.startup();
    server.startup().get(30, TimeUnit.SECONDS);
    AtomicInteger tick = new AtomicInteger();
    ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("plant-ticker").unstarted(r));
    ticker.scheduleAtFixedRate(
        () -> {
          int n = tick.incrementAndGet();
          namespace.counter.setValue(new DataValue(new Variant(n)));
          for (UaVariableNode bulk : namespace.bulk) {
            bulk.setValue(new DataValue(new Variant((double) n)));
          }
        },
        100,
        100,
        TimeUnit.MILLISECONDS);
  }

  /** Stops the server; connected clients see the connection drop. */
  void stop() throws Exception {
    if (ticker != null) {
      ticker.shutdownNow();
      ticker = null;
    }
    if (server != null) {
      namespace.shutdown();
      server.shutdown().get(30, TimeUnit.SECONDS);
      server = null;
    }
  }

  /** A new server process on the same port: the old sessions and subscriptions are gone. */
  void restart() throws Exception {
    startServer();
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the test server", e);
    }
  }

  private static final class PlantNamespace extends ManagedNamespaceWithLifecycle {
    final List<UaVariableNode> variables = new ArrayList<>();
    final List<UaVariableNode> bulk = new ArrayList<>();
    final UaVariableNode counter;
    private final SubscriptionModel subscriptions;

    PlantNamespace(OpcUaServer server, int bulkVariables) {
      super(server, NAMESPACE);
      subscriptions = new SubscriptionModel(server, this);
      getLifecycleManager().addLifecycle(subscriptions);
      UaFolderNode plant = folder("plant");
      plant.addReference(
          new Reference(
              plant.getNodeId(),
              NodeIds.Organizes,
              NodeIds.ObjectsFolder.expanded(),
              Reference.Direction.INVERSE));
      variable(plant, "plant/bool", NodeIds.Boolean, true, true);
      variable(plant, "plant/int16", NodeIds.Int16, (short) -1234, true);
      variable(plant, "plant/uint16", NodeIds.UInt16, UShort.valueOf(60000), true);
      variable(plant, "plant/int32", NodeIds.Int32, -123456, true);
      variable(plant, "plant/uint32", NodeIds.UInt32, UInteger.valueOf(4_000_000_000L), true);
      variable(plant, "plant/int64", NodeIds.Int64, -9_000_000_000L, true);
      variable(plant, "plant/uint64", NodeIds.UInt64, ULong.valueOf(42), true);
      variable(plant, "plant/byte", NodeIds.Byte, UByte.valueOf(200), true);
      variable(plant, "plant/float", NodeIds.Float, 1.5f, true);
      variable(plant, "plant/double", NodeIds.Double, 2.25, true);
      variable(plant, "plant/string", NodeIds.String, "running", true);
      variable(plant, "plant/readonly", NodeIds.Double, 7.0, false);
      UaVariableNode temperature =
          variable(plant, "plant/temperature", NodeIds.Double, 21.5, false);
      counter = variable(plant, "plant/counter", NodeIds.Int32, 0, false);
      UaVariableNode units =
          new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
              .setNodeId(newNodeId("plant/temperature/EngineeringUnits"))
              .setBrowseName(new QualifiedName(0, "EngineeringUnits"))
              .setDisplayName(LocalizedText.english("EngineeringUnits"))
              .setDataType(NodeIds.EUInformation)
              .setTypeDefinition(NodeIds.PropertyType)
              .setAccessLevel(AccessLevel.READ_ONLY)
              .setUserAccessLevel(AccessLevel.READ_ONLY)
              .setValue(
                  new DataValue(
                      Variant.ofStruct(
                          new EUInformation(
                              "http://www.opcfoundation.org/UA/units/un/cefact",
                              4408652,
                              LocalizedText.english("°C"),
                              LocalizedText.english("degree Celsius")))))
              .build();
      getNodeManager().addNode(units);
      temperature.addReference(
          new Reference(
              temperature.getNodeId(),
              NodeIds.HasProperty,
              units.getNodeId().expanded(),
              Reference.Direction.FORWARD));
      UaFolderNode bulkFolder = folder("bulk");
      plant.addOrganizes(bulkFolder);
      for (int i = 0; i < bulkVariables; i++) {
        bulk.add(variable(bulkFolder, "bulk/" + i, NodeIds.Double, 0.0, false));
      }
    }

    private UaFolderNode folder(String name) {
      UaFolderNode folder =
          new UaFolderNode(
              getNodeContext(),
              newNodeId(name),
              newQualifiedName(name),
              LocalizedText.english(name));
      getNodeManager().addNode(folder);
      return folder;
    }

    private UaVariableNode variable(
        UaFolderNode parent, String id, NodeId type, Object value, boolean writable) {
      String name = id.substring(id.lastIndexOf('/') + 1);
      UaVariableNode node =
          new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
              .setNodeId(newNodeId(id))
              .setBrowseName(newQualifiedName(name))
              .setDisplayName(LocalizedText.english(name))
              .setDataType(type)
              .setTypeDefinition(NodeIds.BaseDataVariableType)
              .setAccessLevel(writable ? AccessLevel.READ_WRITE : AccessLevel.READ_ONLY)
              .setUserAccessLevel(writable ? AccessLevel.READ_WRITE : AccessLevel.READ_ONLY)
              .setValue(new DataValue(new Variant(value)))
              .build();
      getNodeManager().addNode(node);
      parent.addOrganizes(node);
      if (!id.startsWith("bulk/")) {
        variables.add(node);
      }
      return node;
    }

    @Override
    public void onDataItemsCreated(List<DataItem> items) {
      subscriptions.onDataItemsCreated(items);
    }

    @Override
    public void onDataItemsModified(List<DataItem> items) {
      subscriptions.onDataItemsModified(items);
    }

    @Override
    public void onDataItemsDeleted(List<DataItem> items) {
      subscriptions.onDataItemsDeleted(items);
    }

    @Override
    public void onMonitoringModeChanged(List<MonitoredItem> items) {
      subscriptions.onMonitoringModeChanged(items);
    }
  }
}
