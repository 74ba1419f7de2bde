package io.millwright.connect.opcua;

import io.millwright.core.machine.DataType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowsePath;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowsePathResult;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseResult;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.RelativePath;
import org.eclipse.milo.opcua.stack.core.types.structured.RelativePathElement;
import org.eclipse.milo.opcua.stack.core.types.structured.ViewDescription;

/**
 * Lists the children of a node on an OPC UA server, so that an engineer can pick tag addresses
 * instead of typing them. Each call opens its own short session (browsing is rare and interactive;
 * a lingering session would hold a server slot for nothing).
 *
 * <p>Bounded: at most {@link #MAX_CHILDREN} children per call, and every request times out after
 * {@link ClientConnector#REQUEST_TIMEOUT_MILLIS} ms (connecting after {@link
 * ClientConnector#CONNECT_TIMEOUT_MILLIS} ms).
 */
public final class OpcUaBrowser {

  /** More children than this are not shown; a folder that large needs a narrower start node. */
  public static final int MAX_CHILDREN = 1000;

  private static final System.Logger LOG = System.getLogger(OpcUaBrowser.class.getName());

  private final ClientPki pki;
  private final UnaryOperator<String> environment;

  /**
   * @param pkiDirectory the same directory the connector factory uses, so that browsing trusts the
   *     same servers
   */
  public OpcUaBrowser(Path pkiDirectory) {
    this(pkiDirectory, System::getenv);
  }

  OpcUaBrowser(Path pkiDirectory, UnaryOperator<String> environment) {
    this.pki = new ClientPki(Objects.requireNonNull(pkiDirectory, "pkiDirectory"));
    this.environment = environment;
  }

  /**
   * The children of a node (hierarchical references, forward).
   *
   * @param endpoint {@code opc.tcp://host:port/path}
   * @param options the machine options ({@code securityPolicy}, {@code username}, ...) as for the
   *     connector
   * @param nodeId the node whose children to list, in tag address form; the Objects folder when
   *     empty
   * @throws io.millwright.core.machine.DefinitionException for a bad endpoint, options or node id
   *     (field {@code endpoint}, {@code options.<key>} or {@code nodeId})
   * @throws BrowseException when the server cannot be reached or refuses the browse
   */
  public List<BrowsedNode> browse(
      String endpoint, Map<String, String> options, Optional<String> nodeId) {
    OpcUaConnectorFactory.checkEndpoint(endpoint);
    OpcUaOptions parsed = OpcUaOptions.parse(options, environment);
    NodeAddress start;
    try {
      start = nodeId.map(NodeAddress::parse).orElse(null);
    } catch (IllegalArgumentException e) {
      throw new io.millwright.core.machine.DefinitionException("nodeId", e.getMessage());
    }
    OpcUaClient client;
    try {
      client = ClientConnector.connect(endpoint, parsed, pki);
    } catch (UaException | RuntimeException e) {
      throw new BrowseException(
          "cannot connect to " + endpoint + ": " + ClientConnector.describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrowseException("interrupted while connecting to " + endpoint, e);
    }
    try {
      NodeId parent = start == null ? NodeIds.ObjectsFolder : resolve(start, client);
      return children(client, parent);
    } catch (UaException e) {
      throw new BrowseException(
          "cannot browse " + endpoint + ": " + ClientConnector.describe(e), e);
    } finally {
      ClientConnector.disconnectQuietly(client);
    }
  }

  private static NodeId resolve(NodeAddress address, OpcUaClient client) throws UaException {
    try {
      return address.resolve(client.readNamespaceTable());
    } catch (IllegalStateException e) {
      throw new BrowseException("cannot browse " + address + ": " + e.getMessage());
    }
  }

  private List<BrowsedNode> children(OpcUaClient client, NodeId parent) throws UaException {
    BrowseDescription description =
        new BrowseDescription(
            parent,
            BrowseDirection.Forward,
            NodeIds.HierarchicalReferences,
            true,
            ClientConnector.uint(0),
            ClientConnector.uint(BrowseResultMask.All.getValue()));
    BrowseResult result =
        client.browse(
                new ViewDescription(NodeId.NULL_VALUE, DateTime.MIN_VALUE, ClientConnector.uint(0)),
                ClientConnector.uint(MAX_CHILDREN),
                List.of(description))
            .getResults()[0];
    if (result.getStatusCode().isBad()) {
      throw new BrowseException(
          "cannot browse "
              + NodeAddress.format(parent)
              + ": "
              + OpcUaValues.statusName(result.getStatusCode()));
    }
    ByteString continuation = result.getContinuationPoint();
    if (continuation != null && continuation.isNotNull()) {
      LOG.log(
          System.Logger.Level.INFO,
          "{0} has more than {1} children; showing the first {1}",
          NodeAddress.format(parent),
          MAX_CHILDREN);
      // Tell the server to free the continuation point instead of waiting for its timeout.
      client.browseNext(true, List.of(continuation));
    }
    List<ReferenceDescription> references = new ArrayList<>();
    Set<NodeId> seen = new LinkedHashSet<>();
    ReferenceDescription[] found =
        result.getReferences() == null ? new ReferenceDescription[0] : result.getReferences();
    for (ReferenceDescription reference : found) {
      // Only nodes on this server; a node reachable by two references is listed once.
      reference
          .getNodeId()
          .toNodeId(client.getNamespaceTable())
          .filter(seen::add)
          .ifPresent(id -> references.add(reference));
    }
    List<NodeId> ids = new ArrayList<>(seen);
    Map<NodeId, VariableInfo> variables = describeVariables(client, references, ids);
    List<BrowsedNode> nodes = new ArrayList<>();
    for (int i = 0; i < references.size(); i++) {
      ReferenceDescription reference = references.get(i);
      VariableInfo info = variables.get(ids.get(i));
      nodes.add(
          new BrowsedNode(
              NodeAddress.format(ids.get(i)),
              name(reference.getBrowseName()),
              reference.getDisplayName() == null || reference.getDisplayName().text() == null
                  ? name(reference.getBrowseName())
                  : reference.getDisplayName().text(),
              reference.getNodeClass().name(),
              info == null ? Optional.empty() : info.dataType(),
              info != null && info.writable(),
              info == null ? Optional.empty() : info.unit()));
    }
    return nodes;
  }

  private static String name(QualifiedName name) {
    return name == null || name.name() == null ? "" : name.name();
  }

  private record VariableInfo(Optional<String> dataType, boolean writable, Optional<String> unit) {}

  /** DataType, access levels and engineering unit of the variables among the children. */
  private Map<NodeId, VariableInfo> describeVariables(
      OpcUaClient client, List<ReferenceDescription> references, List<NodeId> ids)
      throws UaException {
    List<NodeId> variables = new ArrayList<>();
    for (int i = 0; i < references.size(); i++) {
      if (references.get(i).getNodeClass() == NodeClass.Variable) {
        variables.add(ids.get(i));
      }
    }
    Map<NodeId, VariableInfo> info = new HashMap<>();
    if (variables.isEmpty()) {
      return info;
    }
    List<ReadValueId> reads = new ArrayList<>();
    for (NodeId variable : variables) {
      reads.add(new ReadValueId(variable, AttributeId.DataType.uid(), null, null));
      reads.add(new ReadValueId(variable, AttributeId.AccessLevel.uid(), null, null));
      reads.add(new ReadValueId(variable, AttributeId.UserAccessLevel.uid(), null, null));
    }
    DataValue[] values = client.read(0, TimestampsToReturn.Neither, reads).getResults();
    Map<NodeId, String> typeNames = dataTypeNames(client, values);
    List<Optional<String>> units = engineeringUnits(client, variables);
    for (int v = 0; v < variables.size(); v++) {
      Object type = values[3 * v].getValue().getValue();
      Optional<String> typeName =
          type instanceof NodeId t ? Optional.ofNullable(typeNames.get(t)) : Optional.empty();
      boolean writable =
          canWrite(values[3 * v + 1].getValue().getValue())
              && canWrite(values[3 * v + 2].getValue().getValue());
      info.put(variables.get(v), new VariableInfo(typeName, writable, units.get(v)));
    }
    return info;
  }

  private static boolean canWrite(Object accessLevel) {
    return accessLevel instanceof UByte level
        && AccessLevel.fromValue(level).contains(AccessLevel.CurrentWrite);
  }

  /** Our type names where one fits; otherwise the data type node's browse name. */
  private static Map<NodeId, String> dataTypeNames(OpcUaClient client, DataValue[] values)
      throws UaException {
    Map<NodeId, String> names = new HashMap<>();
    List<NodeId> unknown = new ArrayList<>();
    for (int i = 0; i < values.length; i += 3) {
      if (values[i].getValue().getValue() instanceof NodeId type && !names.containsKey(type)) {
        Optional<DataType> ours = OpcUaValues.ourType(type);
        if (ours.isPresent()) {
          names.put(type, ours.get().configName());
        } else if (!unknown.contains(type)) {
          unknown.add(type);
        }
      }
    }
    if (!unknown.isEmpty()) {
      List<ReadValueId> reads =
          unknown.stream()
              .map(t -> new ReadValueId(t, AttributeId.BrowseName.uid(), null, null))
              .toList();
      DataValue[] browseNames = client.read(0, TimestampsToReturn.Neither, reads).getResults();
      for (int i = 0; i < unknown.size(); i++) {
        Object name = browseNames[i].getValue().getValue();
        names.put(
            unknown.get(i),
            name instanceof QualifiedName q ? q.name() : NodeAddress.format(unknown.get(i)));
      }
    }
    return names;
  }

  /** The display name of each variable's EngineeringUnits property, found by browse path. */
  private static List<Optional<String>> engineeringUnits(OpcUaClient client, List<NodeId> variables)
      throws UaException {
    List<BrowsePath> paths = new ArrayList<>();
    for (NodeId variable : variables) {
      paths.add(
          new BrowsePath(
              variable,
              new RelativePath(
                  new RelativePathElement[] {
                    new RelativePathElement(
                        NodeIds.HasProperty, false, true, new QualifiedName(0, "EngineeringUnits"))
                  })));
    }
    BrowsePathResult[] results = client.translateBrowsePaths(paths).getResults();
    List<NodeId> properties = new ArrayList<>();
    List<Integer> owners = new ArrayList<>();
    for (int i = 0; i < results.length; i++) {
      if (results[i].getStatusCode().isGood() && results[i].getTargets().length > 0) {
        Optional<NodeId> property =
            results[i].getTargets()[0].getTargetId().toNodeId(client.getNamespaceTable());
        if (property.isPresent()) {
          properties.add(property.get());
          owners.add(i);
        }
      }
    }
    List<Optional<String>> units = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      units.add(Optional.empty());
    }
    if (properties.isEmpty()) {
      return units;
    }
    List<DataValue> values = client.readValues(0, TimestampsToReturn.Neither, properties);
    for (int p = 0; p < properties.size(); p++) {
      Object value = values.get(p).getValue().getValue();
      if (value instanceof ExtensionObject extension) {
        try {
          value = extension.decode(client.getStaticEncodingContext());
        } catch (RuntimeException e) {
          continue;
        }
      }
      if (value instanceof EUInformation eu && eu.getDisplayName() != null) {
        units.set(owners.get(p), Optional.ofNullable(eu.getDisplayName().text()));
      }
    }
    return units;
  }
}
