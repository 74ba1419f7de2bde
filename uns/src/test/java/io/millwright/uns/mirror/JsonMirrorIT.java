package io.millwright.uns.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.uns.mqtt.MqttEndpoint;
import io.millwright.uns.sparkplug.edge.DeviceHandle;
import io.millwright.uns.sparkplug.edge.EdgeNodeConfig;
import io.millwright.uns.sparkplug.edge.EdgeNodeSession;
import io.millwright.uns.testkit.Mosquitto;
import io.millwright.uns.testkit.TestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An edge node's Sparkplug data comes out of the mirror as retained JSON per tag, on the embedded
 * broker and on Mosquitto (the external mode): the sessions and the mirror speak plain MQTT 5 that
 * any broker carries.
 */
class JsonMirrorIT {

  @RegisterExtension static final TestBroker EMBEDDED = new TestBroker();
  @RegisterExtension static final Mosquitto MOSQUITTO = new Mosquitto();

  static final List<Tag> TAGS =
      List.of(
          Tag.of("hydraulics/oil-temperature", "holding:0", DataType.FLOAT32),
          Tag.of("state", "input:4", DataType.STRING));

  @TempDir Path dir;

  @Test
  void mirrorsTagsRetainedOnTheEmbeddedBroker() throws Exception {
    mirrorsTagsRetained(EMBEDDED.endpoint());
  }

  @Test
  void mirrorsTagsRetainedOnMosquitto() throws Exception {
    mirrorsTagsRetained(MOSQUITTO.endpoint());
  }

  private void mirrorsTagsRetained(MqttEndpoint endpoint) throws Exception {
    String prefix = "acme/plant-1/pressing/line-1/press-01/";
    try (JsonMirror mirror =
            new JsonMirror(
                endpoint,
                "acme",
                "plant-1",
                Map.of("press-01", new MachinePlacement("pressing", "line-1")));
        EdgeNodeSession edge =
            new EdgeNodeSession(endpoint, EdgeNodeConfig.of("plant-1", "connectors-1", dir))) {
      mirror.start();
      DeviceHandle press = edge.device("press-01", TAGS, (tag, value) -> {});
      DeviceHandle stranger = edge.device("press-99", TAGS, (tag, value) -> {});
      edge.start();
      assertThat(edge.awaitOnline(Duration.ofSeconds(10))).isTrue();
      press.publish("hydraulics/oil-temperature", Sample.good(1_763_805_600_000L, Value.of(41.5)));
      press.publish("state", Sample.good(1_763_805_600_000L, Value.of("producing")));
      stranger.publish("state", Sample.good(1_763_805_600_000L, Value.of("idle")));
      // A late subscriber gets the latest value of each tag at once: the topics are retained.
      // (The value a subscriber got is checked, not a second look: retained() gives up after a
      // second, which a busy machine can take.)
      String oil =
          await()
              .atMost(Duration.ofSeconds(10))
              .until(
                  () -> retained(endpoint, prefix + "hydraulics/oil-temperature"),
                  json -> json.contains("41.5"));
      assertThat(oil)
          .isEqualTo("{\"value\":41.5,\"timestamp\":1763805600000,\"quality\":\"Good\"}");
      await().until(() -> retained(endpoint, prefix + "state").contains("producing"));
      // press-99 is not configured: there is no area or line to put it under. Its data comes
      // after press-01's on the mirror's own thread, maybe after the retained value above.
      await().atMost(Duration.ofSeconds(10)).until(() -> mirror.skipped() > 0);

      // The device goes away: the mirror says so, keeping the last value.
      press.offline("link lost");
      String state =
          await()
              .atMost(Duration.ofSeconds(10))
              .until(
                  () -> retained(endpoint, prefix + "state"),
                  json -> json.contains("Bad_NotConnected"));
      assertThat(state).contains("\"value\":\"producing\"");
    }
  }

  /**
   * What a new subscriber to the topic receives first: its retained message, or "" within a second.
   */
  private static String retained(MqttEndpoint endpoint, String topic) throws Exception {
    Mqtt5BlockingClient client =
        MqttClient.builder()
            .useMqttVersion5()
            .serverHost(endpoint.host())
            .serverPort(endpoint.port())
            .simpleAuth()
            .username(endpoint.username())
            .password(endpoint.password().getBytes(StandardCharsets.UTF_8))
            .applySimpleAuth()
            .buildBlocking();
    client.connect();
    try (var publishes = client.publishes(MqttGlobalPublishFilter.ALL)) {
      client.subscribeWith().topicFilter(topic).send();
      Optional<Mqtt5Publish> first = publishes.receive(1, TimeUnit.SECONDS);
      return first.map(p -> new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)).orElse("");
    } finally {
      client.disconnect();
    }
  }
}
