package io.millwright.uns.sparkplug.host;

import java.util.HashMap;
import java.util.Map;

/**
 * What a host knows of one edge node: whether it is born, the bdSeq of its birth (an NDEATH with
 * another bdSeq is a stale will of an older session and is ignored, tck-id-host-...-ndeath-bdseq),
 * the next expected {@code seq}, its own metrics and its devices.
 */
final class NodeRecord {
  final String group;
  final String node;
  final DeviceRecord own;
  final Map<String, DeviceRecord> devices = new HashMap<>();
  boolean born;
  long bdSeq = -1;
  int expectedSeq;

  NodeRecord(String group, String node) {
    this.group = group;
    this.node = node;
    this.own = new DeviceRecord(new DeviceKey(group, node, ""));
  }

  DeviceRecord device(String device) {
    return devices.computeIfAbsent(device, d -> new DeviceRecord(new DeviceKey(group, node, d)));
  }
}
