package io.millwright.publisher.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.publisher.batch.BatchId;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MqttTopicsTest {

  @Test
  void writesAndReadsTheTopics() {
    BatchId id = new BatchId("plant-1", "b0f", 42);
    assertThat(MqttTopics.batch("millwright", id, false))
        .isEqualTo("millwright/plant-1/batch/live/b0f/42");
    assertThat(MqttTopics.batch("acme/cloud", id, true))
        .isEqualTo("acme/cloud/plant-1/batch/historical/b0f/42");
    assertThat(MqttTopics.status("millwright", "plant-1")).isEqualTo("millwright/plant-1/status");
    assertThat(MqttTopics.parse("acme/cloud", "acme/cloud/plant-1/batch/historical/b0f/42"))
        .isEqualTo(new MqttTopics.BatchTopic(id, true));
    assertThat(MqttTopics.parse("millwright", "millwright/plant-1/status"))
        .isEqualTo(new MqttTopics.StatusTopic("plant-1"));
    assertThat(MqttTopics.batchFilter("millwright")).isEqualTo("millwright/+/batch/#");
    assertThat(MqttTopics.statusFilter("millwright")).isEqualTo("millwright/+/status");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "other/plant-1/status",
        "millwright",
        "millwright/",
        "millwright/plant-1",
        "millwright/Plant-1/status",
        "millwright//status",
        "millwright/plant-1/status/x",
        "millwright/plant-1/batch",
        "millwright/plant-1/batch/live/b0f",
        "millwright/plant-1/batch/live/b0f/",
        "millwright/plant-1/batch/live/b0f/x",
        "millwright/plant-1/batch/live/b0f/-1",
        "millwright/plant-1/batch/live/b0f/0",
        "millwright/plant-1/batch/live/b0f/+1",
        "millwright/plant-1/batch/live/b0f/01",
        "millwright/plant-1/batch/live/b0f/99999999999999999999",
        "millwright/plant-1/batch/live/B0F/1",
        "millwright/plant-1/batch/soon/b0f/1",
        "millwright/plant-1/batch/live/b0f/1/2",
        "millwright/plant-1/batches/live/b0f/1",
      })
  void refusesWhatItDidNotWrite(String topic) {
    assertThatThrownBy(() -> MqttTopics.parse("millwright", topic))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("topic ");
  }

  @Property(tries = 2000)
  void anyTopicParsesOrFailsCleanly(@ForAll String suffix) {
    try {
      MqttTopics.Parsed parsed = MqttTopics.parse("millwright", "millwright/" + suffix);
      String written =
          switch (parsed) {
            case MqttTopics.BatchTopic b -> MqttTopics.batch("millwright", b.id(), b.historical());
            case MqttTopics.StatusTopic s -> MqttTopics.status("millwright", s.site());
          };
      assertThat(written).isEqualTo("millwright/" + suffix);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).hasSizeLessThan(600);
    }
  }

  @Test
  void theConfigurationChecksItselfAndHidesItsSecrets() {
    MqttTransportConfig config =
        new MqttTransportConfig(
            URI.create("mqtts://broker.example"),
            null,
            "site-plant-1",
            Optional.of("plant-1"),
            Optional.of("pw-1"),
            Optional.of(Path.of("/etc/trust.p12")),
            Optional.of("pw-2"),
            Optional.of(Path.of("/etc/client.p12")),
            Optional.of("pw-3"),
            Duration.ofSeconds(10));
    assertThat(config.topicPrefix()).isEqualTo("millwright");
    assertThat(config.port()).isEqualTo(8883);
    assertThat(config.target()).isEqualTo("mqtts://broker.example:8883");
    assertThat(config.toString()).doesNotContain("pw-1", "pw-2", "pw-3").contains("plant-1");
    assertThat(MqttTransportConfig.of(URI.create("mqtt://b"), "c", null, null).port())
        .isEqualTo(1883);
    assertThatThrownBy(() -> MqttTransportConfig.of(URI.create("http://b"), "c", null, null))
        .hasMessageContaining("mqtt://");
    assertThatThrownBy(() -> MqttTransportConfig.of(URI.create("mqtt://u:p@b"), "c", null, null))
        .hasMessageContaining("credentials");
    assertThatThrownBy(() -> MqttTransportConfig.of(URI.create("mqtt://b"), "", null, null))
        .hasMessageContaining("client id");
    for (String prefix : new String[] {"", "/a", "a/", "a//b", "a/+", "#", "$SYS"}) {
      assertThatThrownBy(
              () ->
                  new MqttTransportConfig(
                      URI.create("mqtt://b"),
                      prefix,
                      "c",
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      Duration.ofSeconds(1)))
          .as(prefix)
          .hasMessageContaining("topic prefix");
    }
    assertThatThrownBy(
            () ->
                new MqttTransportConfig(
                    URI.create("mqtt://b"),
                    "m",
                    "c",
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(Path.of("/t.p12")),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Duration.ofSeconds(1)))
        .hasMessageContaining("mqtts://");
  }
}
