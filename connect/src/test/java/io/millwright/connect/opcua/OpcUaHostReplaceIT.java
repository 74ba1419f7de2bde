package io.millwright.connect.opcua;

import static io.millwright.connect.opcua.Machines.machine;
import static io.millwright.connect.opcua.Machines.plant;
import static io.millwright.connect.opcua.Machines.tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millwright.connect.host.ConnectorCatalog;
import io.millwright.connect.host.ConnectorHost;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.uns.sparkplug.edge.EdgeNodeConfig;
import io.millwright.uns.sparkplug.edge.EdgeNodeSession;
import io.millwright.uns.sparkplug.host.DeviceKey;
import io.millwright.uns.sparkplug.host.HostApplicationSession;
import io.millwright.uns.sparkplug.host.HostConfig;
import io.millwright.uns.sparkplug.host.MetricSample;
import io.millwright.uns.sparkplug.host.SparkplugListener;
import io.millwright.uns.testkit.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An OPC UA machine replaced again and again on a running connector host, against a real Milo
 * server and the embedded broker: each time it is born again with its new tags, values flow, and
 * the closed sessions leave no threads behind.
 */
class OpcUaHostReplaceIT {

  @RegisterExtension static final TestBroker BROKER = new TestBroker();

  static final DeviceKey CNC = new DeviceKey("plant-1", "connectors", "cnc-01");

  @TempDir Path data;
  @TempDir Path pki;

  @Test
  void aReplacedOpcUaMachineIsBornAgainWithItsNewTagsAndLeaksNoThreads() throws Exception {
    Map<String, Sample> latest = new ConcurrentHashMap<>();
    AtomicLong births = new AtomicLong();
    try (PlantServer server = PlantServer.start();
        HostApplicationSession consumer =
            new HostApplicationSession(
                BROKER.endpoint(),
                HostConfig.of("replace-host").withGroup("plant-1"),
                new SparkplugListener() {
                  @Override
                  public void onSamples(DeviceKey device, List<MetricSample> samples) {
                    if (device.equals(CNC)) {
                      samples.forEach(s -> latest.put(s.metric(), s.sample()));
                    }
                  }

                  @Override
                  public void onOnline(DeviceKey device) {
                    if (device.equals(CNC)) {
                      births.incrementAndGet();
                    }
                  }
                })) {
      consumer.start();
      assertThat(consumer.awaitOnline(Duration.ofSeconds(20))).isTrue();
      List<Tag> first = List.of(tag("int16", plant("plant/int16"), DataType.INT16));
      try (ConnectorHost host =
          new ConnectorHost(
              new EdgeNodeSession(
                  BROKER.endpoint(), EdgeNodeConfig.of("plant-1", "connectors", data)),
              List.of(machine(server.endpoint(), Map.of(), first)),
              new ConnectorCatalog(List.of(new OpcUaConnectorFactory(pki))))) {
        host.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> births.get() == 1);
        // The birth's values come just after its online notice.
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () ->
                    assertThat(latest.get("int16"))
                        .isNotNull()
                        .extracting(Sample::value)
                        .isEqualTo(new Value.Int64(-1234)));

        // One replacement first: Milo's shared executors start with the first sessions.
        host.apply(
            machine(
                server.endpoint(),
                Map.of(),
                List.of(tag("double", plant("plant/double"), DataType.FLOAT64))));
        await().atMost(Duration.ofSeconds(30)).until(() -> births.get() == 2);
        // Counted after the first replacement: the client library starts some shared threads
        // lazily on first use. A leak grows with every replacement after that.
        int baseline = -1;

        for (int i = 0; i < 6; i++) {
          if (i == 1) {
            baseline = platformThreads();
          }
          long before = births.get();
          List<Tag> tags = new ArrayList<>();
          tags.add(tag("double", plant("plant/double"), DataType.FLOAT64));
          tags.add(tag("run-" + i, plant("plant/int32"), DataType.INT32));
          host.apply(machine(server.endpoint(), Map.of(), tags));
          await().atMost(Duration.ofSeconds(30)).until(() -> births.get() == before + 1);
        }

        int finalBaseline = baseline;
        assertThat(consumer.declares(CNC, "run-5")).isTrue();
        assertThat(consumer.declares(CNC, "run-4")).isFalse();
        assertThat(consumer.declares(CNC, "int16")).isFalse();
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () -> {
                  assertThat(latest.get("double"))
                      .isNotNull()
                      .extracting(Sample::value)
                      .isEqualTo(new Value.Float64(2.25));
                  assertThat(latest.get("run-5"))
                      .isNotNull()
                      .extracting(Sample::value)
                      .isEqualTo(new Value.Int64(-123456));
                });
        await()
            .atMost(Duration.ofSeconds(15))
            .untilAsserted(
                () -> {
                  // Each replaced connector closed its session: one is left, the current one's.
                  assertThat(server.sessions()).isEqualTo(1);
                  assertThat(platformThreads())
                      .as("threads outside the shared pools: %s", ownThreadNames())
                      .isLessThanOrEqualTo(finalBaseline + 1);
                });
      }
    }
  }

  /**
   * Pools shared by every session of the process, whose size follows the load of the moment (a
   * cached pool keeps an idle thread for a minute) and not the number of connectors: on a busy CI
   * machine they grew by two during the replacements, which says nothing about a leak.
   */
  private static final List<String> SHARED_POOLS =
      List.of(
          "ForkJoinPool",
          "awaitility",
          "milo-shared-thread-pool",
          "milo-shared-scheduled-executor",
          "milo-netty-event-loop",
          "RxComputationThreadPool",
          "RxCachedThreadScheduler");

  static List<String> ownThreadNames() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> SHARED_POOLS.stream().noneMatch(name::startsWith))
        .sorted()
        .toList();
  }

  /** Live platform threads outside the shared pools: a connector's own threads count here. */
  private static int platformThreads() {
    return ownThreadNames().size();
  }
}
