package io.millwright.bench;

import io.millwright.uns.mqtt.MqttEndpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A broker under test, in its own process so that its memory and CPU time are its own: the real
 * Millwright binary with only the broker role, or Debian's Mosquitto. Both listen on a free
 * loopback port with password authentication; {@code taskset} pins them when CPUs are given.
 */
final class BrokerProcess implements AutoCloseable {

  enum Kind {
    EMBEDDED("embedded"),
    MOSQUITTO("mosquitto");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  static final String USER = "admin";
  static final String PASSWORD = "bench-password";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  final Kind kind;
  private final Process process;
  private final Path directory;
  private final int port;

  private BrokerProcess(Kind kind, Process process, Path directory, int port) {
    this.kind = kind;
    this.process = process;
    this.directory = directory;
    this.port = port;
  }

  /**
   * @param cpus the taskset CPU list, or empty for no pinning
   * @param javaOptions extra JVM options of the embedded broker (as MILLWRIGHT_JAVA_OPTS)
   */
  static BrokerProcess start(
      Kind kind, Path javaHome, Path jar, String cpus, List<String> javaOptions)
      throws IOException, InterruptedException {
    Path directory = Files.createTempDirectory("mw-bench-" + kind.label);
    int port = freePort();
    List<String> command = new ArrayList<>();
    if (!cpus.isEmpty()) {
      command.addAll(List.of("taskset", "-c", cpus));
    }
    ProcessBuilder builder = new ProcessBuilder(command);
    int httpPort = 0;
    switch (kind) {
      case EMBEDDED -> {
        httpPort = freePort();
        command.addAll(
            List.of(javaHome.resolve("bin/java").toString(), "--enable-native-access=ALL-UNNAMED"));
        command.addAll(javaOptions);
        command.addAll(List.of("-jar", jar.toString(), "run", "--roles", "broker"));
        Map<String, String> env = builder.environment();
        env.put("MILLWRIGHT_HTTP_HOST", "127.0.0.1");
        env.put("MILLWRIGHT_HTTP_PORT", Integer.toString(httpPort));
        env.put("MILLWRIGHT_MQTT_HOST", "127.0.0.1");
        env.put("MILLWRIGHT_MQTT_PORT", Integer.toString(port));
        env.put("MILLWRIGHT_DATA", directory.resolve("data").toString());
        env.put("MILLWRIGHT_ADMIN_PASSWORD", PASSWORD);
      }
      case MOSQUITTO -> {
        Path passwords = directory.resolve("passwd");
        run("mosquitto_passwd", "-b", "-c", passwords.toString(), USER, PASSWORD);
        // As in the uns test kit (testkit/Mosquitto): as root, mosquitto would switch to its own
        // user, which cannot read this private directory.
        Path conf =
            Files.writeString(
                directory.resolve("mosquitto.conf"),
                """
                listener %d 127.0.0.1
                allow_anonymous false
                password_file %s
                persistence false
                max_queued_messages 100000
                """
                        .formatted(port, passwords)
                    + ("root".equals(System.getProperty("user.name")) ? "user root\n" : ""));
        command.addAll(List.of(binary("mosquitto"), "-c", conf.toString()));
      }
    }
    Process process =
        builder
            .command(command)
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("broker.log").toFile())
            .start();
    BrokerProcess broker = new BrokerProcess(kind, process, directory, port);
    try {
      broker.awaitReady(httpPort);
    } catch (IOException | RuntimeException e) {
      broker.close();
      throw e;
    }
    return broker;
  }

  long pid() {
    return process.pid();
  }

  MqttEndpoint endpoint() {
    return MqttEndpoint.parse("mqtt://127.0.0.1:" + port, USER, PASSWORD);
  }

  /**
   * Embedded: /q/health/ready answers 200 (an MQTT round trip went through). Mosquitto: port open.
   */
  private void awaitReady(int httpPort) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    HttpClient http = HttpClient.newHttpClient();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(kind.label + " exited at start: " + log());
      }
      if (httpPort > 0) {
        try {
          var response =
              http.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
          if (response.statusCode() == 200) {
            return;
          }
        } catch (IOException notYet) {
          // not listening yet
        }
      } else {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.0.0.1", port), 200);
          return;
        } catch (IOException notYet) {
          // not listening yet
        }
      }
      Thread.sleep(50);
    }
    throw new IOException(kind.label + " was not ready within " + START_TIMEOUT.toSeconds() + " s");
  }

  private String log() throws IOException {
    return Files.readString(directory.resolve("broker.log"));
  }

  /** SIGTERM, then SIGKILL after 15 s. */
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
    deleteRecursively(directory);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  static void deleteRecursively(Path root) {
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp directory left behind is harmless
    }
  }

  private static String binary(String name) {
    for (String dir : new String[] {"/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"}) {
      if (Files.isExecutable(Path.of(dir, name))) {
        return Path.of(dir, name).toString();
      }
    }
    throw new IllegalStateException(name + " is not installed; apt-get install mosquitto");
  }

  private static void run(String... command) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of(command));
    args.set(0, binary(args.getFirst()));
    Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", args) + " failed: " + out);
    }
  }
}
