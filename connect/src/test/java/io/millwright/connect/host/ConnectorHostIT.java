package io.millwright.connect.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millwright.connect.LinkStatus;
import io.millwright.connect.modbus.ModbusConnectorFactory;
import io.millwright.connect.modbus.TestSlave;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Scale;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A machine all the way into the namespace: a real Modbus slave, the connector host publishing
 * through a Sparkplug edge node into the real embedded broker, and a host application (our consumer
 * side) decoding what arrives and writing back through DCMD.
 */
class ConnectorHostIT {

  @RegisterExtension static final TestBroker BROKER = new TestBroker();

  static final DeviceKey PRESS = new DeviceKey("plant-1", "connectors", "press-01");

  @TempDir Path data;

  TestSlave slave;
  MachineDefinition press;
  ConnectorHost host;
  HostApplicationSession consumer;
  final Map<String, Sample> latest = new ConcurrentHashMap<>();
  final List<String> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    slave = TestSlave.start(16, 8);
    slave.holding(0, 123); // 12.3 bar at factor 0.1
    slave.holding(1, 42);
    consumer =
        new HostApplicationSession(
            BROKER.endpoint(),
            HostConfig.of("test-host").withGroup("plant-1"),
            new SparkplugListener() {
              @Override
              public void onSamples(DeviceKey device, List<MetricSample> samples) {
                if (device.equals(PRESS)) {
                  samples.forEach(s -> latest.put(s.metric(), s.sample()));
                } else {
                  samples.forEach(s -> latest.put(device.device() + ":" + s.metric(), s.sample()));
                }
              }

              @Override
              public void onOnline(DeviceKey device) {
                events.add("online " + device.device());
              }

              @Override
              public void onOffline(DeviceKey device) {
                events.add("offline " + device.device());
              }
            });
    consumer.start();
    assertThat(consumer.awaitOnline(Duration.ofSeconds(20))).isTrue();
    press =
        new MachineDefinition(
            "press-01",
            "Hydraulic press",
            "pressing",
            "line-1",
            Protocol.MODBUS,
            slave.endpoint(),
            Map.of("timeout", "500ms"),
            Duration.ofMillis(100),
            List.of(
                new Tag(
                    "hydraulics/pressure",
                    "holding:0",
                    DataType.INT16,
                    "bar",
                    new Scale(0.1, 0),
                    0,
                    Optional.empty(),
                    false),
                Tag.of("counts/cycles", "holding:1", DataType.UINT16),
                new Tag(
                    "job/target",
                    "holding:2",
                    DataType.UINT16,
                    "",
                    Scale.IDENTITY,
                    0,
                    Optional.empty(),
                    true)));
    host =
        new ConnectorHost(
            new EdgeNodeSession(
                BROKER.endpoint(), EdgeNodeConfig.of("plant-1", "connectors", data)),
            List.of(press),
            new ConnectorCatalog(List.of(new ModbusConnectorFactory())));
    host.start();
  }

  @AfterEach
  void stop() {
    host.close();
    consumer.close();
    slave.close();
  }

  @Test
  void machineValuesReachTheNamespaceScaledAndLive() {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(latest.get("hydraulics/pressure"))
                  .isNotNull()
                  .extracting(Sample::value)
                  .isEqualTo(new Value.Float64(12.3));
              assertThat(latest.get("counts/cycles").value()).isEqualTo(new Value.Int64(42));
            });
    assertThat(events).contains("online press-01");

    slave.holding(1, 43);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(latest.get("counts/cycles").value()).isEqualTo(new Value.Int64(43)));
    assertThat(host.machines().getFirst().stats().status()).isEqualTo(LinkStatus.CONNECTED);
  }

  @Test
  void aWriteFromTheNamespaceReachesTheMachine() {
    await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("online press-01"));

    consumer.write(PRESS, "job/target", new Value.Int64(500)).join();

    await().atMost(Duration.ofSeconds(10)).until(() -> slave.holding(2) == 500);
  }

  @Test
  void aLostLinkTakesTheDeviceOfflineAndItComesBackWithData() {
    await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("online press-01"));

    slave.stop();
    await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("offline press-01"));
    // Awaited: each retry is CONNECTING for a moment.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> host.machines().getFirst().stats().status() == LinkStatus.DISCONNECTED);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !latest.get("hydraulics/pressure").quality().isGood());
    long death = latest.get("hydraulics/pressure").timestamp();

    slave.holding(1, 99);
    slave.open();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(events.getLast()).isEqualTo("online press-01");
              assertThat(latest.get("counts/cycles").value()).isEqualTo(new Value.Int64(99));
              // Unchanged across the outage, yet Good again, and newer than the death's Bad.
              Sample pressure = latest.get("hydraulics/pressure");
              assertThat(pressure.quality().isGood()).isTrue();
              assertThat(pressure.value()).isEqualTo(new Value.Float64(12.3));
              assertThat(pressure.timestamp()).isGreaterThanOrEqualTo(death);
            });
  }

  /** The press with another tag set: the cycles counter read as a 32-bit input pair instead. */
  private MachineDefinition pressWith(List<Tag> tags) {
    return new MachineDefinition(
        press.id(),
        press.name(),
        press.area(),
        press.line(),
        press.protocol(),
        press.endpoint(),
        press.options(),
        press.pollInterval(),
        tags);
  }

  private long onlineEvents() {
    return events.stream().filter(e -> e.equals("online press-01")).count();
  }

  @Test
  void aReplacedMachineIsBornAgainWithItsNewTagsAndItsValuesFlow() {
    await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("online press-01"));
    assertThat(consumer.declares(PRESS, "hydraulics/pressure")).isTrue();
    slave.input(0, 1, 4464); // 70000 as a big-endian uint32

    boolean replaced =
        host.apply(
            pressWith(
                List.of(
                    Tag.of("counts/total", "input:0", DataType.UINT32),
                    new Tag(
                        "job/target",
                        "holding:2",
                        DataType.UINT16,
                        "",
                        Scale.IDENTITY,
                        0,
                        Optional.empty(),
                        true))));

    assertThat(replaced).isTrue();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(events).containsSubsequence("online press-01", "offline press-01");
              assertThat(events.getLast()).isEqualTo("online press-01");
              assertThat(consumer.declares(PRESS, "counts/total")).isTrue();
              assertThat(consumer.declares(PRESS, "hydraulics/pressure")).isFalse();
              assertThat(consumer.declares(PRESS, "counts/cycles")).isFalse();
              assertThat(latest.get("counts/total").value()).isEqualTo(new Value.Int64(70_000));
            });
    slave.input(1, 4465);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(latest.get("counts/total").value()).isEqualTo(new Value.Int64(70_001)));
    // Writes go to the new connector.
    consumer.write(PRESS, "job/target", new Value.Int64(321)).join();
    await().atMost(Duration.ofSeconds(10)).until(() -> slave.holding(2) == 321);
    assertThat(host.machines())
        .singleElement()
        .satisfies(m -> assertThat(m.machine().tags()).hasSize(2));
  }

  @Test
  void aMachineAddedLiveIsBornAndARemovedOneDies() {
    await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("online press-01"));
    MachineDefinition second =
        new MachineDefinition(
            "press-02",
            null,
            "pressing",
            "line-1",
            Protocol.MODBUS,
            slave.endpoint(),
            Map.of(),
            Duration.ofMillis(100),
            List.of(Tag.of("counts/cycles", "holding:1", DataType.UINT16)));

    assertThat(host.apply(second)).isFalse();

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(events).contains("online press-02");
              assertThat(latest.get("press-02:counts/cycles").value())
                  .isEqualTo(new Value.Int64(42));
            });
    assertThat(host.machines())
        .extracting(m -> m.machine().id())
        .containsExactly("press-01", "press-02");

    assertThat(host.remove("press-01")).isTrue();
    assertThat(host.remove("press-01")).isFalse();
    await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("offline press-01"));
    assertThat(host.machines()).extracting(m -> m.machine().id()).containsExactly("press-02");
    assertThatThrownBy(() -> host.stats("press-01")).isInstanceOf(IllegalArgumentException.class);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !latest.get("hydraulics/pressure").quality().isGood());
    assertThat(consumer.declares(PRESS, "job/target")).isFalse();
    assertThat(host.stats("press-02").status()).isEqualTo(LinkStatus.CONNECTED);
  }

  @Test
  void aDefinitionTheConnectorRefusesChangesNothing() {
    await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("online press-01"));

    assertThatThrownBy(
            () -> host.apply(pressWith(List.of(Tag.of("bad", "input:0", DataType.BOOL)))))
        .isInstanceOf(DefinitionException.class);

    assertThat(host.machines().getFirst().machine()).isEqualTo(press);
    assertThat(events).doesNotContain("offline press-01");
    slave.holding(1, 44);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(latest.get("counts/cycles").value()).isEqualTo(new Value.Int64(44)));
  }

  @Test
  void replacingAMachineAgainAndAgainLeaksNoThreads() {
    await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("online press-01"));
    host.apply(pressWith(List.of(Tag.of("counts/cycles", "holding:1", DataType.UINT16))));
    await().atMost(Duration.ofSeconds(20)).until(() -> onlineEvents() == 2);
    int baseline = platformThreads();

    for (int i = 0; i < 6; i++) {
      long before = onlineEvents();
      host.apply(
          pressWith(
              List.of(
                  Tag.of("counts/cycles", "holding:1", DataType.UINT16),
                  Tag.of("run-" + i, "holding:" + (3 + i), DataType.UINT16))));
      await().atMost(Duration.ofSeconds(20)).until(() -> onlineEvents() == before + 1);
    }

    assertThat(consumer.declares(PRESS, "run-5")).isTrue();
    assertThat(consumer.declares(PRESS, "run-4")).isFalse();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(
                      Thread.getAllStackTraces().keySet().stream()
                          .filter(t -> t.getName().startsWith("modbus-press-01"))
                          .count())
                  .as("poller threads of press-01")
                  .isEqualTo(1);
              // Six replacements, each leaking a thread, would be six more.
              assertThat(platformThreads())
                  .as(
                      "threads: %s",
                      Thread.getAllStackTraces().keySet().stream()
                          .map(Thread::getName)
                          .sorted()
                          .toList())
                  .isLessThanOrEqualTo(baseline + 2);
            });
  }

  @Test
  void writesAndListingsWhileTheMachineIsReplacedAgainAndAgain() throws Exception {
    await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("online press-01"));
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicBoolean running =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread lister =
        Thread.ofPlatform()
            .start(
                () -> {
                  while (running.get()) {
                    try {
                      for (MachineStatus m : host.machines()) {
                        m.stats();
                        host.stats(m.machine().id());
                      }
                    } catch (RuntimeException e) {
                      failures.add(e);
                    }
                  }
                });
    Thread writer =
        Thread.ofPlatform()
            .start(
                () -> {
                  int i = 0;
                  while (running.get()) {
                    // Between the death and the new birth the consumer knows no such metric;
                    // a write that does go out may reach the old, closed connector. Neither may
                    // break the host.
                    try {
                      consumer.write(PRESS, "job/target", new Value.Int64(100 + i++ % 100));
                    } catch (IllegalArgumentException notBornNow) {
                      // expected while the device is being replaced
                    }
                    try {
                      Thread.sleep(2);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
    try {
      for (int i = 0; i < 8; i++) {
        long before = onlineEvents();
        host.apply(
            new MachineDefinition(
                press.id(),
                press.name(),
                press.area(),
                press.line(),
                press.protocol(),
                press.endpoint(),
                press.options(),
                press.pollInterval(),
                i % 2 == 0 ? press.tags() : press.tags().subList(1, 3)));
        await().atMost(Duration.ofSeconds(20)).until(() -> onlineEvents() > before);
      }
    } finally {
      running.set(false);
      lister.join();
      writer.join();
    }

    assertThat(failures).isEmpty();
    consumer.write(PRESS, "job/target", new Value.Int64(777)).join();
    await().atMost(Duration.ofSeconds(10)).until(() -> slave.holding(2) == 777);
    assertThat(host.stats("press-01").status()).isEqualTo(LinkStatus.CONNECTED);
  }

  /**
   * Live platform threads, without the common pool's and awaitility's own, which come and go with
   * awaitility (one evaluates the condition that counts).
   */
  private static int platformThreads() {
    return (int)
        Thread.getAllStackTraces().keySet().stream()
            .filter(
                t ->
                    t.isAlive()
                        && !t.getName().startsWith("ForkJoinPool")
                        && !t.getName().startsWith("awaitility"))
            .count();
  }
}
