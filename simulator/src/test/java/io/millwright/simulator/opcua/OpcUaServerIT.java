package io.millwright.simulator.opcua;

import static io.millwright.simulator.FixtureMachine.setpoint;
import static io.millwright.simulator.FixtureMachine.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Protocol;
import io.millwright.core.sample.Value;
import io.millwright.simulator.FixtureMachine;
import io.millwright.simulator.SimulatorConfig.OpcUaUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server against Eclipse Milo's client over loopback. */
class OpcUaServerIT {

  private static final OpcUaUser USER = new OpcUaUser("operator", "s3cret");

  @TempDir Path pki;

  private final FixtureMachine machine = new FixtureMachine("cnc-01", Protocol.OPCUA);
  private OpcUaSimulatorServer server;
  private OpcUaClient client;

  @BeforeEach
  void start() throws Exception {
    server =
        OpcUaSimulatorServer.start(
            "127.0.0.1", "127.0.0.1", 0, pki, Optional.of(USER), List.of(machine));
    client = connect(SecurityPolicy.None, MessageSecurityMode.None, new AnonymousProvider());
  }

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.disconnect();
    }
    server.close();
  }

  private OpcUaClient connect(
      SecurityPolicy policy, MessageSecurityMode mode, IdentityProvider identity) throws Exception {
    KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
    X509Certificate certificate =
        new SelfSignedCertificateBuilder(keyPair)
            .setCommonName("millwright test client")
            .setApplicationUri("urn:millwright:test-client")
            .addDnsName("localhost")
            .build();
    OpcUaClient c =
        OpcUaClient.create(
            server.endpointUrl(),
            endpoints ->
                endpoints.stream()
                    .filter(e -> e.getSecurityPolicyUri().equals(policy.getUri()))
                    .filter(e -> e.getSecurityMode() == mode)
                    .findFirst(),
            transport -> {},
            config ->
                config
                    .setApplicationUri("urn:millwright:test-client")
                    .setKeyPair(keyPair)
                    .setCertificate(certificate)
                    .setCertificateChain(new X509Certificate[] {certificate})
                    .setCertificateValidator(trustAny())
                    .setIdentityProvider(identity));
    return c.connect();
  }

  /** The test trusts the simulator's self-signed certificate as any demo user would. */
  private static CertificateValidator trustAny() {
    return (chain, uri, hosts) -> {};
  }

  private NodeId node(String tag) {
    return new NodeId(server.namespaceIndex(), machine.id() + "/" + tag);
  }

  private Object attribute(NodeId node, AttributeId attribute) throws UaException {
    DataValue dv =
        client.read(
                0,
                TimestampsToReturn.Neither,
                List.of(new ReadValueId(node, attribute.uid(), null, QualifiedName.NULL_VALUE)))
            .getResults()[0];
    return dv.getValue().getValue();
  }

  @Test
  void theNamespaceIsIndexTwoAsMachineDefinitionsAssume() {
    assertThat(server.namespaceIndex()).isEqualTo(2);
    assertThat(client.getNamespaceTable().getIndex(OpcUaSimulatorServer.NAMESPACE_URI))
        .hasToString("2");
  }

  @Test
  void browsingFindsAFolderPerMachineAndAVariablePerTag() throws Exception {
    List<ReferenceDescription> objects = browse(NodeIds.ObjectsFolder);
    ReferenceDescription folder =
        objects.stream()
            .filter(r -> r.getBrowseName().name().equals("cnc-01"))
            .findFirst()
            .orElseThrow();
    NodeId folderId = folder.getNodeId().toNodeId(client.getNamespaceTable()).orElseThrow();
    List<String> names = browse(folderId).stream().map(r -> r.getBrowseName().name()).toList();
    assertThat(names)
        .containsExactlyElementsOf(machine.tags().stream().map(t -> t.name()).toList());
  }

  private List<ReferenceDescription> browse(NodeId node) throws UaException {
    return List.of(
        client
            .browse(
                new BrowseDescription(
                    node,
                    BrowseDirection.Forward,
                    NodeIds.HierarchicalReferences,
                    true,
                    uint(NodeClass.Object.getValue() | NodeClass.Variable.getValue()),
                    uint(BrowseResultMask.All.getValue())))
            .getReferences());
  }

  @Test
  void everyTypeReadsWithItsOpcUaDataType() throws Exception {
    for (DataType type : DataType.values()) {
      NodeId node = node(value(type));
      assertThat(attribute(node, AttributeId.DataType))
          .as(type.name())
          .isEqualTo(OpcUaTypes.dataTypeId(type));
      DataValue dv = client.readValue(0, TimestampsToReturn.Both, node);
      assertThat(dv.getStatusCode().isGood()).isTrue();
      assertThat(OpcUaTypes.fromVariant(type, dv.getValue()))
          .as(type.name())
          .isEqualTo(FixtureMachine.INITIAL.get(type));
    }
  }

  @Test
  void accessLevelsFollowWritability() throws Exception {
    assertThat(attribute(node(value(DataType.INT32)), AttributeId.AccessLevel))
        .isEqualTo(AccessLevel.toValue(AccessLevel.READ_ONLY));
    assertThat(attribute(node(setpoint(DataType.INT32)), AttributeId.AccessLevel))
        .isEqualTo(AccessLevel.toValue(AccessLevel.READ_WRITE));
    assertThat(attribute(node(setpoint(DataType.INT32)), AttributeId.UserAccessLevel))
        .isInstanceOf(UByte.class);
  }

  @Test
  void unitsAreEngineeringUnitsProperties() throws Exception {
    List<ReferenceDescription> properties =
        List.of(
            client
                .browse(
                    new BrowseDescription(
                        node(value(DataType.FLOAT32)),
                        BrowseDirection.Forward,
                        NodeIds.HasProperty,
                        false,
                        uint(NodeClass.Variable.getValue()),
                        uint(BrowseResultMask.All.getValue())))
                .getReferences());
    assertThat(properties)
        .extracting(r -> r.getBrowseName().name())
        .containsExactly("EngineeringUnits");
    NodeId property =
        properties.getFirst().getNodeId().toNodeId(client.getNamespaceTable()).orElseThrow();
    ExtensionObject xo =
        (ExtensionObject)
            client.readValue(0, TimestampsToReturn.Neither, property).getValue().getValue();
    EUInformation eu = (EUInformation) xo.decode(client.getStaticEncodingContext());
    assertThat(eu.getDisplayName().text()).isEqualTo("degC");
    // A tag without a unit has no property at all.
    assertThat(
            client
                .browse(
                    new BrowseDescription(
                        node(value(DataType.INT16)),
                        BrowseDirection.Forward,
                        NodeIds.HasProperty,
                        false,
                        uint(NodeClass.Variable.getValue()),
                        uint(BrowseResultMask.All.getValue())))
                .getReferences())
        .isNullOrEmpty();
  }

  @Test
  void everyWritableTypeWritesThroughToTheModel() throws Exception {
    for (DataType type : DataType.values()) {
      Value v =
          switch (type.kind()) {
            case BOOLEAN -> Value.of(false);
            case LONG -> Value.of(7L);
            case DOUBLE -> Value.of(2.5);
            case STRING -> Value.of("SHAFT-20");
          };
      StatusCode status = write(setpoint(type), OpcUaTypes.toVariant(type, v));
      assertThat(status.isGood()).as(type + " " + status).isTrue();
      assertThat(machine.read(setpoint(type))).as(type.name()).isEqualTo(v);
    }
    assertThat(server.counters().writes()).isEqualTo(DataType.values().length);
  }

  private StatusCode write(String tag, Variant v) throws UaException {
    return client.writeValues(List.of(node(tag)), List.of(DataValue.valueOnly(v))).getFirst();
  }

  @Test
  void refusedWritesAnswerWithTheMatchingStatus() throws Exception {
    // Milo checks the UserAccessLevel attribute first, so a read-only tag answers
    // Bad_UserAccessDenied before our filter could answer Bad_NotWritable.
    assertThat(write(value(DataType.INT32), Variant.ofInt32(1)).getValue())
        .isEqualTo(StatusCodes.Bad_UserAccessDenied);
    assertThat(write(setpoint(DataType.INT32), Variant.ofString("x")).getValue())
        .isEqualTo(StatusCodes.Bad_TypeMismatch);
    assertThat(write(setpoint(DataType.INT32), Variant.ofInt32(20_000)).getValue())
        .isEqualTo(StatusCodes.Bad_OutOfRange);
    assertThat(machine.read(setpoint(DataType.INT32)))
        .isEqualTo(FixtureMachine.INITIAL.get(DataType.INT32));
  }

  @Test
  void aMachineWithItsLinkDownAnswersBadNoCommunication() throws Exception {
    machine.setLinkUp(false);
    assertThat(
            client
                .readValue(0, TimestampsToReturn.Both, node(value(DataType.INT16)))
                .getStatusCode()
                .getValue())
        .isEqualTo(StatusCodes.Bad_NoCommunication);
    machine.setLinkUp(true);
    assertThat(
            client
                .readValue(0, TimestampsToReturn.Both, node(value(DataType.INT16)))
                .getStatusCode()
                .isGood())
        .isTrue();
  }

  @Test
  void aMonitoredItemAtOneHundredMillisecondsSeesModelChanges() throws Exception {
    OpcUaSubscription subscription = new OpcUaSubscription(client, 100.0);
    subscription.create();
    OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(node(value(DataType.FLOAT64)));
    item.setSamplingInterval(100.0);
    AtomicReference<Object> last = new AtomicReference<>();
    item.setDataValueListener((i, dv) -> last.set(dv.getValue().getValue()));
    subscription.addMonitoredItem(item);
    subscription.synchronizeMonitoredItems();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Double.valueOf(-1234.5678).equals(last.get()));
    machine.set(value(DataType.FLOAT64), Value.of(99.5));
    await().atMost(Duration.ofSeconds(10)).until(() -> Double.valueOf(99.5).equals(last.get()));
    subscription.delete();
  }

  @Test
  void basic256Sha256WithUsernameAndPasswordSignsEncryptsAndWrites() throws Exception {
    for (MessageSecurityMode mode :
        List.of(MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt)) {
      OpcUaClient secure =
          connect(
              SecurityPolicy.Basic256Sha256,
              mode,
              new UsernameProvider(USER.name(), USER.password(), trustAny()));
      try {
        assertThat(
                secure
                    .readValue(0, TimestampsToReturn.Both, node(value(DataType.STRING)))
                    .getValue()
                    .getValue())
            .isEqualTo("HUB-FLANGE-12");
        assertThat(
                secure
                    .writeValues(
                        List.of(node(setpoint(DataType.UINT16))),
                        List.of(
                            DataValue.valueOnly(
                                OpcUaTypes.toVariant(DataType.UINT16, Value.of(123L)))))
                    .getFirst()
                    .isGood())
            .isTrue();
      } finally {
        secure.disconnect();
      }
    }
    assertThat(machine.read(setpoint(DataType.UINT16))).isEqualTo(Value.of(123L));
  }

  @Test
  void aWrongPasswordIsRejected() {
    assertThatThrownBy(
            () ->
                connect(
                    SecurityPolicy.Basic256Sha256,
                    MessageSecurityMode.SignAndEncrypt,
                    new UsernameProvider(USER.name(), "wrong", trustAny())))
        .isInstanceOf(UaException.class);
  }

  @Test
  void theCertificateIsKeptInThePkiDirectoryAcrossRestarts() throws Exception {
    Path store = pki.resolve(ServerPki.KEY_STORE_FILE);
    assertThat(store).exists();
    byte[] before = Files.readAllBytes(store);
    client.disconnect();
    client = null;
    server.close();
    server =
        OpcUaSimulatorServer.start(
            "127.0.0.1", "127.0.0.1", 0, pki, Optional.empty(), List.of(machine));
    assertThat(Files.readAllBytes(store)).isEqualTo(before);
  }
}
