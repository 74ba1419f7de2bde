package io.millwright.uns.sparkplug.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millwright.uns.mqtt.MqttEndpoint;
import io.millwright.uns.sparkplug.buffer.BufferLimits;
import io.millwright.uns.sparkplug.edge.DeviceHandle;
import io.millwright.uns.sparkplug.edge.EdgeNodeConfig;
import io.millwright.uns.sparkplug.edge.EdgeNodeSession;
import io.millwright.uns.sparkplug.edge.EdgeNodeState;
import io.millwright.uns.sparkplug.host.HostApplicationSession;
import io.millwright.uns.sparkplug.host.HostConfig;
import io.millwright.uns.sparkplug.host.HostState;
import io.millwright.uns.testkit.Mosquitto;
import io.millwright.uns.testkit.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker restarts under an edge node and its primary host (RELIABILITY T8, T9): both reconnect
 * by themselves, birth again, the host gets the data published after the restart and every sample
 * buffered while the broker was down exactly once; the sessions' threads do not grow over the
 * cycles. Against the embedded broker (retained messages persist across its restart; 3 cycles) and
 * Mosquitto (without persistence; 5 cycles).
 */
class BrokerRestartIT {

  /**
   * The HiveMQ client's shared Netty event loops: started lazily, one per new connection, up to
   * twice the processors.
   */
  private static final String MQTT_CLIENT_THREADS = "com.hivemq.client.mqtt";

  @RegisterExtension static final TestBroker BROKER = new TestBroker();
  @RegisterExtension static final Mosquitto MOSQUITTO = new Mosquitto();

  @TempDir Path dir;

  interface Restartable {
    void stop() throws Exception;

    void start() throws Exception;
  }

  @Test
  void embeddedBroker() throws Exception {
    restarts(
        BROKER.endpoint(),
        "embedded",
        3, // a HiveMQ stop and start takes seconds; Mosquitto does the 5 cycles
        new Restartable() {
          @Override
          public void stop() throws Exception {
            BROKER.stop();
          }

          @Override
          public void start() throws Exception {
            BROKER.start();
          }
        });
  }

  @Test
  void mosquitto() throws Exception {
    restarts(
        MOSQUITTO.endpoint(),
        "mosquitto",
        5,
        new Restartable() {
          @Override
          public void stop() throws Exception {
            MOSQUITTO.stop();
          }

          @Override
          public void start() throws Exception {
            MOSQUITTO.restart();
          }
        });
  }

  private static long notConnected(Recording recording) {
    return recording.samples.stream()
        .filter(r -> r.device().device().equals("cnc-02"))
        .filter(r -> r.sample().sample().quality().reason().equals("Bad_NotConnected"))
        .count();
  }

  private void restarts(MqttEndpoint endpoint, String name, int cycles, Restartable broker)
      throws Exception {
    String hostId = "scada-" + name;
    Recording recording = new Recording();
    try (HostApplicationSession host =
            new HostApplicationSession(endpoint, HostConfig.of(hostId), recording);
        EdgeNodeSession edge =
            new EdgeNodeSession(
                endpoint,
                EdgeNodeConfig.of("restart", "n-" + name, dir)
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
        Map<String, Integer> threadsBefore = sessionThreads();

        for (int cycle = 1; cycle <= cycles; cycle++) {
          int bufferedBefore = producer.buffered().size();
          long badBefore = notConnected(recording);
          broker.stop();
          await().atMost(Duration.ofSeconds(20)).until(() -> edge.state() != EdgeNodeState.ONLINE);
          // The host cannot vouch for values it no longer receives: it marks them Bad itself.
          await().atMost(Duration.ofSeconds(20)).until(() -> notConnected(recording) > badBefore);
          await()
              .atMost(Duration.ofSeconds(20))
              .until(() -> producer.buffered().size() >= bufferedBefore + 50);
          broker.start();
          assertThat(edge.awaitOnline(Duration.ofSeconds(40))).as("cycle " + cycle).isTrue();
          assertThat(host.awaitOnline(Duration.ofSeconds(40))).as("cycle " + cycle).isTrue();
          List<Producer.Produced> buffered = producer.buffered();
          long restarted = producer.lastTimestamp();
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> Received.of(recording, "cnc-02").allArrived(buffered));
          // data published after the restart arrives live
          await()
              .atMost(Duration.ofSeconds(10))
              .until(() -> Received.of(recording, "cnc-02").anyLiveAfter(restarted));
        }
        producer.close();

        assertThat(recording.events.stream().filter(e -> e.equals("online restart/n-" + name)))
            .as("NBIRTHs seen by the host")
            .hasSizeGreaterThanOrEqualTo(cycles + 1);
        Received.of(recording, "cnc-02")
            .assertBufferedArrivedOnceOldestFirst(producer.buffered(), cycles + 1);
        assertThat(host.state()).isEqualTo(HostState.ONLINE);
        // T9: no thread of the sessions is left behind by a reconnect; the MQTT client's I/O
        // threads are a bounded pool
        Map<String, Integer> threadsAfter = sessionThreads();
        assertThat(threadsAfter.getOrDefault(MQTT_CLIENT_THREADS, 0))
            .isLessThanOrEqualTo(2 * Runtime.getRuntime().availableProcessors());
        threadsAfter.remove(MQTT_CLIENT_THREADS);
        threadsBefore.remove(MQTT_CLIENT_THREADS);
        assertThat(threadsAfter).isEqualTo(threadsBefore).isNotEmpty();
      } finally {
        producer.close();
      }
    }
  }

  private static final List<String> SESSION_THREADS =
      List.of(
          "sparkplug-edge-",
          "sparkplug-commands-",
          "sparkplug-buffer-writer-",
          "sparkplug-host-",
          MQTT_CLIENT_THREADS);

  /** Live threads of the sessions and of their MQTT client, counted by name prefix. */
  private static Map<String, Integer> sessionThreads() {
    Map<String, Integer> counts = new TreeMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      for (String prefix : SESSION_THREADS) {
        if (t.getName().startsWith(prefix)) {
          counts.merge(prefix, 1, Integer::sum);
        }
      }
    }
    return counts;
  }
}
