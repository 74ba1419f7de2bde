package io.millwright.connect.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millwright.connect.LinkStatus;
import io.millwright.connect.modbus.ModbusConnectorFactory;
import io.millwright.connect.modbus.TestSlave;
import io.millwright.core.machine.DataType;
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
    MachineDefinition press =
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
    assertThat(host.machines().getFirst().stats().status()).isEqualTo(LinkStatus.DISCONNECTED);
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
}
