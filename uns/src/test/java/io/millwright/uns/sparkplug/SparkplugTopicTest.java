package io.millwright.uns.sparkplug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SparkplugTopicTest {

  @Test
  void parsesNodeDeviceAndStateTopicsAndFormatsThemBack() {
    SparkplugTopic node = SparkplugTopic.parse("spBv1.0/plant-1/NBIRTH/connector-a");
    assertThat(node).isEqualTo(SparkplugTopic.node("plant-1", MessageType.NBIRTH, "connector-a"));
    assertThat(node.device()).isEmpty();

    SparkplugTopic device = SparkplugTopic.parse("spBv1.0/plant-1/DDATA/connector-a/cnc-02");
    assertThat(device.type()).isEqualTo(MessageType.DDATA);
    assertThat(device.device()).isEqualTo("cnc-02");
    assertThat(device.toString()).isEqualTo("spBv1.0/plant-1/DDATA/connector-a/cnc-02");

    SparkplugTopic state = SparkplugTopic.parse("spBv1.0/STATE/scada-main");
    assertThat(state.type()).isEqualTo(MessageType.STATE);
    assertThat(state.hostId()).isEqualTo("scada-main");
    assertThat(state.toString()).isEqualTo("spBv1.0/STATE/scada-main");
  }

  @Test
  void everyMessageTypeRoundTrips() {
    for (MessageType type : MessageType.values()) {
      SparkplugTopic topic =
          type == MessageType.STATE
              ? SparkplugTopic.state("h")
              : type.isDeviceLevel()
                  ? SparkplugTopic.device("g", type, "n", "d")
                  : SparkplugTopic.node("g", type, "n");
      assertThat(SparkplugTopic.parse(topic.toString())).isEqualTo(topic);
    }
  }

  // tck-id-topic-structure-namespace-*: namespace, known type, level count per type, no wildcards.
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "spBv2.0/g/NDATA/n          | at character 5: it does not start with \"spBv1.0/\"",
        "spBv1.0/g                  | ends after the group id",
        "spBv1.0/g/NDATA            | ends after the message type",
        "spBv1.0/g/NFOO/n           | at character 11: \"NFOO\" is not a message type",
        "spBv1.0/g/NDATA/n/d        | at character 18: there is a level too many after the edge node id",
        "spBv1.0/g/DDATA/n          | DDATA is a device message; a device id must follow",
        "spBv1.0/g/DDATA/n/         | the device id is empty",
        "spBv1.0//NDATA/n           | at character 9: the group id is empty",
        "spBv1.0/g+/NDATA/n         | at character 10: the group id contains the MQTT wildcard '+'",
        "spBv1.0/g/DDATA/n/d#       | at character 20: the device id contains the MQTT wildcard '#'",
        "spBv1.0/STATE/h/x          | there is a level too many after the host id",
        "spBv1.0/STATE/             | the host id is empty",
      })
  void rejectsInvalidTopicsSayingWhatAndWhere(String topic, String problem) {
    assertThatThrownBy(() -> SparkplugTopic.parse(topic))
        .isInstanceOf(InvalidTopicException.class)
        .hasMessageContaining(problem);
  }

  @Test
  void rejectsNullOverlongAndControlCharacters() {
    assertThatThrownBy(() -> SparkplugTopic.parse(null)).isInstanceOf(InvalidTopicException.class);
    assertThatThrownBy(() -> SparkplugTopic.parse("spBv1.0/g/NDATA/" + "n".repeat(2000)))
        .hasMessageContaining("the limit is 1024");
    assertThatThrownBy(() -> SparkplugTopic.parse("spBv1.0/g/NDATA/a\u0001b"))
        .hasMessageContaining("control character")
        .hasMessageContaining("\\u0001");
  }

  @Test
  void constructorsRefuseIdsSparkplugForbids() {
    assertThatThrownBy(() -> SparkplugTopic.node("a/b", MessageType.NDATA, "n"))
        .hasMessageContaining("group id");
    assertThatThrownBy(() -> SparkplugTopic.node("g", MessageType.DDATA, "n"))
        .hasMessageContaining("device id is missing");
    assertThatThrownBy(() -> SparkplugTopic.device("g", MessageType.NDATA, "n", "d"))
        .hasMessageContaining("takes no device id");
  }
}
