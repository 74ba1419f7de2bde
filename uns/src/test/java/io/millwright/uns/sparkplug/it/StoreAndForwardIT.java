package io.millwright.uns.sparkplug.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.uns.sparkplug.buffer.BufferLimits;
import io.millwright.uns.sparkplug.edge.DeviceHandle;
import io.millwright.uns.sparkplug.edge.EdgeNodeConfig;
import io.millwright.uns.sparkplug.edge.EdgeNodeSession;
import io.millwright.uns.sparkplug.edge.EdgeNodeState;
import io.millwright.uns.sparkplug.host.HostApplicationSession;
import io.millwright.uns.sparkplug.host.HostConfig;
import io.millwright.uns.sparkplug.host.MetricSample;
import io.millwright.uns.testkit.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Store and forward (RELIABILITY T3 at small scale): while the primary host is away the edge node
 * buffers on disk, across a restart, and replays as historical data, exactly once and oldest first,
 * without holding back live data.
 */
class StoreAndForwardIT {

  @RegisterExtension static final TestBroker BROKER = new TestBroker();

  @TempDir Path dir;

  private EdgeNodeSession edge(String node, BufferLimits limits) {
    return new EdgeNodeSession(
        EdgeNodeInteropIT.endpoint(BROKER),
        EdgeNodeConfig.of("sf", node, dir).withPrimaryHost("historian").withBuffer(limits, 20));
  }

  @Test
  void buffersWhileTheHostIsAwayAcrossARestartThenReplaysExactlyOnceOldestFirst() throws Exception {
    Mqtt5BlockingClient plain = BROKER.client(null);
    List<Mqtt5Publish> seen = Recording.sniff(plain, "spBv1.0/sf/#");
    int buffered = 300;
    try (EdgeNodeSession edge = edge("n1", BufferLimits.DEFAULT)) {
      DeviceHandle cnc = edge.device("cnc-02", EdgeNodeInteropIT.TAGS, (t, v) -> {});
      edge.start();
      assertThat(edge.await(EdgeNodeState.WAITING_FOR_HOST, Duration.ofSeconds(10))).isTrue();
      for (int i = 0; i < buffered; i++) {
        cnc.publish(i % 2 == 0 ? "spindle/speed" : "program", sample(i));
      }
      assertThat(edge.stats().buffered()).isEqualTo(buffered);
    }
    // Nothing was published as live data
    // (tck-id-operational-behavior-edge-node-birth-sequence-wait).
    assertThat(seen).noneMatch(p -> p.getTopic().toString().contains("DATA"));
    assertThat(seen).noneMatch(p -> p.getTopic().toString().contains("BIRTH"));

    Recording recording = new Recording();
    try (EdgeNodeSession edge = edge("n1", BufferLimits.DEFAULT);
        HostApplicationSession host =
            new HostApplicationSession(
                EdgeNodeInteropIT.endpoint(BROKER), HostConfig.of("historian"), recording)) {
      assertThat(edge.stats().bufferedNow()).isEqualTo(buffered); // survived the restart
      DeviceHandle cnc = edge.device("cnc-02", EdgeNodeInteropIT.TAGS, (t, v) -> {});
      edge.start();
      assertThat(edge.await(EdgeNodeState.WAITING_FOR_HOST, Duration.ofSeconds(10))).isTrue();
      host.start();
      assertThat(edge.awaitOnline(Duration.ofSeconds(10))).isTrue();
      AtomicBoolean stop = new AtomicBoolean();
      Thread live =
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int i = 0; !stop.get() && i < 10_000; i++) {
                      cnc.publish("spindle/setpoint", Sample.good(i, Value.of((long) i)));
                      sleep(2);
                    }
                  });
      await().atMost(Duration.ofSeconds(30)).until(() -> historical(recording).size() == buffered);
      // The live samples sent so far may still be on their way to the host (QoS 0, another
      // thread): wait for one before the producer stops.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> !recording.of("cnc-02", "spindle/setpoint").isEmpty());
      stop.set(true);
      live.join();

      List<MetricSample> replayed = historical(recording);
      // exactly once by sequence, and oldest first per tag
      assertThat(replayed.stream().map(MetricSample::sequence).distinct()).hasSize(buffered);
      Map<String, List<Long>> perTag =
          replayed.stream()
              .collect(
                  Collectors.groupingBy(
                      MetricSample::metric,
                      Collectors.mapping(MetricSample::sequence, Collectors.toList())));
      perTag.values().forEach(seqs -> assertThat(seqs).isSorted());
      assertThat(replayed).allMatch(s -> s.sample().timestamp() < buffered);
      // live data flowed while the backlog drained
      List<MetricSample> setpoints = recording.of("cnc-02", "spindle/setpoint");
      assertThat(setpoints).isNotEmpty().noneMatch(MetricSample::historical);
      assertThat(edge.stats().historicalSent()).isEqualTo(buffered);
      assertThat(edge.stats().bufferedNow()).isZero();
    }
    plain.disconnect();
  }

  @Test
  void theBoundDropsTheOldestCountsThemAndTheHostGetsTheNewest() throws Exception {
    Recording recording = new Recording();
    try (EdgeNodeSession edge = edge("n2", new BufferLimits(10, 1 << 20))) {
      DeviceHandle cnc = edge.device("cnc-03", EdgeNodeInteropIT.TAGS, (t, v) -> {});
      edge.start();
      assertThat(edge.await(EdgeNodeState.WAITING_FOR_HOST, Duration.ofSeconds(10))).isTrue();
      for (int i = 0; i < 25; i++) {
        cnc.publish("spindle/speed", sample(i * 2));
      }
      assertThat(edge.stats().bufferedNow()).isEqualTo(10);
      assertThat(edge.stats().droppedByBound()).isEqualTo(15);
      try (HostApplicationSession host =
          new HostApplicationSession(
              EdgeNodeInteropIT.endpoint(BROKER), HostConfig.of("historian"), recording)) {
        host.start();
        // the newest buffered sample went out in the DBIRTH, the 9 before it as historical
        await().until(() -> historical(recording).size() == 9);
        Map<Boolean, List<Long>> byKind = new HashMap<>();
        for (MetricSample s : recording.of("cnc-03", "spindle/speed")) {
          byKind
              .computeIfAbsent(s.historical(), k -> new java.util.ArrayList<>())
              .add(s.sequence());
        }
        assertThat(byKind.get(true)).containsExactly(16L, 17L, 18L, 19L, 20L, 21L, 22L, 23L, 24L);
        assertThat(byKind.get(false)).containsExactly(25L);
      }
    }
  }

  private static Sample sample(int i) {
    return Sample.good(i, i % 4 < 2 ? Value.of(i * 10.0) : Value.of("p" + i));
  }

  private static List<MetricSample> historical(Recording recording) {
    return recording.samples.stream()
        .map(Recording.Received::sample)
        .filter(MetricSample::historical)
        .filter(s -> !s.metric().equals("spindle/setpoint"))
        .toList();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
