package io.millwright.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import io.millwright.uns.testkit.Mosquitto;
import io.millwright.web.users.PasswordHash;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code broker} role of the binary: who may connect, what each user may touch, TLS, and the
 * external mode.
 */
class BrokerIT {

  static final String ADMIN_PASSWORD = "broker-admin-1";
  static final Duration STOP_LIMIT = Duration.ofSeconds(10);

  @RegisterExtension static final Mosquitto MOSQUITTO = new Mosquitto();

  @TempDir Path dir;

  private Mqtt5BlockingClient connect(int port, String user, String password) {
    Mqtt5BlockingClient client =
        MqttClient.builder()
            .useMqttVersion5()
            .serverHost("127.0.0.1")
            .serverPort(port)
            .simpleAuth()
            .username(user)
            .password(password.getBytes(StandardCharsets.UTF_8))
            .applySimpleAuth()
            .buildBlocking();
    client.connect();
    return client;
  }

  @Test
  void theDemoBrokerAuthenticatesEveryClientAndEnforcesTopicRules() throws Exception {
    String hash = PasswordHash.of("node-red-password").text();
    Path config =
        Files.writeString(
            dir.resolve("site.yaml"),
            """
            mqtt:
              users:
                - name: node-red
                  password: "%s"
                  subscribe: ["acme/#"]
                  publish: ["acme/plant-1/notes/#"]
            """
                .formatted(hash));
    try (RunningBinary demo =
        RunningBinary.start(
            dir,
            Map.of("MILLWRIGHT_ADMIN_PASSWORD", ADMIN_PASSWORD),
            "demo",
            "--config",
            config.toString())) {
      demo.awaitReady(Duration.ofSeconds(120));
      assertThat(demo.get("/q/health/ready").body()).contains("\"name\": \"broker\"");

      var anonymous =
          MqttClient.builder()
              .useMqttVersion5()
              .serverHost("127.0.0.1")
              .serverPort(demo.mqttPort)
              .buildBlocking();
      assertThatThrownBy(anonymous::connect).isInstanceOf(Mqtt5ConnAckException.class);
      assertThatThrownBy(() -> connect(demo.mqttPort, "admin", "not-the-password"))
          .isInstanceOf(Mqtt5ConnAckException.class);

      Mqtt5BlockingClient nodeRed = connect(demo.mqttPort, "node-red", "node-red-password");
      Mqtt5BlockingClient admin = connect(demo.mqttPort, "admin", ADMIN_PASSWORD);
      try (var received = nodeRed.publishes(MqttGlobalPublishFilter.ALL)) {
        // Not acme/#: the demo's JSON mirror publishes the simulated machines there too.
        nodeRed
            .subscribeWith()
            .topicFilter("acme/plant-1/notes/#")
            .qos(MqttQos.AT_LEAST_ONCE)
            .send();
        admin
            .publishWith()
            .topic("acme/plant-1/notes/shift-handover")
            .qos(MqttQos.AT_LEAST_ONCE)
            .payload("producing".getBytes(StandardCharsets.UTF_8))
            .send();
        assertThat(received.receive(10, TimeUnit.SECONDS))
            .map(p -> new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8))
            .contains("producing");
      }
      assertThatThrownBy(
              () ->
                  nodeRed
                      .publishWith()
                      .topic("spBv1.0/plant-1/NCMD/edge-1")
                      .qos(MqttQos.AT_LEAST_ONCE)
                      .payload(new byte[] {1})
                      .send())
          .isInstanceOfAny(
              Mqtt5PubAckException.class,
              com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException.class);
      // HiveMQ may also drop a client that publishes where it must not; either way nothing was
      // forwarded.
      try {
        nodeRed.disconnect();
      } catch (com.hivemq.client.mqtt.exceptions.MqttClientStateException alreadyDisconnected) {
        // the broker closed the connection itself
      }
      admin.disconnect();
      assertThat(demo.terminate(STOP_LIMIT)).isZero();
    }
  }

  @Test
  void theTlsListenerServesAClientThatTrustsTheBrokersCertificate() throws Exception {
    Path keyStore = dir.resolve("broker.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "broker",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                "store-password")
            .inheritIO()
            .start();
    assertThat(keytool.waitFor()).isZero();
    int tlsPort = RunningBinary.freePort();
    Path config =
        Files.writeString(
            dir.resolve("tls.yaml"),
            "mqtt:\n  tls:\n    port: " + tlsPort + "\n    keyStore: " + keyStore + "\n");
    try (RunningBinary demo =
        RunningBinary.start(
            dir,
            Map.of(
                "MILLWRIGHT_ADMIN_PASSWORD",
                ADMIN_PASSWORD,
                "MILLWRIGHT_MQTT_TLS_KEYSTORE_PASSWORD",
                "store-password"),
            "run",
            "--config",
            config.toString())) {
      demo.awaitReady(Duration.ofSeconds(120));
      KeyStore trust = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keyStore)) {
        trust.load(in, "store-password".toCharArray());
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      Mqtt5BlockingClient client =
          MqttClient.builder()
              .useMqttVersion5()
              .serverHost("localhost")
              .serverPort(tlsPort)
              .sslConfig(
                  MqttClientSslConfig.builder()
                      .trustManagerFactory(factory)
                      .protocols(List.of("TLSv1.3"))
                      .build())
              .simpleAuth()
              .username("admin")
              .password(ADMIN_PASSWORD.getBytes(StandardCharsets.UTF_8))
              .applySimpleAuth()
              .buildBlocking();
      client.connect();
      client
          .publishWith()
          .topic("acme/tls")
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload(new byte[] {1})
          .send();
      client.disconnect();
      assertThat(Files.readString(dir.resolve("data/broker/conf/config.xml")))
          .contains("<tls-tcp-listener>");
      assertThat(demo.terminate(STOP_LIMIT)).isZero();
    }
  }

  @Test
  void withAnExternalBrokerTheBrokerRoleIsOffAndReadinessFollowsThatBroker() throws Exception {
    Map<String, String> external =
        Map.of(
            "MILLWRIGHT_MQTT_URL",
            MOSQUITTO.url(),
            "MILLWRIGHT_MQTT_USERNAME",
            Mosquitto.USER,
            "MILLWRIGHT_MQTT_PASSWORD",
            Mosquitto.PASSWORD,
            "MILLWRIGHT_ADMIN_PASSWORD",
            ADMIN_PASSWORD);
    try (RunningBinary refused = RunningBinary.start(dir, external, "run", "--roles", "broker")) {
      assertThat(refused.waitForExit(Duration.ofSeconds(30))).isEqualTo(2);
      assertThat(refused.stderr())
          .contains("role 'broker' is off because mqtt.url points at an external broker");
    }
    try (RunningBinary run = RunningBinary.start(dir, external, "run")) {
      run.awaitReady(Duration.ofSeconds(120));
      String ready = run.get("/q/health/ready").body();
      assertThat(ready).contains("\"name\": \"namespace\"").doesNotContain("\"name\": \"broker\"");

      // The broker goes away: readiness follows within a probe interval or two, and comes back with
      // it.
      MOSQUITTO.stop();
      await().atMost(Duration.ofSeconds(30)).until(() -> !run.ready());
      MOSQUITTO.restart();
      run.awaitReady(Duration.ofSeconds(120));
      assertThat(run.terminate(STOP_LIMIT)).isZero();
    }
  }
}
