package io.millwright.publisher.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.millwright.publisher.batch.BatchId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link HttpsTransport} against a JDK HTTPS server with a self-signed certificate that answers
 * what each test scripts.
 */
class HttpsTransportTest {

  static final String TOKEN = "s3cret-site-token";
  static final String PASSWORD = "store-password";

  @TempDir static Path directory;
  static HttpsServer server;
  static ExecutorService executor;
  static Path trustStore;

  /** What the server answers next, and what it received last. */
  record Answer(
      int status, String body, String contentType, Map<String, String> headers, long delayMs) {
    static Answer of(int status, String body) {
      return new Answer(status, body, "application/json", Map.of(), 0);
    }
  }

  record Received(
      String method, String path, String query, Map<String, String> headers, byte[] body) {}

  static volatile Answer answer;
  static volatile Received received;

  @BeforeAll
  static void startServer() throws Exception {
    Path keyStore = Certificates.selfSigned(directory, "cloud", PASSWORD);
    trustStore =
        Certificates.trustStoreOf(keyStore, "cloud", PASSWORD, directory.resolve("trust.p12"));
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      ks.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(context));
    executor = Executors.newCachedThreadPool();
    server.setExecutor(executor);
    server.createContext("/", HttpsTransportTest::handle);
    server.start();
  }

  @AfterAll
  static void stopServer() {
    server.stop(0);
    executor.shutdownNow();
  }

  @BeforeEach
  void reset() {
    answer = Answer.of(201, stored(1));
    received = null;
  }

  static void handle(HttpExchange exchange) throws IOException {
    Answer a = answer;
    byte[] body = exchange.getRequestBody().readAllBytes();
    Map<String, String> headers = new java.util.HashMap<>();
    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.getFirst()));
    received =
        new Received(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getRawPath(),
            exchange.getRequestURI().getRawQuery(),
            headers,
            body);
    try {
      Thread.sleep(a.delayMs());
    } catch (InterruptedException e) {
      exchange.close();
      return;
    }
    byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", a.contentType());
    a.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    exchange.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
    try (OutputStream os = exchange.getResponseBody()) {
      os.write(out);
    }
  }

  static URI base() {
    return URI.create("https://localhost:" + server.getAddress().getPort() + "/cloud/");
  }

  static HttpsTransport transport(Duration timeout) {
    return new HttpsTransport(
        new HttpsTransportConfig(
            base(),
            "plant-1",
            Optional.of(TOKEN),
            Optional.of(trustStore),
            Optional.of(PASSWORD),
            timeout));
  }

  static Envelope batch(long sequence, boolean historical) {
    return new Envelope(
        new BatchId("plant-1", "b0f", sequence),
        historical,
        ("payload-" + sequence).getBytes(StandardCharsets.UTF_8));
  }

  static String stored(long sequence) {
    return "{\"outcome\":\"stored\",\"batch\":\"plant-1/b0f/" + sequence + "\"}";
  }

  static final SiteStatus STATUS =
      new SiteStatus("plant-1", "0.1.0", 1, 2, 3, 4, 5, 6, 0, 7, 8, OptionalDouble.of(0.5), 1);

  @Test
  void postsABatchWithItsIdTokenAndBytes() throws Exception {
    try (HttpsTransport t = transport(Duration.ofSeconds(5))) {
      answer = Answer.of(201, stored(7));
      t.send(batch(7, false));
      assertThat(received.method()).isEqualTo("POST");
      assertThat(received.path()).isEqualTo("/cloud/api/v1/fleet/ingest/plant-1/batches/b0f/7");
      assertThat(received.query()).isEqualTo("historical=false");
      assertThat(received.headers())
          .containsEntry("content-type", "application/vnd.millwright.batch")
          .containsEntry("authorization", "Bearer " + TOKEN);
      assertThat(received.body()).isEqualTo("payload-7".getBytes(StandardCharsets.UTF_8));

      answer = Answer.of(200, "{\"outcome\":\"duplicate\",\"batch\":\"plant-1/b0f/8\"}");
      t.send(batch(8, true));
      assertThat(received.query()).isEqualTo("historical=true");
      assertThat(t.kind()).isEqualTo("https");
      assertThat(t.target()).isEqualTo(base().toString().replaceAll("/$", ""));
    }
  }

  @Test
  void postsTheStatusAsJson() throws Exception {
    try (HttpsTransport t = transport(Duration.ofSeconds(5))) {
      answer = Answer.of(204, "");
      t.sendStatus(STATUS);
      assertThat(received.path()).isEqualTo("/cloud/api/v1/fleet/ingest/plant-1/status");
      assertThat(received.headers()).containsEntry("content-type", "application/json");
      assertThat(SiteStatusJson.decode(received.body())).isEqualTo(STATUS);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not json at all",
        "",
        "<html><body>Welcome to the hotel wifi</body></html>",
        "{\"outcome\":42,\"batch\":\"plant-1/b0f/1\"}",
        "{\"outcome\":\"stored\"}",
        "{\"outcome\":\"stored\",\"batch\":\"plant-1/b0f/2\"}",
        "{\"outcome\":\"lost\",\"batch\":\"plant-1/b0f/1\"}",
        "[1,2"
      })
  void aSuccessThatDoesNotConfirmTheBatchIsRetryable(String body) {
    answer = new Answer(200, body, "text/html", Map.of(), 0);
    try (HttpsTransport t = transport(Duration.ofSeconds(5))) {
      assertRetryable(() -> t.send(batch(1, false)), "does not confirm batch plant-1/b0f/1");
    }
  }

  @Test
  void aNoContentAnswerDoesNotConfirmABatchButDeliversAStatus() throws Exception {
    answer = Answer.of(204, "");
    try (HttpsTransport t = transport(Duration.ofSeconds(5))) {
      assertRetryable(() -> t.send(batch(1, false)), "does not confirm batch plant-1/b0f/1");
      t.sendStatus(STATUS);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 413, 415, 422})
  void refusalsAreFinalAndQuoteTheServersDetail(int status) {
    answer =
        new Answer(
            status,
            "{\"type\":\"about:blank\",\"title\":\"Bad batch\",\"detail\":\"sequence "
                + status
                + " is malformed\"}",
            "application/problem+json",
            Map.of(),
            0);
    try (HttpsTransport t = transport(Duration.ofSeconds(5))) {
      assertThatThrownBy(() -> t.send(batch(1, false)))
          .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.refused()).isTrue())
          .hasMessageContaining("HTTP " + status)
          .hasMessageContaining("sequence " + status + " is malformed")
          .message()
          .doesNotContain(TOKEN);
    }
  }

  @Test
  void aLongDetailIsCutShort() {
    answer = Answer.of(422, "{\"detail\":\"" + "x".repeat(100_000) + "\"}");
    try (HttpsTransport t = transport(Duration.ofSeconds(5))) {
      assertThatThrownBy(() -> t.send(batch(1, false)))
          .isInstanceOfSatisfying(
              TransportException.class,
              e -> {
                assertThat(e.refused()).isTrue();
                assertThat(e.getMessage()).hasSizeLessThan(500);
              });
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 403, 404, 408, 429, 500, 502, 503, 504, 202, 301, 302, 307, 308, 418})
  void otherAnswersAreRetryable(int status) {
    answer =
        new Answer(
            status,
            "{\"detail\":\"try later\"}",
            "application/json",
            Map.of("Location", "https://elsewhere.example/"),
            0);
    try (HttpsTransport t = transport(Duration.ofSeconds(5))) {
      assertRetryable(() -> t.send(batch(1, false)), "HTTP " + status);
      assertRetryable(() -> t.sendStatus(STATUS), "HTTP " + status);
    }
  }

  @Test
  void aGarbageErrorBodyIsRetryable() {
    answer = new Answer(503, "<html>\u0000\u0007oops", "text/html", Map.of(), 0);
    try (HttpsTransport t = transport(Duration.ofSeconds(5))) {
      assertRetryable(() -> t.send(batch(1, false)), "HTTP 503");
    }
  }

  @Test
  void aServerThatHangsTimesOut() {
    answer = new Answer(201, "{}", "application/json", Map.of(), 10_000);
    try (HttpsTransport t = transport(Duration.ofMillis(800))) {
      long start = System.nanoTime();
      assertRetryable(() -> t.send(batch(1, false)), "within");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void aServerThatStopsInTheMiddleOfItsAnswerTimesOut() throws Exception {
    try (ServerSocket raw = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual()
          .start(
              () -> {
                try (Socket s = raw.accept()) {
                  s.getOutputStream()
                      .write(
                          "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{\"outc"
                              .getBytes(StandardCharsets.US_ASCII));
                  Thread.sleep(10_000);
                } catch (Exception e) {
                  // the test is over
                }
              });
      try (HttpsTransport t = plain(raw.getLocalPort(), Duration.ofMillis(800))) {
        assertRetryable(() -> t.send(batch(1, false)), "within");
      }
    }
  }

  @Test
  void aServerSpeakingGarbageIsRetryable() throws Exception {
    try (ServerSocket raw = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual()
          .start(
              () -> {
                try (Socket s = raw.accept()) {
                  s.getOutputStream()
                      .write("SSH-2.0-OpenSSH\r\n\u0000\u0001garbage\r\n\r\n".getBytes());
                } catch (IOException e) {
                  // the test is over
                }
              });
      try (HttpsTransport t = plain(raw.getLocalPort(), Duration.ofSeconds(5))) {
        assertRetryable(() -> t.send(batch(1, false)), "plant-1/b0f/1");
      }
    }
  }

  @Test
  void aRefusedConnectionIsRetryable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (HttpsTransport t = plain(port, Duration.ofSeconds(5))) {
      assertRetryable(() -> t.send(batch(1, false)), "cannot connect");
    }
  }

  @Test
  void anUntrustedCertificateFailsWithAClearRetryableError() {
    HttpsTransportConfig config =
        new HttpsTransportConfig(
            base(),
            "plant-1",
            Optional.of(TOKEN),
            Optional.empty(), // the JDK's authorities never signed the test's certificate
            Optional.empty(),
            Duration.ofSeconds(5));
    try (HttpsTransport t = new HttpsTransport(config)) {
      assertRetryable(() -> t.send(batch(1, false)), "TLS");
      assertThat(received).isNull();
    }
  }

  @Test
  void plainHttpWorksForTheDemoOnLoopback() throws Exception {
    HttpServer plain =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    plain.createContext("/", HttpsTransportTest::handle);
    plain.start();
    try (HttpsTransport t = plain(plain.getAddress().getPort(), Duration.ofSeconds(5))) {
      answer = Answer.of(201, stored(3));
      t.send(batch(3, true));
      assertThat(received.path()).isEqualTo("/api/v1/fleet/ingest/plant-1/batches/b0f/3");
      assertThat(received.headers()).containsEntry("authorization", "Bearer " + TOKEN);
    } finally {
      plain.stop(0);
    }
  }

  @Test
  void anotherSitesBatchIsRefusedWithoutAsking() {
    try (HttpsTransport t = transport(Duration.ofSeconds(5))) {
      assertThatThrownBy(
              () -> t.send(new Envelope(new BatchId("plant-2", "b0f", 1), false, new byte[1])))
          .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.refused()).isTrue())
          .hasMessageContaining("plant-2");
      assertThat(received).isNull();
    }
  }

  @Test
  void theTokenIsNeverShown() {
    HttpsTransportConfig config =
        new HttpsTransportConfig(
            base(),
            "plant-1",
            Optional.of(TOKEN),
            Optional.of(trustStore),
            Optional.of(PASSWORD),
            Duration.ofSeconds(5));
    assertThat(config.toString()).doesNotContain(TOKEN).doesNotContain(PASSWORD);
    try (HttpsTransport t = new HttpsTransport(config)) {
      assertThat(t.toString() + t.target()).doesNotContain(TOKEN).doesNotContain(PASSWORD);
    }
  }

  @Test
  void aBadConfigurationSaysWhat() {
    assertThatThrownBy(() -> HttpsTransportConfig.of(URI.create("ftp://x/"), "plant-1", "t"))
        .hasMessageContaining("https://");
    for (String remote :
        List.of(
            "http://cloud.example.com/",
            "http://10.0.0.5:8080",
            "http://128.0.0.1/",
            "http://127.0.0.1.example.com/",
            "http://[::2]/")) {
      assertThatThrownBy(() -> HttpsTransportConfig.of(URI.create(remote), "plant-1", "t"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("in clear text")
          .hasMessageContaining("loopback");
    }
    for (String loopback :
        List.of(
            "http://localhost:8080", "http://127.0.0.1/", "http://127.8.9.10", "http://[::1]/")) {
      assertThat(HttpsTransportConfig.of(URI.create(loopback), "plant-1", "t").plain()).isTrue();
    }
    assertThatThrownBy(() -> HttpsTransportConfig.of(URI.create("https://u:p@x/"), "plant-1", "t"))
        .hasMessageContaining("without user");
    assertThatThrownBy(() -> HttpsTransportConfig.of(URI.create("https://x/"), "Plant 1", "t"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new HttpsTransport(
                    new HttpsTransportConfig(
                        base(),
                        "plant-1",
                        Optional.of(TOKEN),
                        Optional.of(trustStore),
                        Optional.of("wrong-password"),
                        Duration.ofSeconds(5))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trust store")
        .message()
        .doesNotContain("wrong-password");
  }

  static HttpsTransport plain(int port, Duration timeout) {
    return new HttpsTransport(
        new HttpsTransportConfig(
            URI.create("http://127.0.0.1:" + port),
            "plant-1",
            Optional.of(TOKEN),
            Optional.empty(),
            Optional.empty(),
            timeout));
  }

  static void assertRetryable(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String saying) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.refused()).isFalse())
        .hasMessageContaining(saying)
        .message()
        .doesNotContain(TOKEN);
  }
}
