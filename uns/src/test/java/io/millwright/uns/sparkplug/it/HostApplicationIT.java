package io.millwright.uns.sparkplug.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.uns.sparkplug.HostStatus;
import io.millwright.uns.sparkplug.edge.DeviceHandle;
import io.millwright.uns.sparkplug.edge.EdgeNodeConfig;
import io.millwright.uns.sparkplug.edge.EdgeNodeSession;
import io.millwright.uns.sparkplug.host.DeviceKey;
import io.millwright.uns.sparkplug.host.HostApplicationSession;
import io.millwright.uns.sparkplug.host.HostConfig;
import io.millwright.uns.sparkplug.host.MetricSample;
import io.millwright.uns.testkit.TestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.tahu.message.SparkplugBPayloadEncoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.PropertyDataType;
import org.eclipse.tahu.message.model.PropertySet;
import org.eclipse.tahu.message.model.PropertyValue;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * HostApplicationSession against edge nodes played by a plain MQTT client with payloads built by
 * Tahu, and end to end against EdgeNodeSession.
 */
class HostApplicationIT {

  @RegisterExtension static final TestBroker BROKER = new TestBroker();

  @TempDir Path dir;
  private final Recording recording = new Recording();
  private HostApplicationSession host;
  private Mqtt5BlockingClient plain;
  private List<Mqtt5Publish> seen;

  @BeforeEach
  void startHost() throws Exception {
    plain = BROKER.client(null);
    seen = Recording.sniff(plain, "spBv1.0/#");
    host =
        new HostApplicationSession(
            EdgeNodeInteropIT.endpoint(BROKER),
            new HostConfig(
                "scada",
                Optional.empty(),
                512 * 1024,
                Duration.ofSeconds(30),
                Duration.ofMinutes(1)),
            recording);
    host.start();
    assertThat(host.awaitOnline(Duration.ofSeconds(10))).isTrue();
  }

  @AfterEach
  void stop() {
    host.close();
    plain.disconnect();
  }

  @Test
  void publishesARetainedOnlineStateAndOfflineWhenClosed() throws Exception {
    // Earlier tests' hosts of the same id leave a retained offline STATE: look for this one's
    // birth.
    await().until(() -> lastState() != null && lastState().online());
    HostStatus online = lastState();
    host.close();
    await().until(() -> !lastState().online());
    Thread.sleep(200); // nothing may follow the offline STATE, e.g. a reflex re-birth
    HostStatus offline = lastState();
    // tck-id-host-topic-phid-death-payload: the same timestamp as the birth.
    assertThat(offline).isEqualTo(new HostStatus(false, online.timestamp()));
  }

  @Test
  void decodesTahuBuiltBirthsAndDataAndMarksTagsBadOnNodeDeath() throws Exception {
    Mqtt5BlockingClient edge = tahuEdge("g1", "n1", 7);
    publish(edge, "spBv1.0/g1/NBIRTH/n1", nodeBirth(7));
    PropertySet bad =
        new PropertySet.PropertySetBuilder()
            .addProperty("Quality", new PropertyValue<>(PropertyDataType.Int32, 0))
            .addProperty(
                "QualityReason", new PropertyValue<>(PropertyDataType.String, "Bad_SensorFailure"))
            .createPropertySet();
    publish(
        edge,
        "spBv1.0/g1/DBIRTH/n1/press-01",
        payload(
            1,
            new Metric.MetricBuilder("force", MetricDataType.Float, 12.5f).alias(10L),
            new Metric.MetricBuilder("mode", MetricDataType.String, "auto").alias(11L),
            new Metric.MetricBuilder("count", MetricDataType.UInt32, 7L)
                .alias(12L)
                .properties(bad)));
    publish(
        edge,
        "spBv1.0/g1/DDATA/n1/press-01",
        payload(
            2,
            new Metric.MetricBuilder(10L, MetricDataType.Float, 13.0f),
            new Metric.MetricBuilder(12L, MetricDataType.UInt32, 8L).isHistorical(true)));
    await().until(() -> recording.of("press-01", "force").size() == 2);
    assertThat(recording.of("press-01", "force"))
        .extracting(s -> s.sample().value())
        .containsExactly(Value.of(12.5), Value.of(13.0));
    List<MetricSample> count = recording.of("press-01", "count");
    assertThat(count.getFirst().sample().quality()).isEqualTo(Quality.bad("Bad_SensorFailure"));
    await().until(() -> recording.of("press-01", "count").size() == 2);
    assertThat(recording.of("press-01", "count").get(1).historical()).isTrue();
    assertThat(recording.events).contains("online g1/n1", "online g1/n1/press-01");

    // A stale will of an older session (other bdSeq) changes nothing.
    publish(edge, "spBv1.0/g1/NDEATH/n1", payload(null, bdSeq(6)));
    // The real will: disconnect abruptly (MQTT 5 "disconnect with will message").
    edge.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();
    await().until(() -> recording.events.contains("offline g1/n1/press-01"));
    assertThat(recording.of("press-01", "mode").getLast().sample())
        .extracting(Sample::value, Sample::quality)
        .containsExactly(Value.of("auto"), Quality.NOT_CONNECTED);
    assertThat(recording.of("press-01", "force").getLast().sample().quality())
        .isEqualTo(Quality.NOT_CONNECTED);
    // Counted after the node's own metrics went Bad, which is after the device's offline notice.
    await().until(() -> host.stats().deaths() == 1);
  }

  @Test
  void sequenceGapsUnknownAliasesAndDataBeforeBirthRequestOneRebirthPerNode() throws Exception {
    Mqtt5BlockingClient edge = tahuEdge("g2", "n2", 1);
    publish(edge, "spBv1.0/g2/NBIRTH/n2", nodeBirth(1));
    publish(
        edge,
        "spBv1.0/g2/DBIRTH/n2/d",
        payload(1, new Metric.MetricBuilder("x", MetricDataType.Int64, 1L).alias(1L)));
    publish(
        edge,
        "spBv1.0/g2/DDATA/n2/d",
        payload(5, new Metric.MetricBuilder(1L, MetricDataType.Int64, 2L)));
    await().until(() -> !Recording.on(seen, "spBv1.0/g2/NCMD/n2").isEmpty());
    SparkplugBPayload request = Recording.tahu(Recording.on(seen, "spBv1.0/g2/NCMD/n2").getFirst());
    assertThat(request.getMetrics().getFirst().getName()).isEqualTo("Node Control/Rebirth");
    assertThat(request.getMetrics().getFirst().getValue()).isEqualTo(true);
    // the data itself still counts
    await().until(() -> recording.of("d", "x").size() == 2);

    publish(
        edge,
        "spBv1.0/g2/DDATA/n2/d",
        payload(6, new Metric.MetricBuilder(99L, MetricDataType.Int64, 3L)));
    publish(
        edge,
        "spBv1.0/g2/DDATA/n2/other",
        payload(7, new Metric.MetricBuilder(1L, MetricDataType.Int64, 3L)));
    await().until(() -> host.stats().rebirthRequestsSuppressed() == 2);
    assertThat(host.stats().sequenceGaps()).isEqualTo(1);
    assertThat(host.stats().unknownAliases()).isEqualTo(1);
    assertThat(host.stats().dataBeforeBirth()).isEqualTo(1);
    assertThat(Recording.on(seen, "spBv1.0/g2/NCMD/n2")).hasSize(1); // RELIABILITY T7
    edge.disconnect();
  }

  @Test
  void malformedTrafficIsCountedAndDoesNotDisturbOtherNodes() throws Exception {
    Mqtt5BlockingClient edge = tahuEdge("g3", "good", 1);
    publish(edge, "spBv1.0/g3/NBIRTH/good", nodeBirth(1));
    publish(
        edge,
        "spBv1.0/g3/DBIRTH/good/d",
        payload(1, new Metric.MetricBuilder("x", MetricDataType.Int32, 1).alias(1L)));
    Mqtt5BlockingClient attacker = BROKER.client(null);
    for (int i = 0; i < 50; i++) {
      attacker
          .publishWith()
          .topic("spBv1.0/g3/DDATA/bad/d")
          .payload(new byte[] {(byte) 0xff, 1, 2})
          .send();
      attacker.publishWith().topic("spBv1.0/g3/FOO/bad").payload(new byte[] {1}).send();
      publish(
          edge,
          "spBv1.0/g3/DDATA/good/d",
          payload(2 + i, new Metric.MetricBuilder(1L, MetricDataType.Int32, 100 + i)));
    }
    attacker.publishWith().topic("spBv1.0/g3/NDATA/bad").payload(new byte[600 * 1024]).send();
    await().until(() -> recording.of("d", "x").size() == 51);
    await().until(() -> host.stats().oversizePayloads() == 1);
    assertThat(host.stats().decodeErrors()).isEqualTo(50);
    assertThat(host.stats().invalidTopics()).isEqualTo(50);
    assertThat(host.stats().sequenceGaps()).isZero();
    attacker.disconnect();
    edge.disconnect();
  }

  @Test
  void endToEndSamplesDeadbandWritesAndRebirthOnGap() throws Exception {
    List<String> writes = new CopyOnWriteArrayList<>();
    try (EdgeNodeSession edge =
        new EdgeNodeSession(
            EdgeNodeInteropIT.endpoint(BROKER),
            EdgeNodeConfig.of("site", "conn-1", dir).withPrimaryHost("scada"))) {
      DeviceHandle cnc =
          edge.device(
              "cnc-02", EdgeNodeInteropIT.TAGS, (tag, value) -> writes.add(tag + "=" + value));
      edge.start();
      assertThat(edge.awaitOnline(Duration.ofSeconds(10))).isTrue();
      DeviceKey key = new DeviceKey("site", "conn-1", "cnc-02");
      await().until(() -> recording.events.contains("online " + key));

      double[] speeds = {1000, 1003, 1006, 1010, 1010.5, 990};
      for (int i = 0; i < speeds.length; i++) {
        cnc.publish("spindle/speed", Sample.good(10 + i, Value.of(speeds[i])));
      }
      // deadband 5: 1000, 1006, 990 pass; 1003, 1010 (4 from 1006), 1010.5 (4.5) do not
      await().until(() -> recording.of("cnc-02", "spindle/speed").size() == 3);
      assertThat(recording.of("cnc-02", "spindle/speed"))
          .extracting(s -> s.sample().value())
          .containsExactly(Value.of(1000.0), Value.of(1006.0), Value.of(990.0));
      assertThat(recording.of("cnc-02", "spindle/speed"))
          .extracting(MetricSample::sequence)
          .isSorted()
          .doesNotHaveDuplicates();
      assertThat(edge.stats().suppressed()).isEqualTo(3);

      host.write(key, "spindle/setpoint", Value.of(1500L)).join();
      await().until(() -> writes.contains("spindle/setpoint=1500"));

      // A message the host did not get (here: an injected seq) makes it ask for a rebirth.
      plain.publishWith().topic("spBv1.0/site/NDATA/conn-1").payload(payload(200)).send();
      await().until(() -> edge.stats().rebirths() == 1);
      await()
          .until(
              () -> recording.events.stream().filter(e -> e.equals("online " + key)).count() == 2);
      cnc.publish("spindle/speed", Sample.good(100, Value.of(2000.0)));
      await()
          .until(
              () ->
                  recording
                      .of("cnc-02", "spindle/speed")
                      .getLast()
                      .sample()
                      .value()
                      .equals(Value.of(2000.0)));
    }
  }

  private HostStatus lastState() throws Exception {
    List<Mqtt5Publish> states = Recording.on(seen, "spBv1.0/STATE/scada");
    return states.isEmpty() ? null : HostStatus.parse(states.getLast().getPayloadAsBytes());
  }

  private Mqtt5BlockingClient tahuEdge(String group, String node, long bdSeq) throws Exception {
    Mqtt5BlockingClient client =
        MqttClient.builder()
            .useMqttVersion5()
            .identifier("plain-" + node)
            .serverHost("127.0.0.1")
            .serverPort(BROKER.port())
            .simpleAuth()
            .username(TestBroker.USER)
            .password(TestBroker.PASSWORD.getBytes(StandardCharsets.UTF_8))
            .applySimpleAuth()
            .willPublish()
            .topic("spBv1.0/" + group + "/NDEATH/" + node)
            .qos(MqttQos.AT_LEAST_ONCE)
            .payload(payload(null, bdSeq(bdSeq)))
            .applyWillPublish()
            .buildBlocking();
    client.connect();
    return client;
  }

  private static byte[] nodeBirth(long bdSeq) throws Exception {
    return payload(
        0,
        bdSeq(bdSeq),
        new Metric.MetricBuilder("Node Control/Rebirth", MetricDataType.Boolean, false));
  }

  private static Metric.MetricBuilder bdSeq(long value) {
    return new Metric.MetricBuilder("bdSeq", MetricDataType.Int64, value);
  }

  static byte[] payload(Integer seq, Metric.MetricBuilder... metrics) {
    try {
      SparkplugBPayload payload =
          new SparkplugBPayload(new Date(), new ArrayList<>(), seq == null ? null : (long) seq);
      for (Metric.MetricBuilder m : metrics) {
        payload.addMetric(m.timestamp(new Date()).createMetric());
      }
      return new SparkplugBPayloadEncoder().getBytes(payload, false);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static void publish(Mqtt5BlockingClient client, String topic, byte[] payload) {
    client.publishWith().topic(topic).qos(MqttQos.AT_MOST_ONCE).payload(payload).send();
  }
}
