package io.millwright.uns.sparkplug.edge;

import io.millwright.uns.sparkplug.MessageType;
import io.millwright.uns.sparkplug.SparkplugTopic;
import io.millwright.uns.sparkplug.buffer.BufferLimits;
import io.millwright.uns.sparkplug.codec.PayloadCodec;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How an edge node session runs.
 *
 * @param group the Sparkplug group id: the site
 * @param node the edge node id: the connector host
 * @param primaryHost the primary host application's id; when set, the node births only while that
 *     host's STATE says online, and buffers otherwise (Sparkplug 3.0, 5.13)
 * @param dataDirectory where the store-and-forward buffer and the sequences are kept
 * @param bufferLimits how much the buffer holds before dropping the oldest
 * @param historicalBatch buffered samples sent per batch once the host is back; live samples go out
 *     between batches
 * @param maxPayloadBytes commands larger than this are refused before decoding
 */
public record EdgeNodeConfig(
    String group,
    String node,
    Optional<String> primaryHost,
    Path dataDirectory,
    BufferLimits bufferLimits,
    int historicalBatch,
    int maxPayloadBytes) {

  public EdgeNodeConfig {
    SparkplugTopic.node(group, MessageType.NBIRTH, node);
    primaryHost = primaryHost == null ? Optional.empty() : primaryHost;
    primaryHost.ifPresent(SparkplugTopic::state);
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
        Optional.empty(),
        dataDirectory,
        BufferLimits.DEFAULT,
        500,
        PayloadCodec.DEFAULT_MAX_PAYLOAD_BYTES);
  }

  public EdgeNodeConfig withPrimaryHost(String hostId) {
    return new EdgeNodeConfig(
        group,
        node,
        Optional.of(hostId),
        dataDirectory,
        bufferLimits,
        historicalBatch,
        maxPayloadBytes);
  }

  public EdgeNodeConfig withBuffer(BufferLimits limits, int batch) {
    return new EdgeNodeConfig(
        group, node, primaryHost, dataDirectory, limits, batch, maxPayloadBytes);
  }
}
