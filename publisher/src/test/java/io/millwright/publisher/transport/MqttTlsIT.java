package io.millwright.publisher.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millwright.publisher.batch.BatchId;
import io.millwright.uns.testkit.TestBroker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MqttTransport} and {@link MqttIntake} over TLS against a real Mosquitto that requires a
 * client certificate signed by the test's authority ({@code require_certificate true}) and a
 * password. The certificates are made by openssl, the trust store by the JDK's keytool.
 */
class MqttTlsIT {

  static final String USER = "site";
  static final String PASSWORD = "broker-password";
  static final String STORE_PASSWORD = "store-password";

  @TempDir static Path directory;
  static Process mosquitto;
  static int port;
  static Path trustStore;
  static Path clientStore;
  static Path strangerStore;

  @BeforeAll
  static void startBroker() throws Exception {
    makeCertificates();
    port = TestBroker.freePort();
    Path passwords = directory.resolve("passwd");
    run(
        new ProcessBuilder(
            binary("mosquitto_passwd"), "-b", "-c", passwords.toString(), USER, PASSWORD));
    Path conf =
        Files.writeString(
            directory.resolve("mosquitto.conf"),
            """
            listener %d 127.0.0.1
            cafile %s
            certfile %s
            keyfile %s
            require_certificate true
            allow_anonymous false
            password_file %s
            persistence false
            """
                    .formatted(
                        port,
                        directory.resolve("ca.pem"),
                        directory.resolve("server.pem"),
                        directory.resolve("server.key"),
                        passwords)
                + ("root".equals(System.getProperty("user.name")) ? "user root\n" : ""));
    mosquitto =
        new ProcessBuilder(binary("mosquitto"), "-c", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("mosquitto.log").toFile())
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
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

  /** A CA, a server certificate for localhost/127.0.0.1, a client's and a stranger's. */
  static void makeCertificates() throws Exception {
    Certificates.openssl(
        directory,
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
    Files.writeString(
        directory.resolve("server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
    Files.writeString(directory.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
    signed("server", "/CN=localhost", "server.ext", "ca");
    signed("client", "/CN=plant-1", "client.ext", "ca");
    // a client certificate from an authority the broker does not know
    Certificates.openssl(
        directory,
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        "other-ca.key",
        "-out",
        "other-ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=other-ca");
    signed("stranger", "/CN=plant-1", "client.ext", "other-ca");
    trustStore =
        Certificates.trustPem(
            directory.resolve("ca.pem"), STORE_PASSWORD, directory.resolve("trust.p12"));
    clientStore = pkcs12("client");
    strangerStore = pkcs12("stranger");
  }

  static void signed(String name, String subject, String ext, String ca) throws Exception {
    Certificates.openssl(
        directory,
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        name + ".key",
        "-out",
        name + ".csr",
        "-subj",
        subject);
    Certificates.openssl(
        directory,
        "x509",
        "-req",
        "-in",
        name + ".csr",
        "-CA",
        ca + ".pem",
        "-CAkey",
        ca + ".key",
        "-CAcreateserial",
        "-out",
        name + ".pem",
        "-days",
        "2",
        "-extfile",
        ext);
  }

  static Path pkcs12(String name) throws Exception {
    Certificates.openssl(
        directory,
        "pkcs12",
        "-export",
        "-in",
        name + ".pem",
        "-inkey",
        name + ".key",
        "-name",
        name,
        "-out",
        name + ".p12",
        "-passout",
        "pass:" + STORE_PASSWORD);
    return directory.resolve(name + ".p12");
  }

  @AfterAll
  static void stopBroker() throws InterruptedException {
    if (mosquitto != null) {
      mosquitto.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  static MqttTransportConfig config(String clientId, Optional<Path> trust, Optional<Path> keys) {
    return new MqttTransportConfig(
        URI.create("mqtts://127.0.0.1:" + port),
        "millwright",
        clientId,
        Optional.of(USER),
        Optional.of(PASSWORD),
        trust,
        trust.map(t -> STORE_PASSWORD),
        keys,
        keys.map(k -> STORE_PASSWORD),
        Duration.ofSeconds(5));
  }

  static Envelope batch(long sequence) {
    return new Envelope(
        new BatchId("plant-1", "tls", sequence),
        false,
        ("tls-" + sequence).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void withTheClientCertificateBatchesGoThrough() throws Exception {
    RecordingSink sink = new RecordingSink();
    try (MqttIntake intake =
            MqttIntake.start(
                config("tls-intake", Optional.of(trustStore), Optional.of(clientStore)), sink);
        MqttTransport transport =
            new MqttTransport(
                config("tls-site", Optional.of(trustStore), Optional.of(clientStore)))) {
      await().atMost(Duration.ofSeconds(20)).until(intake::connected);
      transport.send(batch(1));
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(sink.byId).containsKey("plant-1/tls/1"));
      assertThat(sink.byId.get("plant-1/tls/1").payload()).isEqualTo(batch(1).payload());
      assertThat(transport.target()).isEqualTo("mqtts://127.0.0.1:" + port);
      assertThat(transport.toString())
          .doesNotContain(PASSWORD)
          .doesNotContain(STORE_PASSWORD)
          .contains("***");
    }
  }

  @Test
  void withoutAClientCertificateTheSendFailsRetryablyAndSaysWhy() {
    try (MqttTransport transport =
        new MqttTransport(config("tls-no-cert", Optional.of(trustStore), Optional.empty()))) {
      assertRetryableTlsFailure(() -> transport.send(batch(2)));
    }
  }

  @Test
  void aCertificateOfAnotherAuthorityIsNotEnough() {
    try (MqttTransport transport =
        new MqttTransport(
            config("tls-stranger", Optional.of(trustStore), Optional.of(strangerStore)))) {
      assertRetryableTlsFailure(() -> transport.send(batch(3)));
    }
  }

  @Test
  void aBrokerCertificateNotInTheTrustStoreFails() {
    try (MqttTransport transport =
        new MqttTransport(config("tls-untrusted", Optional.empty(), Optional.of(clientStore)))) {
      assertRetryableTlsFailure(() -> transport.send(batch(4)));
    }
  }

  static void assertRetryableTlsFailure(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable send) {
    assertThatThrownBy(send)
        .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.refused()).isFalse())
        .hasMessageContaining("cannot connect to mqtts://127.0.0.1:" + port)
        .hasMessageContaining("TLS")
        .message()
        .doesNotContain(PASSWORD)
        .doesNotContain(STORE_PASSWORD);
  }

  private static String binary(String name) {
    for (String dir : new String[] {"/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"}) {
      if (Files.isExecutable(Path.of(dir, name))) {
        return Path.of(dir, name).toString();
      }
    }
    throw new IllegalStateException(
        name
            + " is not installed; the tests need Debian's mosquitto package (.ci/run installs it)");
  }

  private static void run(ProcessBuilder builder) throws IOException, InterruptedException {
    Process p = builder.redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", builder.command()) + " failed: " + out);
    }
  }
}
