package io.millwright.uns.sparkplug.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millwright.uns.sparkplug.buffer.BufferLimits;
import io.millwright.uns.sparkplug.edge.DeviceHandle;
import io.millwright.uns.sparkplug.edge.EdgeNodeConfig;
import io.millwright.uns.sparkplug.edge.EdgeNodeSession;
import io.millwright.uns.sparkplug.edge.EdgeNodeState;
import io.millwright.uns.sparkplug.host.HostApplicationSession;
import io.millwright.uns.sparkplug.host.HostConfig;
import io.millwright.uns.testkit.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A site whose history and whose cloud feed must both miss nothing names two primary hosts, the
 * historian and the publisher. The edge node births only while both are online; when one goes away
 * it buffers, and once that one is back every sample buffered meanwhile reaches it (the other sees
 * them too, as history: it drops them by timestamp).
 */
class TwoPrimaryHostsIT {

  @RegisterExtension static final TestBroker BROKER = new TestBroker();

  @TempDir Path dir;

  @Test
  void theNodeWaitsForBothHostsAndTheOneThatWasAwayGetsEverythingBufferedMeanwhile()
      throws Exception {
    Recording historianSaw = new Recording();
    Recording publisherSaw = new Recording();
    HostApplicationSession historian =
        new HostApplicationSession(BROKER.endpoint(), HostConfig.of("historian"), historianSaw);
    HostApplicationSession publisher =
        new HostApplicationSession(BROKER.endpoint(), HostConfig.of("publisher"), publisherSaw);
    try (EdgeNodeSession edge =
        new EdgeNodeSession(
            BROKER.endpoint(),
            EdgeNodeConfig.of("two-hosts", "edge-1", dir)
                .withPrimaryHosts(List.of("historian", "publisher"))
                .withBuffer(BufferLimits.DEFAULT, 10))) {
      DeviceHandle cnc = edge.device("cnc-02", EdgeNodeInteropIT.TAGS, (t, v) -> {});
      historian.start();
      assertThat(historian.awaitOnline(Duration.ofSeconds(10))).isTrue();
      edge.start();
      // One of two hosts online is not enough.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> edge.state() == EdgeNodeState.WAITING_FOR_HOST);
      Producer producer = new Producer(edge, cnc);
      try {
        publisher.start();
        assertThat(edge.awaitOnline(Duration.ofSeconds(10))).isTrue();
        await().until(() -> publisherSaw.of("cnc-02", Producer.NUMBER).size() >= 20);

        publisher.close();
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> edge.state() == EdgeNodeState.WAITING_FOR_HOST);
        await().atMost(Duration.ofSeconds(20)).until(() -> producer.buffered().size() >= 100);

        publisher =
            new HostApplicationSession(BROKER.endpoint(), HostConfig.of("publisher"), publisherSaw);
        publisher.start();
        assertThat(edge.awaitOnline(Duration.ofSeconds(30))).isTrue();
        List<Producer.Produced> buffered = producer.buffered();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> Received.of(publisherSaw, "cnc-02").allArrived(buffered));
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> Received.of(historianSaw, "cnc-02").allArrived(buffered));
        producer.close();
        // A DBIRTH carries each tag's newest value, a buffered one when nothing newer was made:
        // the producer runs from before the first birth (the node waits for both hosts), so both
        // of the publisher's births can carry buffered samples, as can a rebirth it asks for.
        long births =
            publisherSaw.events.stream()
                .filter(e -> e.startsWith("online") && e.contains("cnc-02"))
                .count();
        Received.of(publisherSaw, "cnc-02")
            .assertBufferedArrivedOnceOldestFirst(buffered, (int) Math.max(1, births));
        assertThat(edge.stats().bufferedNow()).isZero();
      } finally {
        producer.close();
      }
    } finally {
      publisher.close();
      historian.close();
    }
  }
}
