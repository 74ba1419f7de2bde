package io.millwright.connect.opcua;

import java.util.Optional;

/**
 * One child node found by {@link OpcUaBrowser}: what the UI shows to let an engineer pick a tag
 * address.
 *
 * @param nodeId the address to put in a tag, e.g. {@code ns=2;s=cnc-01/spindle/speed}
 * @param browseName the node's browse name without its namespace
 * @param displayName the node's display name (what OPC UA clients show)
 * @param nodeClass {@code Object}, {@code Variable}, {@code Method}, ...
 * @param dataType for variables: our data type name ({@code float64}) when one fits, else the OPC
 *     UA data type's name; empty for other node classes
 * @param writable for variables: the current value may be written by this client
 * @param engineeringUnit the display name of the node's EngineeringUnits property, when it has one
 */
public record BrowsedNode(
    String nodeId,
    String browseName,
    String displayName,
    String nodeClass,
    Optional<String> dataType,
    boolean writable,
    Optional<String> engineeringUnit) {}
