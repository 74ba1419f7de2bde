package io.millwright.uns.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.millwright.uns.testkit.TestBroker;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The embedded broker as MQTT clients see it: authentication, ACLs, QoS, retained messages,
 * sessions across restarts.
 */
class EmbeddedBrokerIT {

  @RegisterExtension static final TestBroker BROKER = new TestBroker();

  @Test
  void clientsWithoutOrWithWrongCredentialsAreRefused() {
    var anonymous =
        MqttClient.builder()
            .useMqttVersion5()
            .serverHost("127.0.0.1")
            .serverPort(BROKER.port())
            .buildBlocking();
    assertThatThrownBy(anonymous::connect).isInstanceOf(Mqtt5ConnAckException.class);
    var wrong = BROKER.unconnected(null, "test", "nope");
    assertThatThrownBy(wrong::connect).isInstanceOf(Mqtt5ConnAckException.class);
    assertThat(BROKER.broker().refusedConnections()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void qosOneAndTwoArriveAndMqtt311ClientsWorkToo() throws Exception {
    Mqtt5BlockingClient subscriber = BROKER.client(null);
    try (var publishes = subscriber.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
      subscriber.subscribeWith().topicFilter("plant/qos/#").qos(MqttQos.EXACTLY_ONCE).send();
      Mqtt3BlockingClient v3 =
          MqttClient.builder()
              .useMqttVersion3()
              .serverHost("127.0.0.1")
              .serverPort(BROKER.port())
              .simpleAuth()
              .username(TestBroker.USER)
              .password(TestBroker.PASSWORD.getBytes(StandardCharsets.UTF_8))
              .applySimpleAuth()
              .buildBlocking();
      v3.connect();
      v3.publishWith()
          .topic("plant/qos/one")
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload(new byte[] {1})
          .send();
      v3.publishWith()
          .topic("plant/qos/two")
          .qos(MqttQos.EXACTLY_ONCE)
          .payload(new byte[] {2})
          .send();
      Optional<Mqtt5Publish> first = publishes.receive(10, TimeUnit.SECONDS);
      Optional<Mqtt5Publish> second = publishes.receive(10, TimeUnit.SECONDS);
      assertThat(first).map(p -> p.getTopic().toString()).contains("plant/qos/one");
      assertThat(second).map(p -> p.getQos()).contains(MqttQos.EXACTLY_ONCE);
      v3.disconnect();
    }
    subscriber.disconnect();
  }

  @Test
  void aReadOnlyUserCannotPublishOrReadOutsideItsTopics() throws Exception {
    Mqtt5BlockingClient reader = BROKER.unconnected(null, "reader", "reader-password");
    reader.connect();
    assertThatThrownBy(() -> reader.subscribeWith().topicFilter("plant/secret/#").send())
        .isInstanceOf(com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException.class);
    var allowed = reader.subscribeWith().topicFilter("spBv1.0/#").send();
    assertThat(allowed.getReasonCodes().getFirst().isError()).isFalse();
    assertThatThrownBy(
            () ->
                reader
                    .publishWith()
                    .topic("spBv1.0/g/NCMD/n")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(new byte[] {1})
                    .send())
        .isInstanceOfAny(
            com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException.class,
            com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException.class);
    // HiveMQ answers a forbidden publish with an error PUBACK or by disconnecting the client;
    // either way it is dropped.
    try {
      reader.disconnect();
    } catch (com.hivemq.client.mqtt.exceptions.MqttClientStateException alreadyDisconnected) {
      // the broker closed the connection itself
    }
  }

  @Test
  void retainedMessagesAndQueuedMessagesOfPersistentSessionsSurviveARestart() throws Exception {
    Mqtt5BlockingClient publisher = BROKER.client(null);
    Mqtt5BlockingClient persistent = BROKER.client("historian-session");
    persistent.disconnect();
    // Reconnect with a long session expiry so the broker queues for it while it is away.
    persistent = sessionClient();
    persistent.subscribeWith().topicFilter("plant/queued").qos(MqttQos.AT_LEAST_ONCE).send();
    persistent.disconnect();
    publisher
        .publishWith()
        .topic("plant/retained")
        .retain(true)
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload(new byte[] {7})
        .send();
    publisher
        .publishWith()
        .topic("plant/queued")
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload(new byte[] {9})
        .send();
    publisher.disconnect();

    BROKER.stop();
    BROKER.start();

    Mqtt5BlockingClient back = sessionClientBuilder();
    // Listen before connecting: the broker sends the queued message as soon as the session resumes.
    try (var publishes = back.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
      back.connectWith().cleanStart(false).sessionExpiryInterval(3600).send();
      Optional<Mqtt5Publish> queued = publishes.receive(10, TimeUnit.SECONDS);
      assertThat(queued).map(p -> p.getTopic().toString()).contains("plant/queued");
    }
    back.disconnect();
    Mqtt5BlockingClient late = BROKER.client(null);
    try (var publishes = late.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
      late.subscribeWith().topicFilter("plant/retained").send();
      assertThat(publishes.receive(10, TimeUnit.SECONDS)).map(p -> p.isRetain()).contains(true);
    }
    late.disconnect();
  }

  private static Mqtt5BlockingClient sessionClient() {
    Mqtt5BlockingClient client = sessionClientBuilder();
    client.connectWith().cleanStart(false).sessionExpiryInterval(3600).send();
    return client;
  }

  private static Mqtt5BlockingClient sessionClientBuilder() {
    return BROKER.unconnected("historian-session", TestBroker.USER, TestBroker.PASSWORD);
  }
}
