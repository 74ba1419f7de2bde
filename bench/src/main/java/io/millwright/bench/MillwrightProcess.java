package io.millwright.bench;

import io.millwright.uns.mqtt.MqttEndpoint;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real binary as a child process of a benchmark: free HTTP and MQTT ports on loopback, a fresh
 * data directory under the benchmark's work directory, the admin's password known, its output in
 * {@code millwright.log}; ready when {@code /q/health/ready} answers 200. Shared by the benchmarks
 * that measure the binary from outside, so each only says what to run.
 */
final class MillwrightProcess implements AutoCloseable {

  static final String PASSWORD = "bench-password";
  static final String ENTERPRISE = "acme";
  static final String SITE = "plant-1";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  /**
   * What to start.
   *
   * @param javaHome the JDK to run the jar with
   * @param jar {@code quarkus-run.jar}
   * @param javaOptions JVM options before {@code -jar}
   * @param cpus when not empty, the binary is pinned with {@code taskset -c}
   * @param arguments the command and its options, e.g. {@code run --roles broker,alarms}
   * @param environment settings beyond the ports, data directory, password, enterprise and site
   */
  record Launch(
      Path javaHome,
      Path jar,
      List<String> javaOptions,
      String cpus,
      List<String> arguments,
      Map<String, String> environment) {}

  private final Process process;
  private final int httpPort;
  private final int mqttPort;
  private final String authorization;
  private final HttpClient http = HttpClient.newHttpClient();
  private double startSeconds;

  private MillwrightProcess(Process process, int httpPort, int mqttPort) {
    this.process = process;
    this.httpPort = httpPort;
    this.mqttPort = mqttPort;
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  }

  static MillwrightProcess start(Launch launch, Path work)
      throws IOException, InterruptedException {
    int httpPort = BrokerProcess.freePort();
    int mqttPort = BrokerProcess.freePort();
    List<String> command = new ArrayList<>();
    if (!launch.cpus().isEmpty()) {
      command.addAll(List.of("taskset", "-c", launch.cpus()));
    }
    command.add(launch.javaHome().resolve("bin/java").toString());
    if (!launch.javaOptions().contains("--enable-native-access=ALL-UNNAMED")) {
      command.add("--enable-native-access=ALL-UNNAMED");
    }
    command.addAll(launch.javaOptions());
    command.addAll(List.of("-jar", launch.jar().toString()));
    command.addAll(launch.arguments());
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.put("MILLWRIGHT_HTTP_HOST", "127.0.0.1");
    env.put("MILLWRIGHT_HTTP_PORT", Integer.toString(httpPort));
    env.put("MILLWRIGHT_MQTT_HOST", "127.0.0.1");
    env.put("MILLWRIGHT_MQTT_PORT", Integer.toString(mqttPort));
    env.put("MILLWRIGHT_DATA", work.resolve("data").toString());
    env.put("MILLWRIGHT_ADMIN_PASSWORD", PASSWORD);
    env.put("MILLWRIGHT_ENTERPRISE", ENTERPRISE);
    env.put("MILLWRIGHT_SITE", SITE);
    // A benchmark run at a shift break would find every simulated machine stopped.
    env.put("MILLWRIGHT_SIMULATOR_BREAKS", "false");
    env.putAll(launch.environment());
    Path log = work.resolve("millwright.log");
    long t0 = System.nanoTime();
    Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    MillwrightProcess binary = new MillwrightProcess(process, httpPort, mqttPort);
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("millwright exited at start: " + Files.readString(log));
      }
      try {
        if (binary.get("/q/health/ready").statusCode() == 200) {
          binary.startSeconds = (System.nanoTime() - t0) / 1e9;
          return binary;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    binary.close();
    throw new IOException("millwright was not ready within " + READY_TIMEOUT.toSeconds() + " s");
  }

  long pid() {
    return process.pid();
  }

  int httpPort() {
    return httpPort;
  }

  /** SIGKILL (Process.destroyForcibly on Linux): no shutdown hook runs, as in a power cut. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** Seconds from the start of the process to its first ready answer. */
  double startSeconds() {
    return startSeconds;
  }

  MqttEndpoint mqtt() {
    return MqttEndpoint.parse("mqtt://127.0.0.1:" + mqttPort, "admin", PASSWORD);
  }

  /**
   * Figures from the Prometheus endpoint whose names start with one of the prefixes, by name with
   * the labels dropped, in the endpoint's order.
   */
  Map<String, Double> metrics(String... prefixes) throws IOException, InterruptedException {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String line : get("/q/metrics").body().split("\n")) {
      for (String prefix : prefixes) {
        if (line.startsWith(prefix)) {
          int space = line.lastIndexOf(' ');
          String name = line.substring(0, space);
          int brace = name.indexOf('{');
          out.put(
              brace < 0 ? name : name.substring(0, brace),
              Double.parseDouble(line.substring(space + 1)));
          break;
        }
      }
    }
    return out;
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
    return http.send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
        .header("Authorization", authorization)
        .timeout(Duration.ofSeconds(15));
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
