package io.millwright.simulator.opcua;

import io.millwright.simulator.ServedMachine;
import io.millwright.simulator.TagSpec;
import java.util.List;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;

/**
 * The simulator's namespace: under Objects a folder per machine (browse name = machine id) and in
 * it a variable per tag, NodeId {@code ns=<index>;s=<machine-id>/<tag-name>}. Monitored items are
 * sampled by Milo's {@link SubscriptionModel}, which reads the value attribute, so sampling reaches
 * the model at each sampling interval.
 */
final class MachineNamespace extends ManagedNamespaceWithLifecycle {

  static final String URI = "urn:millwright:simulator";

  /**
   * The fastest rate a client may sample at; matches the simulator's default tick, faster would
   * sample the same model state twice.
   */
  static final double MINIMUM_SAMPLING_INTERVAL_MS = 100.0;

  private final List<? extends ServedMachine> machines;
  private final OpcUaCounters counters;
  private final SubscriptionModel subscriptionModel;

  MachineNamespace(
      OpcUaServer server, List<? extends ServedMachine> machines, OpcUaCounters counters) {
    super(server, URI);
    this.machines = machines;
    this.counters = counters;
    this.subscriptionModel = new SubscriptionModel(server, this);
    getLifecycleManager().addLifecycle(subscriptionModel);
    getLifecycleManager().addStartupTask(this::addNodes);
  }

  /** The NodeId string a connector writes as the tag's address. */
  static String address(int namespaceIndex, String machineId, String tagName) {
    return "ns=" + namespaceIndex + ";s=" + machineId + "/" + tagName;
  }

  private void addNodes() {
    for (ServedMachine machine : machines) {
      UaFolderNode folder =
          new UaFolderNode(
              getNodeContext(),
              newNodeId(machine.id()),
              newQualifiedName(machine.id()),
              LocalizedText.english(machine.name()));
      getNodeManager().addNode(folder);
      folder.addReference(
          new Reference(
              folder.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(), false));
      for (TagSpec tag : machine.tags()) {
        folder.addOrganizes(addVariable(machine, tag));
      }
    }
  }

  private UaVariableNode addVariable(ServedMachine machine, TagSpec tag) {
    NodeId nodeId = newNodeId(machine.id() + "/" + tag.name());
    UaVariableNode node =
        new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
            .setNodeId(nodeId)
            .setBrowseName(newQualifiedName(tag.name()))
            .setDisplayName(LocalizedText.english(tag.name()))
            .setDataType(OpcUaTypes.dataTypeId(tag.type()))
            .setTypeDefinition(NodeIds.BaseDataVariableType)
            .setAccessLevel(tag.writable() ? AccessLevel.READ_WRITE : AccessLevel.READ_ONLY)
            .setUserAccessLevel(tag.writable() ? AccessLevel.READ_WRITE : AccessLevel.READ_ONLY)
            .setMinimumSamplingInterval(MINIMUM_SAMPLING_INTERVAL_MS)
            .build();
    node.getFilterChain().addLast(new TagValueFilter(machine, tag, counters));
    getNodeManager().addNode(node);
    if (!tag.unit().isEmpty()) {
      addEngineeringUnits(node, tag.unit());
    }
    return node;
  }

  /**
   * The EngineeringUnits property (Part 8, 5.6.3). Our units are free text such as {@code degC}, so
   * the UNECE unit id is left at -1 ("not set") and the text goes in the display name.
   */
  private void addEngineeringUnits(UaVariableNode node, String unit) {
    EUInformation information =
        new EUInformation(
            URI + ":units", -1, LocalizedText.english(unit), LocalizedText.english(unit));
    UaVariableNode property =
        new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
            .setNodeId(newNodeId(node.getNodeId().getIdentifier() + "/EngineeringUnits"))
            .setBrowseName(new QualifiedName(0, "EngineeringUnits"))
            .setDisplayName(LocalizedText.english("EngineeringUnits"))
            .setDataType(NodeIds.EUInformation)
            .setTypeDefinition(NodeIds.PropertyType)
            .setAccessLevel(AccessLevel.READ_ONLY)
            .setUserAccessLevel(AccessLevel.READ_ONLY)
            .setValue(new DataValue(Variant.ofStruct(information)))
            .build();
    getNodeManager().addNode(property);
    node.addReference(
        new Reference(
            node.getNodeId(), NodeIds.HasProperty, property.getNodeId().expanded(), true));
  }

  @Override
  public void onDataItemsCreated(List<DataItem> dataItems) {
    subscriptionModel.onDataItemsCreated(dataItems);
  }

  @Override
  public void onDataItemsModified(List<DataItem> dataItems) {
    subscriptionModel.onDataItemsModified(dataItems);
  }

  @Override
  public void onDataItemsDeleted(List<DataItem> dataItems) {
    subscriptionModel.onDataItemsDeleted(dataItems);
  }

  @Override
  public void onMonitoringModeChanged(List<MonitoredItem> monitoredItems) {
    subscriptionModel.onMonitoringModeChanged(monitoredItems);
  }
}
