package io.millwright.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the image with runc, the OCI runtime under containerd and CRI-O, the way a restricted
 * Kubernetes pod runs it: the image's own user, entrypoint and environment, a read-only root file
 * system, no capabilities, no new privileges, a tmpfs on /tmp (an emptyDir there) and a volume on
 * the data directory. The container shares the host's network so that its ports are reachable.
 * Needs root (runc creates namespaces and cgroups) and the Debian package runc.
 *
 * <pre>java -cp ... io.millwright.image.ImageRun IMAGE_TAR WORK_DIR RUNS [JDK_JAVA_OPTIONS]</pre>
 *
 * prints the time from 'runc run' to /q/health/ready answering UP for 'run --roles
 * broker,historian', RUNS times (bench/image.sh); JDK_JAVA_OPTIONS, when given, is set in the
 * container to compare JVM options (e.g. -Xshare:off).
 */
public final class ImageRun {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path work;
  private final Path rootfs;
  private final Path state;
  private final JsonNode config;

  private ImageRun(Path work, JsonNode config) {
    this.work = work;
    this.rootfs = work.resolve("rootfs");
    this.state = work.resolve("state");
    this.config = config;
  }

  /** Unpacks the image into {@code work}/rootfs (emptying {@code work} first). */
  public static ImageRun unpack(Path tar, Path work) throws Exception {
    String uid = command(List.of("id", "-u"), Duration.ofSeconds(10)).strip();
    if (!uid.equals("0")) {
      throw new IllegalStateException("runc needs root here; running as uid " + uid);
    }
    deleteRecursively(work);
    Files.createDirectories(work.resolve("state"));
    try (ImageTar image = ImageTar.open(tar)) {
      image.extract(work.resolve("rootfs"));
      return new ImageRun(work, image.config().path("config"));
    }
  }

  /** The image's configuration: User, Entrypoint, Cmd, Env, WorkingDir, ... */
  public JsonNode config() {
    return config;
  }

  /** The image's entrypoint followed by {@code args}. */
  public List<String> entrypointWith(List<String> args) {
    List<String> command = new ArrayList<>();
    config.path("Entrypoint").forEach(n -> command.add(n.asText()));
    command.addAll(args);
    return command;
  }

  /**
   * Starts a container in the foreground of the returned process, whose output goes to {@code log}.
   * {@code volumes} maps a container path to a host directory, made the image user's.
   */
  public Process start(
      String id, List<String> args, Map<String, String> env, Map<String, Path> volumes, Path log)
      throws Exception {
    Path bundle = work.resolve("bundle-" + id);
    Files.createDirectories(bundle);
    command(List.of("runc", "spec", "--bundle", bundle.toString()), Duration.ofSeconds(10));
    ObjectNode spec = (ObjectNode) JSON.readTree(bundle.resolve("config.json").toFile());
    spec.putObject("root").put("path", rootfs.toString()).put("readonly", true);

    ObjectNode process = (ObjectNode) spec.path("process");
    process.put("terminal", false);
    String user = config.path("User").asText();
    String[] ids = user.split(":");
    process
        .putObject("user")
        .put("uid", Integer.parseInt(ids[0]))
        .put("gid", Integer.parseInt(ids[1]));
    process.put("cwd", config.path("WorkingDir").asText("/"));
    ArrayNode argv = process.putArray("args");
    args.forEach(argv::add);
    ArrayNode environment = process.putArray("env");
    config.path("Env").forEach(environment::add);
    env.forEach((k, v) -> environment.add(k + "=" + v));
    ObjectNode capabilities = process.putObject("capabilities");
    for (String set : List.of("bounding", "effective", "inheritable", "permitted", "ambient")) {
      capabilities.putArray(set);
    }
    process.put("noNewPrivileges", true);

    ArrayNode namespaces = (ArrayNode) spec.path("linux").path("namespaces");
    for (int i = namespaces.size() - 1; i >= 0; i--) {
      if (namespaces.get(i).path("type").asText().equals("network")) {
        namespaces.remove(i);
      }
    }
    ArrayNode mounts = (ArrayNode) spec.path("mounts");
    // The JVM, DuckDB, RocksDB and Netty write there, and load their native libraries from there:
    // so not noexec.
    mount(mounts, "/tmp", "tmpfs", "tmpfs", "nosuid", "nodev", "mode=1777", "size=512m");
    for (Map.Entry<String, Path> volume : volumes.entrySet()) {
      Files.createDirectories(volume.getValue());
      command(List.of("chown", "-R", user, volume.getValue().toString()), Duration.ofSeconds(10));
      mount(mounts, volume.getKey(), "bind", volume.getValue().toString(), "rbind", "rw");
    }
    JSON.writerWithDefaultPrettyPrinter().writeValue(bundle.resolve("config.json").toFile(), spec);

    return new ProcessBuilder(
            "runc", "--root", state.toString(), "run", "--bundle", bundle.toString(), id)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
  }

  private static void mount(
      ArrayNode mounts, String destination, String type, String source, String... options) {
    ObjectNode mount = mounts.addObject();
    mount.put("destination", destination).put("type", type).put("source", source);
    ArrayNode opts = mount.putArray("options");
    for (String o : options) {
      opts.add(o);
    }
  }

  /** Sends a signal to the container's process, as the kubelet does to stop a pod. */
  public void kill(String id, String signal) throws Exception {
    command(
        List.of("runc", "--root", state.toString(), "kill", id, signal), Duration.ofSeconds(10));
  }

  /** Removes a container, stopping it first if it still runs. */
  public void delete(String id) throws Exception {
    command(
        List.of("runc", "--root", state.toString(), "delete", "--force", id),
        Duration.ofSeconds(10));
  }

  /** Removes everything unpacked. */
  public void clean() throws IOException {
    deleteRecursively(work);
  }

  /**
   * Polls http://127.0.0.1:port/q/health/ready until it answers 200 and returns the body; fails
   * with the container's output when the container exits or the time is up.
   */
  public static String awaitReady(int port, Process container, Path log, Duration timeout)
      throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
            .timeout(Duration.ofSeconds(5))
            .build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!container.isAlive()) {
        throw new IllegalStateException(
            "the container exited with " + container.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return response.body();
        }
      } catch (IOException notYetListening) {
        // the HTTP server is not listening yet
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("not ready within " + timeout + ":\n" + Files.readString(log));
  }

  /** The environment that moves the broker and the HTTP server to free ports. */
  public static Map<String, String> freePorts(int http) throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("MILLWRIGHT_HTTP_PORT", Integer.toString(http));
    env.put("MILLWRIGHT_MQTT_PORT", Integer.toString(freePort()));
    env.put("MILLWRIGHT_MQTT_TLS_PORT", Integer.toString(freePort()));
    return env;
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static String command(List<String> command, Duration timeout) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(command + " did not finish in " + timeout);
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(command + " failed (" + p.exitValue() + "): " + out);
    }
    return out;
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Measures time to ready of 'run --roles broker,historian', a fresh data volume each run. */
  public static void main(String[] args) throws Exception {
    Path tar = Path.of(args[0]);
    Path work = Path.of(args[1]).toAbsolutePath();
    int runs = Integer.parseInt(args[2]);
    ImageRun image = unpack(tar, work);
    try {
      List<Long> times = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        String id = "millwright-bench-" + i;
        int http = freePort();
        Map<String, String> env = freePorts(http);
        env.put("MILLWRIGHT_ADMIN_PASSWORD", "bench-password");
        if (args.length > 3) {
          env.put("JDK_JAVA_OPTIONS", args[3]);
        }
        Path log = work.resolve(id + ".log");
        long start = System.nanoTime();
        Process container =
            image.start(
                id,
                image.entrypointWith(List.of("run", "--roles", "broker,historian")),
                env,
                Map.of("/var/lib/millwright", work.resolve("data-" + i)),
                log);
        try {
          awaitReady(http, container, log, Duration.ofSeconds(180));
          long millis = (System.nanoTime() - start) / 1_000_000;
          times.add(millis);
          image.kill(id, "TERM");
          container.waitFor(30, TimeUnit.SECONDS);
          System.out.printf(
              "run %d: ready in %d ms, exit %s after SIGTERM%n",
              i + 1, millis, container.isAlive() ? "(still running)" : container.exitValue());
        } finally {
          container.destroyForcibly();
          image.delete(id);
        }
      }
      List<Long> sorted = times.stream().sorted().toList();
      System.out.printf(
          "time to ready with runc ('run --roles broker,historian'): median %d ms, min %d ms,"
              + " max %d ms over %d runs%n",
          sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), runs);
    } finally {
      image.clean();
    }
  }
}
