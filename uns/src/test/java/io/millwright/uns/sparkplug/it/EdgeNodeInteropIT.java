package io.millwright.uns.sparkplug.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Scale;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.uns.mqtt.MqttEndpoint;
import io.millwright.uns.sparkplug.edge.DeviceHandle;
import io.millwright.uns.sparkplug.edge.EdgeNodeConfig;
import io.millwright.uns.sparkplug.edge.EdgeNodeSession;
import io.millwright.uns.testkit.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** EdgeNodeSession as a plain MQTT client decoding with Tahu sees it (Sparkplug 3.0, 6.4.18). */
class EdgeNodeInteropIT {

  @RegisterExtension static final TestBroker BROKER = new TestBroker();

  @TempDir Path dir;

  static MqttEndpoint endpoint() {
    return endpoint(BROKER);
  }

  static MqttEndpoint endpoint(TestBroker broker) {
    return new MqttEndpoint(
        "127.0.0.1",
        broker.port(),
        false,
        Optional.empty(),
        Optional.empty(),
        TestBroker.USER,
        TestBroker.PASSWORD);
  }

  static final List<Tag> TAGS =
      List.of(
          new Tag(
              "spindle/speed",
              "ns=2;s=S",
              DataType.FLOAT64,
              "rpm",
              Scale.IDENTITY,
              5,
              Optional.empty(),
              false),
          new Tag(
              "spindle/setpoint",
              "ns=2;s=SP",
              DataType.INT32,
              "rpm",
              Scale.IDENTITY,
              0,
              Optional.empty(),
              true),
          Tag.of("program", "ns=2;s=P", DataType.STRING));

  @Test
  void birthsDataAndDeathAreWellFormedSparkplug() throws Exception {
    Mqtt5BlockingClient plain = BROKER.client(null);
    List<Mqtt5Publish> seen = Recording.sniff(plain, "spBv1.0/interop/#");
    EdgeNodeSession edge =
        new EdgeNodeSession(endpoint(), EdgeNodeConfig.of("interop", "host-a", dir));
    DeviceHandle cnc = edge.device("cnc-02", TAGS, (tag, value) -> {});
    cnc.publish("spindle/speed", Sample.good(1000, Value.of(1200.0)));
    edge.start();
    assertThat(edge.awaitOnline(Duration.ofSeconds(10))).isTrue();
    cnc.publish("spindle/speed", Sample.good(2000, Value.of(1300.0)));
    cnc.publish("program", new Sample(2001, Value.of("O1234"), Quality.STALE));
    await().until(() -> Recording.on(seen, "spBv1.0/interop/DDATA/host-a/cnc-02").size() == 2);

    SparkplugBPayload nbirth =
        Recording.tahu(Recording.on(seen, "spBv1.0/interop/NBIRTH/host-a").getFirst());
    assertThat(nbirth.getSeq()).isZero(); // tck-id-payloads-nbirth-seq
    Metric bdSeq = metric(nbirth, "bdSeq");
    assertThat(bdSeq.getDataType()).isEqualTo(MetricDataType.UInt64);
    assertThat(metric(nbirth, "Node Control/Rebirth").getValue()).isEqualTo(false);

    SparkplugBPayload dbirth =
        Recording.tahu(Recording.on(seen, "spBv1.0/interop/DBIRTH/host-a/cnc-02").getFirst());
    assertThat(dbirth.getSeq()).isEqualTo(1);
    assertThat(dbirth.getMetrics())
        .extracting(Metric::getName)
        .containsExactly("spindle/speed", "spindle/setpoint", "program");
    assertThat(dbirth.getMetrics()).allMatch(Metric::hasAlias);
    assertThat(metric(dbirth, "spindle/speed").getValue()).isEqualTo(1200.0);
    assertThat(metric(dbirth, "spindle/setpoint").isNull()).isTrue();
    assertThat(metric(dbirth, "spindle/setpoint").getDataType()).isEqualTo(MetricDataType.Int32);

    List<Mqtt5Publish> ddata = Recording.on(seen, "spBv1.0/interop/DDATA/host-a/cnc-02");
    // Aliases only after the birth: decode raw, as Tahu needs the birth's types for aliases.
    var first =
        org.eclipse.tahu.protobuf.SparkplugBProto.Payload.parseFrom(
            ddata.get(0).getPayloadAsBytes());
    assertThat(first.getSeq()).isEqualTo(2);
    assertThat(first.getMetrics(0).hasName()).isFalse();
    assertThat(first.getMetrics(0).getAlias())
        .isEqualTo(metric(dbirth, "spindle/speed").getAlias());
    assertThat(first.getMetrics(0).getDoubleValue()).isEqualTo(1300.0);
    assertThat(first.getMetrics(0).getTimestamp()).isEqualTo(2000);
    var second =
        org.eclipse.tahu.protobuf.SparkplugBProto.Payload.parseFrom(
            ddata.get(1).getPayloadAsBytes());
    assertThat(second.getSeq()).isEqualTo(3);
    assertThat(second.getMetrics(0).getProperties().getKeysList())
        .containsExactly("Quality", "QualityReason", "mwseq");

    edge.close();
    await().until(() -> !Recording.on(seen, "spBv1.0/interop/NDEATH/host-a").isEmpty());
    SparkplugBPayload ndeath =
        Recording.tahu(Recording.on(seen, "spBv1.0/interop/NDEATH/host-a").getFirst());
    assertThat(metric(ndeath, "bdSeq").getValue()).isEqualTo(bdSeq.getValue());
    assertThat(ndeath.getSeq()).isNull(); // tck-id-payloads-ndeath-seq
    plain.disconnect();
  }

  @Test
  void rebirthsOnRequestAndHandsWritesToTheDevice() throws Exception {
    Mqtt5BlockingClient plain = BROKER.client(null);
    List<Mqtt5Publish> seen = Recording.sniff(plain, "spBv1.0/cmd/#");
    List<String> writes = new CopyOnWriteArrayList<>();
    try (EdgeNodeSession edge =
        new EdgeNodeSession(endpoint(), EdgeNodeConfig.of("cmd", "host-b", dir))) {
      edge.device("lathe-1", TAGS, (tag, value) -> writes.add(tag + "=" + value));
      edge.start();
      assertThat(edge.awaitOnline(Duration.ofSeconds(10))).isTrue();
      await().until(() -> Recording.on(seen, "spBv1.0/cmd/DBIRTH/host-b/lathe-1").size() == 1);

      plain
          .publishWith()
          .topic("spBv1.0/cmd/NCMD/host-b")
          .payload(
              command(
                  new Metric.MetricBuilder("Node Control/Rebirth", MetricDataType.Boolean, true)))
          .send();
      await().until(() -> Recording.on(seen, "spBv1.0/cmd/NBIRTH/host-b").size() == 2);
      await().until(() -> Recording.on(seen, "spBv1.0/cmd/DBIRTH/host-b/lathe-1").size() == 2);
      assertThat(Recording.tahu(Recording.on(seen, "spBv1.0/cmd/NBIRTH/host-b").get(1)).getSeq())
          .isZero();
      assertThat(edge.stats().rebirths()).isEqualTo(1);

      plain
          .publishWith()
          .topic("spBv1.0/cmd/DCMD/host-b/lathe-1")
          .payload(
              command(
                  new Metric.MetricBuilder("spindle/setpoint", MetricDataType.Int32, 1500),
                  new Metric.MetricBuilder("spindle/speed", MetricDataType.Double, 1.0)))
          .send();
      await().until(() -> writes.size() == 1);
      assertThat(writes).containsExactly("spindle/setpoint=1500");
      await().until(() -> edge.stats().commandsRejected() == 1); // speed is read-only
    }
    plain.disconnect();
  }

  private static byte[] command(Metric.MetricBuilder... metrics) throws Exception {
    SparkplugBPayload payload =
        new SparkplugBPayload(new java.util.Date(), new java.util.ArrayList<>());
    for (Metric.MetricBuilder m : metrics) {
      payload.addMetric(m.createMetric());
    }
    return new org.eclipse.tahu.message.SparkplugBPayloadEncoder().getBytes(payload, false);
  }

  private static Metric metric(SparkplugBPayload payload, String name) {
    return payload.getMetrics().stream()
        .filter(m -> name.equals(m.getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name));
  }
}
