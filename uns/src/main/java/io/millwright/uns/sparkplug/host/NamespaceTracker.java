package io.millwright.uns.sparkplug.host;

import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Sample;
import io.millwright.uns.sparkplug.LogLimiter;
import io.millwright.uns.sparkplug.SparkplugDecodeException;
import io.millwright.uns.sparkplug.SparkplugTopic;
import io.millwright.uns.sparkplug.codec.MetricSequence;
import io.millwright.uns.sparkplug.codec.MetricValues;
import io.millwright.uns.sparkplug.codec.PayloadCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload.Metric;

/**
 * The host side of the Sparkplug protocol, without MQTT: follows births and deaths of edge nodes
 * and devices, checks {@code seq}, resolves aliases and turns DATA messages into samples for the
 * listener. Anything inconsistent (a gap in {@code seq}, an alias no birth declared, data from a
 * node or device not born) leads to a rebirth request (Sparkplug 3.0, 5.11 and
 * tck-id-operational-behavior-host-reordering-rebirth), at most one per node per interval.
 *
 * <p>Sparkplug over one MQTT connection cannot reorder messages of one publisher, so a gap is acted
 * on at once instead of after a reorder timeout.
 */
final class NamespaceTracker {

  /** Sends an NCMD {@code Node Control/Rebirth} to an edge node. */
  interface RebirthSender {
    void requestRebirth(String group, String node);
  }

  static final String BD_SEQ = "bdSeq";
  static final String NODE_CONTROL = "Node Control/";

  private final PayloadCodec codec;
  private final SparkplugListener listener;
  private final RebirthSender sender;
  private final RebirthLimiter limiter;
  private final LogLimiter log;
  private final Map<String, Map<String, NodeRecord>> groups = new HashMap<>();

  final LongAdder samples = new LongAdder();
  final LongAdder decodeErrors = new LongAdder();
  final LongAdder oversizePayloads = new LongAdder();
  final LongAdder sequenceGaps = new LongAdder();
  final LongAdder unknownAliases = new LongAdder();
  final LongAdder dataBeforeBirth = new LongAdder();
  final LongAdder rebirthRequests = new LongAdder();
  final LongAdder rebirthRequestsSuppressed = new LongAdder();
  final LongAdder deaths = new LongAdder();
  final LongAdder listenerErrors = new LongAdder();

  NamespaceTracker(
      HostConfig config, SparkplugListener listener, RebirthSender sender, LogLimiter log) {
    this.codec = new PayloadCodec(config.maxPayloadBytes());
    this.listener = listener;
    this.sender = sender;
    this.limiter = new RebirthLimiter(config.rebirthInterval());
    this.log = log;
  }

  /** Handles one node or device message (not STATE, not commands). */
  void onMessage(SparkplugTopic topic, java.nio.ByteBuffer bytes) {
    if (bytes.remaining() > codec.maxPayloadBytes()) {
      oversizePayloads.increment();
      log.warn(
          "oversize",
          "ignored a "
              + bytes.remaining()
              + "-byte payload on "
              + topic
              + "; the limit is "
              + codec.maxPayloadBytes());
      return;
    }
    Payload payload;
    try {
      payload = codec.decode(bytes);
    } catch (SparkplugDecodeException e) {
      decodeErrors.increment();
      log.warn("decode", "ignored a message on " + topic + ": " + e.getMessage());
      return;
    }
    synchronized (this) {
      switch (topic.type()) {
        case NBIRTH -> nodeBirth(topic, payload);
        case NDEATH -> nodeDeath(topic, payload);
        case DBIRTH -> deviceBirth(topic, payload);
        case DDEATH -> deviceDeath(topic, payload);
        case NDATA -> data(topic, payload, false);
        case DDATA -> data(topic, payload, true);
        default -> {
          // commands and STATE are not for the tracker
        }
      }
    }
  }

  /** The datatype a birth declared for the metric, or -1 when the device or metric is unknown. */
  synchronized int datatypeOf(DeviceKey key, String metric) {
    NodeRecord node = node(key.group(), key.node());
    if (node == null || !node.born) {
      return -1;
    }
    DeviceRecord device = key.isNode() ? node.own : node.devices.get(key.device());
    if (device == null || !device.born) {
      return -1;
    }
    MetricInfo info = device.byName(metric);
    return info == null ? -1 : info.datatype;
  }

  private void nodeBirth(SparkplugTopic topic, Payload payload) {
    NodeRecord node =
        groups
            .computeIfAbsent(topic.group(), g -> new HashMap<>())
            .computeIfAbsent(topic.node(), n -> new NodeRecord(topic.group(), topic.node()));
    node.born = true;
    node.bdSeq = bdSeqOf(payload);
    // tck-id-payloads-nbirth-seq: an NBIRTH starts the node's seq run.
    node.expectedSeq = payload.hasSeq() ? (int) ((payload.getSeq() + 1) & 0xFF) : 1;
    // A new NBIRTH invalidates every device birth of the node (Sparkplug 3.0, 7.1.2): each device
    // must send a DBIRTH again before its data counts.
    for (DeviceRecord device : node.devices.values()) {
      device.born = false;
    }
    birth(node.own, payload);
  }

  private void deviceBirth(SparkplugTopic topic, Payload payload) {
    NodeRecord node = bornNode(topic);
    if (node == null) {
      return;
    }
    checkSeq(node, payload);
    birth(node.device(topic.device()), payload);
  }

  private void birth(DeviceRecord device, Payload payload) {
    long timestamp = payload.hasTimestamp() ? payload.getTimestamp() : System.currentTimeMillis();
    device.rebirth(payload.getMetricsCount());
    List<MetricSample> out = new ArrayList<>(payload.getMetricsCount());
    for (Metric metric : payload.getMetricsList()) {
      if (!metric.hasName()) {
        // tck-id-payloads-name-birth-data-requirement: birth metrics carry their name.
        unknownAliases.increment();
        log.warn("birth-without-name", "a birth of " + device.key + " has a metric without name");
        continue;
      }
      String name = metric.getName();
      MetricInfo info = new MetricInfo(name, metric.getDatatype());
      device.declare(info, metric.hasAlias(), metric.getAlias());
      if (isProtocolMetric(device, name) || metric.getIsNull()) {
        continue;
      }
      Sample sample = MetricValues.toSample(metric, info.datatype, timestamp);
      info.last = sample;
      out.add(new MetricSample(name, sample, MetricSequence.read(metric), false));
    }
    notifyOnline(device.key);
    deliver(device.key, out);
  }

  private void data(SparkplugTopic topic, Payload payload, boolean deviceLevel) {
    NodeRecord node = bornNode(topic);
    if (node == null) {
      return;
    }
    checkSeq(node, payload);
    DeviceRecord device = deviceLevel ? node.devices.get(topic.device()) : node.own;
    if (device == null || !device.born) {
      dataBeforeBirth.increment();
      log.warn("before-birth", "data of " + topic + " before its DBIRTH; requesting a rebirth");
      requestRebirth(node.group, node.node);
      return;
    }
    long timestamp = payload.hasTimestamp() ? payload.getTimestamp() : System.currentTimeMillis();
    int count = payload.getMetricsCount();
    List<MetricSample> out = new ArrayList<>(count);
    boolean unknown = false;
    for (int i = 0; i < count; i++) {
      Metric metric = payload.getMetrics(i);
      MetricInfo info =
          metric.hasAlias()
              ? device.byAlias(metric.getAlias())
              : metric.hasName() ? device.byName(metric.getName()) : null;
      if (info == null) {
        unknownAliases.increment();
        unknown = true;
        continue;
      }
      Sample sample = MetricValues.toSample(metric, info.datatype, timestamp);
      boolean historical = metric.getIsHistorical();
      if (!historical) {
        info.last = sample;
      }
      out.add(new MetricSample(info.name, sample, MetricSequence.read(metric), historical));
    }
    if (unknown) {
      log.warn("alias", topic + " has metrics no birth declared; requesting a rebirth");
      requestRebirth(node.group, node.node);
    }
    deliver(device.key, out);
  }

  private void deviceDeath(SparkplugTopic topic, Payload payload) {
    NodeRecord node = bornNode(topic);
    if (node == null) {
      return;
    }
    checkSeq(node, payload);
    DeviceRecord device = node.devices.get(topic.device());
    if (device != null && device.born) {
      die(device, deathTime(payload));
      deaths.increment();
    }
  }

  private void nodeDeath(SparkplugTopic topic, Payload payload) {
    NodeRecord node = node(topic.group(), topic.node());
    if (node == null || !node.born) {
      return;
    }
    long bdSeq = bdSeqOf(payload);
    if (bdSeq != node.bdSeq) {
      // tck-id-host-...-ndeath-bdseq: the will of an older session; this session lives on.
      log.warn(
          "stale-ndeath",
          "ignored an NDEATH of "
              + topic
              + " with bdSeq "
              + bdSeq
              + "; the NBIRTH had "
              + node.bdSeq);
      return;
    }
    long timestamp = deathTime(payload);
    for (DeviceRecord device : node.devices.values()) {
      if (device.born) {
        die(device, timestamp);
      }
    }
    die(node.own, timestamp);
    node.born = false;
    deaths.increment();
  }

  /**
   * This host lost its own broker connection: it can no longer vouch for any value, so every born
   * node and device goes Bad_NotConnected (last value kept) as on a death. After reconnecting,
   * their data counts as data before birth and brings a rebirth request, whose births make them
   * Good again.
   */
  synchronized void connectionLost(long timestamp) {
    for (Map<String, NodeRecord> nodes : groups.values()) {
      for (NodeRecord node : nodes.values()) {
        if (!node.born) {
          continue;
        }
        for (DeviceRecord device : node.devices.values()) {
          if (device.born) {
            die(device, timestamp);
          }
        }
        die(node.own, timestamp);
        node.born = false;
      }
    }
  }

  /** Marks every metric of a device Bad_NotConnected, keeping the last value. */
  private void die(DeviceRecord device, long timestamp) {
    device.born = false;
    List<MetricSample> out = new ArrayList<>();
    for (MetricInfo info : device.metrics()) {
      if (isProtocolMetric(device, info.name)) {
        continue;
      }
      Sample sample =
          new Sample(
              timestamp,
              info.last != null ? info.last.value() : MetricValues.placeholder(info.datatype),
              Quality.NOT_CONNECTED);
      info.last = sample;
      out.add(new MetricSample(info.name, sample, MetricSequence.NONE, false));
    }
    deliver(device.key, out);
    try {
      listener.onOffline(device.key);
    } catch (RuntimeException e) {
      listenerFailed(e);
    }
  }

  private NodeRecord bornNode(SparkplugTopic topic) {
    NodeRecord node = node(topic.group(), topic.node());
    if (node == null || !node.born) {
      dataBeforeBirth.increment();
      log.warn(
          "before-birth",
          topic.type() + " of " + topic + " before the node's NBIRTH; requesting a rebirth");
      requestRebirth(topic.group(), topic.node());
      return null;
    }
    return node;
  }

  /**
   * tck-id-payloads-sequence-num-incrementing: every message after NBIRTH carries the previous seq
   * plus one, modulo 256.
   */
  private void checkSeq(NodeRecord node, Payload payload) {
    long seq = payload.hasSeq() ? payload.getSeq() : -1;
    if (seq != node.expectedSeq) {
      sequenceGaps.increment();
      log.warn(
          "seq",
          "sequence gap from "
              + node.group
              + '/'
              + node.node
              + ": expected seq "
              + node.expectedSeq
              + ", got "
              + seq
              + "; requesting a rebirth");
      requestRebirth(node.group, node.node);
    }
    node.expectedSeq = (int) ((seq + 1) & 0xFF);
  }

  private void requestRebirth(String group, String node) {
    if (limiter.tryAcquire(group, node, System.nanoTime())) {
      rebirthRequests.increment();
      sender.requestRebirth(group, node);
    } else {
      rebirthRequestsSuppressed.increment();
    }
  }

  private NodeRecord node(String group, String node) {
    Map<String, NodeRecord> nodes = groups.get(group);
    return nodes == null ? null : nodes.get(node);
  }

  private static boolean isProtocolMetric(DeviceRecord device, String name) {
    return device.key.isNode() && (name.equals(BD_SEQ) || name.startsWith(NODE_CONTROL));
  }

  /** The bdSeq metric of an NBIRTH or NDEATH (tck-id-payloads-nbirth-bdseq), or -1. */
  static long bdSeqOf(Payload payload) {
    for (Metric metric : payload.getMetricsList()) {
      if (metric.hasName() && metric.getName().equals(BD_SEQ)) {
        return switch (metric.getValueCase()) {
          case LONG_VALUE -> metric.getLongValue();
          case INT_VALUE -> Integer.toUnsignedLong(metric.getIntValue());
          default -> -1;
        };
      }
    }
    return -1;
  }

  private static long deathTime(Payload payload) {
    return payload.hasTimestamp() ? payload.getTimestamp() : System.currentTimeMillis();
  }

  private void notifyOnline(DeviceKey key) {
    try {
      listener.onOnline(key);
    } catch (RuntimeException e) {
      listenerFailed(e);
    }
  }

  private void deliver(DeviceKey key, List<MetricSample> out) {
    if (out.isEmpty()) {
      return;
    }
    samples.add(out.size());
    try {
      listener.onSamples(key, out);
    } catch (RuntimeException e) {
      listenerFailed(e);
    }
  }

  private void listenerFailed(RuntimeException e) {
    listenerErrors.increment();
    log.warn("listener", "the Sparkplug listener failed: " + e);
  }
}
