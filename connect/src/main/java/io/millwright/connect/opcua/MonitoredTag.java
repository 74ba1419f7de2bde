package io.millwright.connect.opcua;

import io.millwright.core.machine.Tag;

/**
 * A tag of the machine with its parsed address; {@code index} is its position in the definition,
 * the key of the per-tag state the connector keeps.
 */
record MonitoredTag(int index, Tag tag, NodeAddress address) {}
