package io.millwright.uns.sparkplug.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.millwright.uns.sparkplug.buffer.BufferLimits;
import io.millwright.uns.sparkplug.edge.DeviceHandle;
import io.millwright.uns.sparkplug.edge.EdgeNodeConfig;
import io.millwright.uns.sparkplug.edge.EdgeNodeSession;
import io.millwright.uns.sparkplug.edge.EdgeNodeState;
import io.millwright.uns.sparkplug.host.HostApplicationSession;
import io.millwright.uns.sparkplug.host.HostConfig;
import io.millwright.uns.testkit.TcpProxy;
import io.millwright.uns.testkit.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The primary host goes offline while the edge node is online (Sparkplug 3.0, 5.13; RELIABILITY T3,
 * T11): the node sends NDEATH, reconnects with the next bdSeq, buffers until the host's STATE says
 * online again, then every sample buffered meanwhile reaches the host exactly once, historical,
 * oldest first per tag, while live data flows.
 */
class PrimaryHostOutageIT {

  @RegisterExtension static final TestBroker BROKER = new TestBroker();

  @TempDir Path dir;

  enum HostLoss {
    /** close(): the host publishes its offline STATE and disconnects. */
    CLEAN_CLOSE,
    /** The host's connection is reset: the broker publishes its will, the offline STATE. */
    CRASH
  }

  @ParameterizedTest
  @EnumSource(HostLoss.class)
  void afterThePrimaryHostReturnsEveryBufferedSampleArrivesOnceAsHistoryWithLiveDataFlowing(
      HostLoss loss) throws Exception {
    String hostId = "scada-" + loss.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    String node = "n-" + hostId;
    Mqtt5BlockingClient plain = BROKER.client(null);
    List<Mqtt5Publish> seen = Recording.sniff(plain, "spBv1.0/outage/+/" + node);
    Recording recording = new Recording();
    TcpProxy proxy = new TcpProxy(BROKER.port());
    HostApplicationSession host =
        new HostApplicationSession(
            loss == HostLoss.CRASH ? proxy.endpoint() : BROKER.endpoint(),
            HostConfig.of(hostId),
            recording);
    try (EdgeNodeSession edge =
        new EdgeNodeSession(
            BROKER.endpoint(),
            EdgeNodeConfig.of("outage", node, dir)
                .withPrimaryHost(hostId)
                .withBuffer(BufferLimits.DEFAULT, 10))) {
      DeviceHandle cnc = edge.device("cnc-02", EdgeNodeInteropIT.TAGS, (t, v) -> {});
      host.start();
      assertThat(host.awaitOnline(Duration.ofSeconds(10))).isTrue();
      edge.start();
      assertThat(edge.awaitOnline(Duration.ofSeconds(10))).isTrue();
      Producer producer = new Producer(edge, cnc);
      try {
        await().until(() -> recording.of("cnc-02", Producer.NUMBER).size() >= 20);
        long firstBdSeq = bdSeqs(seen, "NBIRTH").getFirst();

        if (loss == HostLoss.CLEAN_CLOSE) {
          host.close();
        } else {
          proxy.cut();
        }
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> edge.state() == EdgeNodeState.WAITING_FOR_HOST);
        // tck-id-operational-behavior-edge-node-intentional-disconnect-ndeath: NDEATH of the
        // session that ends
        await().until(() -> bdSeqs(seen, "NDEATH").contains(firstBdSeq));
        await().atMost(Duration.ofSeconds(20)).until(() -> producer.buffered().size() >= 200);
        assertThat(edge.stats().bufferedNow()).isPositive();

        if (loss == HostLoss.CLEAN_CLOSE) {
          host = new HostApplicationSession(BROKER.endpoint(), HostConfig.of(hostId), recording);
          host.start();
        } else {
          proxy.restore(); // the host reconnects by itself
        }
        assertThat(edge.awaitOnline(Duration.ofSeconds(30))).isTrue();
        List<Producer.Produced> buffered = producer.buffered();
        long returned = producer.lastTimestamp();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> Received.of(recording, "cnc-02").allArrived(buffered));
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> Received.of(recording, "cnc-02").anyLiveAfter(returned));
        producer.close();

        // the new connection births with the next bdSeq
        assertThat(bdSeqs(seen, "NBIRTH")).containsExactly(firstBdSeq, (firstBdSeq + 1) & 0xFF);
        Received received = Received.of(recording, "cnc-02");
        received.assertBufferedArrivedOnceOldestFirst(producer.buffered(), 1);
        received.assertLiveDataFlowedDuringTheDrain(producer.buffered());
        assertThat(edge.stats().bufferedNow()).isZero();
      } finally {
        producer.close();
      }
    } finally {
      host.close();
      proxy.close();
      plain.disconnect();
    }
  }

  private static List<Long> bdSeqs(List<Mqtt5Publish> seen, String type) {
    return seen.stream()
        .filter(p -> p.getTopic().toString().contains("/" + type + "/"))
        .map(
            p ->
                Recording.tahu(p).getMetrics().stream()
                    .filter(m -> m.getName().equals("bdSeq"))
                    .map(m -> ((Number) m.getValue()).longValue())
                    .findFirst()
                    .orElseThrow())
        .toList();
  }
}
