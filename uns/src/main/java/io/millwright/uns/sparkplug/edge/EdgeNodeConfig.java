package io.millwright.uns.sparkplug.edge;

import io.millwright.uns.sparkplug.MessageType;
import io.millwright.uns.sparkplug.SparkplugTopic;
import io.millwright.uns.sparkplug.buffer.BufferLimits;
import io.millwright.uns.sparkplug.codec.PayloadCodec;
import java.nio.file.Path;
import java.util.List;

/**
 * How an edge node session runs.
 *
 * @param group the Sparkplug group id: the site
 * @param node the edge node id: the connector host
 * @param primaryHosts the primary host applications' ids; the node births only while every one's
 *     STATE says online, and buffers otherwise (Sparkplug 3.0, 5.13, names one primary host; a site
 *     whose history and cloud feed must both miss nothing names two: the historian and the
 *     publisher)
 * @param dataDirectory where the store-and-forward buffer and the sequences are kept
 * @param bufferLimits how much the buffer holds before dropping the oldest
 * @param historicalBatch buffered samples sent per batch once the host is back; live samples go out
 *     between batches
 * @param maxPayloadBytes commands larger than this are refused before decoding
 */
public record EdgeNodeConfig(
    String group,
    String node,
    List<String> primaryHosts,
    Path dataDirectory,
    BufferLimits bufferLimits,
    int historicalBatch,
    int maxPayloadBytes) {

  public EdgeNodeConfig {
    SparkplugTopic.node(group, MessageType.NBIRTH, node);
    primaryHosts = primaryHosts == null ? List.of() : List.copyOf(primaryHosts);
    primaryHosts.forEach(SparkplugTopic::state);
    if (primaryHosts.stream().distinct().count() != primaryHosts.size()) {
      throw new IllegalArgumentException("primary hosts " + primaryHosts + " name one twice");
    }
    if (dataDirectory == null) {
      throw new IllegalArgumentException("the edge node needs a data directory for its buffer");
    }
    bufferLimits = bufferLimits == null ? BufferLimits.DEFAULT : bufferLimits;
    if (historicalBatch < 1 || historicalBatch > 10_000) {
      throw new IllegalArgumentException(
          "the historical batch must be 1 to 10000 samples, not " + historicalBatch);
    }
    new PayloadCodec(maxPayloadBytes);
  }

  /** No primary host, default buffer limits, batches of 500 historical samples. */
  public static EdgeNodeConfig of(String group, String node, Path dataDirectory) {
    return new EdgeNodeConfig(
        group,
        node,
        List.of(),
        dataDirectory,
        BufferLimits.DEFAULT,
        500,
        PayloadCodec.DEFAULT_MAX_PAYLOAD_BYTES);
  }

  public EdgeNodeConfig withPrimaryHost(String hostId) {
    return withPrimaryHosts(List.of(hostId));
  }

  public EdgeNodeConfig withPrimaryHosts(List<String> hostIds) {
    return new EdgeNodeConfig(
        group, node, hostIds, dataDirectory, bufferLimits, historicalBatch, maxPayloadBytes);
  }

  public EdgeNodeConfig withBuffer(BufferLimits limits, int batch) {
    return new EdgeNodeConfig(
        group, node, primaryHosts, dataDirectory, limits, batch, maxPayloadBytes);
  }
}
