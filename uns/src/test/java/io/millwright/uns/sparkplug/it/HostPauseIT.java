package io.millwright.uns.sparkplug.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.uns.sparkplug.edge.DeviceHandle;
import io.millwright.uns.sparkplug.edge.EdgeNodeConfig;
import io.millwright.uns.sparkplug.edge.EdgeNodeSession;
import io.millwright.uns.sparkplug.edge.EdgeNodeState;
import io.millwright.uns.sparkplug.host.DeviceKey;
import io.millwright.uns.sparkplug.host.HostApplicationSession;
import io.millwright.uns.sparkplug.host.HostConfig;
import io.millwright.uns.sparkplug.host.MetricSample;
import io.millwright.uns.sparkplug.host.SparkplugListener;
import io.millwright.uns.testkit.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A primary host that pauses (announces itself offline but stays connected) makes its edge nodes
 * buffer, and on resume they backfill what they kept; the host's will still counts afterwards.
 */
class HostPauseIT {

  @RegisterExtension static final TestBroker BROKER = new TestBroker();

  @TempDir Path dir;

  @Test
  void edgeNodesBufferWhileTheHostIsPausedAndBackfillOnResume() throws Exception {
    List<Long> received = new CopyOnWriteArrayList<>();
    SparkplugListener listener =
        new SparkplugListener() {
          @Override
          public void onSamples(DeviceKey device, List<MetricSample> samples) {
            samples.stream()
                .filter(s -> s.metric().equals("counts/cycles"))
                .forEach(s -> received.add(((Value.Int64) s.sample().value()).value()));
          }
        };
    try (HostApplicationSession host =
            new HostApplicationSession(
                BROKER.endpoint(), HostConfig.of("historian").withGroup("plant-1"), listener);
        EdgeNodeSession edge =
            new EdgeNodeSession(
                BROKER.endpoint(),
                EdgeNodeConfig.of("plant-1", "edge-1", dir).withPrimaryHost("historian"))) {
      DeviceHandle press =
          edge.device(
              "press-01",
              List.of(Tag.of("counts/cycles", "holding:0", DataType.INT64)),
              (tag, value) -> {});
      host.start();
      edge.start();
      assertThat(host.awaitOnline(Duration.ofSeconds(30))).isTrue();
      assertThat(edge.awaitOnline(Duration.ofSeconds(30))).isTrue();
      press.publish("counts/cycles", Sample.good(1_000, new Value.Int64(1)));
      await().atMost(Duration.ofSeconds(10)).until(() -> received.contains(1L));

      host.pause();
      assertThat(edge.await(EdgeNodeState.WAITING_FOR_HOST, Duration.ofSeconds(10))).isTrue();
      press.publish("counts/cycles", Sample.good(2_000, new Value.Int64(2)));
      press.publish("counts/cycles", Sample.good(3_000, new Value.Int64(3)));
      // 2 and 3, plus 1 again: sent live just before, kept in the unconfirmed window.
      assertThat(edge.stats().buffered()).isEqualTo(3);
      assertThat(edge.stats().resent()).isEqualTo(1);
      assertThat(received).doesNotContain(2L, 3L);

      host.resume();
      assertThat(edge.awaitOnline(Duration.ofSeconds(30))).isTrue();
      await().atMost(Duration.ofSeconds(20)).until(() -> received.containsAll(List.of(2L, 3L)));
    }
  }
}
