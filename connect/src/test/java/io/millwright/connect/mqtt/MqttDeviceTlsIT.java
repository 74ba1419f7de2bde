package io.millwright.connect.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.millwright.connect.Connector;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Value;
import io.millwright.uns.mqtt.MqttEndpoint;
import io.millwright.uns.testkit.TestBroker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mqtts://} against a real Mosquitto whose certificate is signed by the test's own authority
 * (openssl), trusted through {@code options.trustStore} (a PKCS#12 store made by keytool).
 */
class MqttDeviceTlsIT {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String STORE_PASSWORD = "store-password";

  @TempDir static Path directory;
  static Process mosquitto;
  static int port;
  static Path trustStore;

  @BeforeAll
  static void startBroker() throws Exception {
    openssl(
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=millwright-test-ca");
    Files.writeString(directory.resolve("server.ext"), "subjectAltName=IP:127.0.0.1\n");
    openssl(
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=127.0.0.1");
    openssl(
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        "server.ext");
    trustStore = directory.resolve("trust.p12");
    run(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-importcert",
            "-noprompt",
            "-alias",
            "ca",
            "-file",
            directory.resolve("ca.pem").toString(),
            "-keystore",
            trustStore.toString(),
            "-storetype",
            "PKCS12",
            "-storepass",
            STORE_PASSWORD),
        null);
    port = TestBroker.freePort();
    Path conf =
        Files.writeString(
            directory.resolve("mosquitto.conf"),
            """
            listener %d 127.0.0.1
            certfile %s
            keyfile %s
            allow_anonymous true
            persistence false
            """
                    .formatted(
                        port, directory.resolve("server.pem"), directory.resolve("server.key"))
                + ("root".equals(System.getProperty("user.name")) ? "user root\n" : ""));
    mosquitto =
        new ProcessBuilder("/usr/sbin/mosquitto", "-c", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("mosquitto.log").toFile())
            .start();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        if (!mosquitto.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "mosquitto (TLS) did not start: "
                  + Files.readString(directory.resolve("mosquitto.log")));
        }
        Thread.sleep(50);
      }
    }
  }

  @AfterAll
  static void stopBroker() throws InterruptedException {
    if (mosquitto != null) {
      mosquitto.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static Connector connector(Map<String, String> options) {
    return new MqttDeviceConnectorFactory(k -> null)
        .create(
            MqttDeviceConnectorFactoryTest.machine(
                "mqtts://127.0.0.1:" + port,
                options,
                List.of(Tag.of("temperature", "plant/oven-02/temperature", DataType.FLOAT64))));
  }

  @Test
  void theTrustStoreLetsTheConnectorReadOverTls() {
    MqttEndpoint device =
        new MqttEndpoint(
            "127.0.0.1",
            port,
            true,
            Optional.of(trustStore),
            Optional.of(STORE_PASSWORD),
            null,
            null);
    Mqtt5BlockingClient oven = device.clientBuilder("oven-02").buildBlocking();
    oven.connect();
    try {
      oven.publishWith()
          .topic("plant/oven-02/temperature")
          .qos(MqttQos.AT_LEAST_ONCE)
          .retain(true)
          .payload("182.5".getBytes(StandardCharsets.UTF_8))
          .send();
    } finally {
      oven.disconnect();
    }
    RecordingLink link = new RecordingLink();
    try (Connector connector =
        connector(
            Map.of("trustStore", trustStore.toString(), "trustStorePassword", STORE_PASSWORD))) {
      connector.start(link);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  link.latest("temperature") != null
                      && Value.of(182.5).equals(link.latest("temperature").value()));
    }
  }

  @Test
  void withoutTheTrustStoreTheBrokersCertificateIsRefused() {
    RecordingLink link = new RecordingLink();
    try (Connector connector = connector(Map.of())) {
      connector.start(link);
      await()
          .atMost(WAIT)
          .until(() -> link.events.stream().anyMatch(e -> e.startsWith("disconnected: ")));
      assertThat(link.events).doesNotContain("connected");
      assertThat(connector.stats().lastError()).contains("SSLHandshakeException");
      assertThat(link.latest.values()).isEmpty();
    }
  }

  private static void openssl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    run(command, directory);
  }

  private static void run(List<String> command, Path workingDirectory)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (workingDirectory != null) {
      builder.directory(workingDirectory.toFile());
    }
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }
}
