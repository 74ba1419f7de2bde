package io.millwright.uns.broker;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How the embedded broker runs. The defaults are sized for an edge box (an industrial PC with 4 GB
 * shared with K3s): queues per client are bounded so a slow subscriber cannot grow the heap without
 * limit.
 *
 * @param dataDirectory where sessions, retained messages and queued messages persist across
 *     restarts
 * @param tls the TLS listener, when wanted
 * @param maxQueuedMessagesPerClient QoS 1/2 messages kept for an offline or slow persistent
 *     session; the oldest beyond this are discarded (and counted by the broker)
 * @param maxPacketBytes larger PUBLISH packets are refused: a flood of huge payloads must not
 *     exhaust memory
 */
public record BrokerConfig(
    String bindAddress,
    int port,
    Optional<Tls> tls,
    Path dataDirectory,
    int maxQueuedMessagesPerClient,
    int maxPacketBytes,
    int maxConnections) {

  /**
   * A TLS listener from a PKCS#12 or JKS key store holding the broker's key and certificate chain.
   */
  public record Tls(int port, Path keyStore, String keyStorePassword, String privateKeyPassword) {
    @Override
    public String toString() {
      return "Tls[port=" + port + ", keyStore=" + keyStore + "]";
    }
  }

  public static final int DEFAULT_MAX_QUEUED_MESSAGES = 10_000;
  public static final int DEFAULT_MAX_PACKET_BYTES = 1024 * 1024;
  public static final int DEFAULT_MAX_CONNECTIONS = 1_000;

  public static BrokerConfig edge(String bindAddress, int port, Path dataDirectory) {
    return new BrokerConfig(
        bindAddress,
        port,
        Optional.empty(),
        dataDirectory,
        DEFAULT_MAX_QUEUED_MESSAGES,
        DEFAULT_MAX_PACKET_BYTES,
        DEFAULT_MAX_CONNECTIONS);
  }

  public BrokerConfig withTls(Tls listener) {
    return new BrokerConfig(
        bindAddress,
        port,
        Optional.of(listener),
        dataDirectory,
        maxQueuedMessagesPerClient,
        maxPacketBytes,
        maxConnections);
  }
}
