package io.millwright.app.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged binary started as its own process, the way a user or Kubernetes starts it: its
 * output is captured, its HTTP port is free and its own, and it is stopped with SIGTERM.
 */
final class RunningBinary implements AutoCloseable {

  static final Path JAR =
      Path.of(System.getProperty("millwright.jar", "target/quarkus-app/quarkus-run.jar"));

  /** The binaries the running test started, for {@link BinaryOutputOnFailure}. */
  static final List<RunningBinary> STARTED = new java.util.concurrent.CopyOnWriteArrayList<>();

  final Process process;
  final int httpPort;
  final int mqttPort;
  private final StringBuffer stdout = new StringBuffer();
  private final StringBuffer stderr = new StringBuffer();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Thread stdoutPump;
  private final Thread stderrPump;

  private RunningBinary(Process process, int httpPort, int mqttPort) {
    this.process = process;
    this.httpPort = httpPort;
    this.mqttPort = mqttPort;
    stdoutPump = pump(process.getInputStream(), stdout);
    stderrPump = pump(process.getErrorStream(), stderr);
    STARTED.add(this);
  }

  /** The process and its ports, to tell several binaries of one test apart. */
  String describe() {
    return "pid " + process.pid() + " (HTTP " + httpPort + ", MQTT " + mqttPort + ")";
  }

  static RunningBinary start(Path dataDir, Map<String, String> env, String... args)
      throws IOException {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-jar");
    command.add(JAR.toAbsolutePath().toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dataDir.toFile());
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(k -> k.startsWith("MILLWRIGHT_"));
    Map<String, String> all = new HashMap<>();
    all.put("MILLWRIGHT_HTTP_PORT", Integer.toString(port));
    all.put("MILLWRIGHT_MQTT_PORT", Integer.toString(freePort()));
    all.put("MILLWRIGHT_DATA", dataDir.resolve("data").toString());
    all.put("MILLWRIGHT_SIMULATOR_OPCUA_PORT", Integer.toString(freePort()));
    all.put("MILLWRIGHT_SIMULATOR_MODBUS_PORT", Integer.toString(freePortRange(MODBUS_MACHINES)));
    all.put("MILLWRIGHT_SIMULATOR_S7_PORT", Integer.toString(freePortRange(S7_MACHINES)));
    all.put("MILLWRIGHT_SIMULATOR_SQL_PORT", Integer.toString(freePortRange(SQL_MACHINES)));
    all.put("MILLWRIGHT_SIMULATOR_ERP_PORT", Integer.toString(freePort()));
    // The tests must see production whatever the time of day: at a shift break every machine stops.
    all.put("MILLWRIGHT_SIMULATOR_BREAKS", "false");
    all.putAll(env);
    environment.putAll(all);
    return new RunningBinary(
        builder.start(),
        Integer.parseInt(all.get("MILLWRIGHT_HTTP_PORT")),
        Integer.parseInt(all.get("MILLWRIGHT_MQTT_PORT")));
  }

  /** The demo plant's Modbus machines, each a slave on the next port. */
  static final int MODBUS_MACHINES = 5;

  /** The demo plant's S7 machines, each a PLC on the next port. */
  static final int S7_MACHINES = 2;

  /** The demo plant's SQL-table machines, each a database on the next port. */
  static final int SQL_MACHINES = 1;

  /** The first of {@code count} consecutive free ports. */
  static int freePortRange(int count) throws IOException {
    java.util.Random random = new java.util.Random();
    for (int attempt = 0; attempt < 100; attempt++) {
      int first = 20_000 + random.nextInt(40_000);
      boolean free = true;
      for (int port = first; port < first + count && free; port++) {
        try (ServerSocket s = new ServerSocket(port)) {
          s.setReuseAddress(true);
        } catch (IOException taken) {
          free = false;
        }
      }
      if (free) {
        return first;
      }
    }
    throw new IOException("no " + count + " consecutive free ports found");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Thread pump(InputStream in, StringBuffer into) {
    return Thread.ofVirtual()
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  into.append(line).append('\n');
                }
              } catch (IOException e) {
                // the process ended
              }
            });
  }

  String stdout() {
    return stdout.toString();
  }

  String stderr() {
    return stderr.toString();
  }

  HttpResponse<String> get(String path) {
    return get(path, null, null);
  }

  HttpResponse<String> get(String path, String user, String password) {
    return send("GET", path, null, user, password);
  }

  /**
   * @param json the request body, or null for none
   */
  HttpResponse<String> send(String method, String path, String json, String user, String password) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
            // Generous: most calls are not retried, and a just-started demo on a busy two-core CI
            // machine has taken over 5 s to answer a first query (HistorianIT); a hang still fails.
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    if (user != null) {
      String basic =
          Base64.getEncoder()
              .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
      request.header("Authorization", "Basic " + basic);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Whether /q/health/ready answers 200 now; false while starting or when the port is not open yet.
   */
  boolean ready() {
    try {
      return get("/q/health/ready").statusCode() == 200;
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  /** The process's threads and what they wait for (jcmd from this JDK), for a start that hangs. */
  private String threadDump() {
    if (!process.isAlive()) {
      return "(not running)";
    }
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process dump =
          new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
              .redirectErrorStream(true)
              .start();
      String text = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      dump.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
      return text;
    } catch (IOException e) {
      return "no thread dump: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "no thread dump: interrupted";
    }
  }

  /**
   * Waits until ready. When it is not, fails with what the readiness check said and the tail of the
   * output, which is all there is to go on when this happens on a CI machine.
   */
  void awaitReady(Duration within) {
    try {
      org.awaitility.Awaitility.await().atMost(within).until(this::ready);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      String readiness;
      try {
        readiness = get("/q/health/ready").body();
      } catch (RuntimeException down) {
        readiness = down.toString();
      }
      throw new AssertionError(
          "not ready within "
              + within
              + (process.isAlive() ? "" : " (exited with " + process.exitValue() + ")")
              + "; readiness: "
              + readiness
              + "\noutput (tail):\n"
              + tail(stdout())
              + "\nerrors (tail):\n"
              + tail(stderr())
              + "\nthreads:\n"
              + threadDump(),
          e);
    }
  }

  private static String tail(String text) {
    return text.length() <= 8_000 ? text : text.substring(text.length() - 8_000);
  }

  /**
   * Sends SIGTERM and waits for the exit code. Through the process handle, because {@link
   * Process#destroy} also closes the pipes, which would lose what the process prints while it
   * stops.
   */
  int terminate(Duration within) throws InterruptedException {
    process.toHandle().destroy();
    if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          "did not exit within " + within + " of SIGTERM; output:\n" + stdout() + stderr());
    }
    // The pumps read on their own threads: what the process printed last (its "stopped ..."
    // lines, an error) may still be in the pipe when it has exited.
    drained();
    return process.exitValue();
  }

  int waitForExit(Duration within) throws InterruptedException {
    if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          "still running after " + within + "; output:\n" + stdout() + stderr());
    }
    drained();
    return process.exitValue();
  }

  /** After exit, waits until everything the process printed has been read. */
  private void drained() throws InterruptedException {
    stdoutPump.join(Duration.ofSeconds(5));
    stderrPump.join(Duration.ofSeconds(5));
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
