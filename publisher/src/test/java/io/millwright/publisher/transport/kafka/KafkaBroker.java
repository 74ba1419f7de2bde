package io.millwright.publisher.transport.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real single-node Kafka (KRaft, one process that is broker and controller) on free loopback
 * ports, started from Kafka's own jars in a child JVM: storage formatted once with {@code
 * kafka.tools.StorageTool}, then {@code kafka.Kafka}. {@link #kill()} ends it with SIGKILL, {@link
 * #restart()} starts it again on the same ports and log directory. The broker's log is {@code
 * broker.log} in {@link #directory()}.
 *
 * <p>The test class path must hold {@code org.apache.kafka:kafka_2.13} (and, for the broker's log,
 * an slf4j provider such as {@code slf4j-simple}).
 */
public final class KafkaBroker implements AutoCloseable {

  private static final Duration READY_WITHIN = Duration.ofSeconds(90);

  private final Path directory;
  private final int port;
  private final int controllerPort;
  private Process process;
  private Duration lastStart = Duration.ZERO;

  private KafkaBroker(Path directory, int port, int controllerPort) {
    this.directory = directory;
    this.port = port;
    this.controllerPort = controllerPort;
  }

  /** Formats a fresh log directory and starts the broker; returns once it takes requests. */
  public static KafkaBroker start() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("kafka-broker");
    KafkaBroker broker = new KafkaBroker(dir, freePort(), freePort());
    try {
      broker.format();
      broker.launch();
    } catch (IOException | InterruptedException | RuntimeException e) {
      broker.close();
      throw e;
    }
    return broker;
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public Path directory() {
    return directory;
  }

  /** How long the last start took until the broker answered. */
  public Duration lastStart() {
    return lastStart;
  }

  /** The child JVM's resident memory (Linux), or -1 when unknown or not running. */
  public long residentBytes() {
    if (process == null || !process.isAlive()) {
      return -1;
    }
    try {
      for (String line : Files.readAllLines(Path.of("/proc", process.pid() + "", "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  public boolean running() {
    return process != null && process.isAlive();
  }

  /** Creates a topic (one replica); an existing one is left as it is. */
  public void createTopic(String topic, int partitions) throws Exception {
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
  }

  /** An admin client for this broker; the caller closes it. */
  public Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
  }

  /** SIGKILL, as a crash or {@code kill -9} would: no flush, no controlled shutdown. */
  public void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the Kafka broker did not die within 30 s");
      }
    }
  }

  /** Starts the broker again (killing it first if it runs) on the same ports and log directory. */
  public void restart() throws IOException, InterruptedException {
    kill();
    launch();
  }

  @Override
  public void close() {
    try {
      kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a temp dir left behind
    }
  }

  private Path properties() throws IOException {
    Path file = directory.resolve("server.properties");
    if (!Files.exists(file)) {
      String config =
          """
          process.roles=broker,controller
          node.id=1
          controller.quorum.voters=1@127.0.0.1:%2$d
          listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
          advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
          controller.listener.names=CONTROLLER
          inter.broker.listener.name=PLAINTEXT
          listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
          log.dirs=%3$s
          num.partitions=1
          auto.create.topics.enable=true
          offsets.topic.replication.factor=1
          offsets.topic.num.partitions=1
          transaction.state.log.replication.factor=1
          transaction.state.log.min.isr=1
          transaction.state.log.num.partitions=1
          share.coordinator.state.topic.replication.factor=1
          share.coordinator.state.topic.min.isr=1
          share.coordinator.state.topic.num.partitions=1
          group.initial.rebalance.delay.ms=0
          num.network.threads=2
          num.io.threads=2
          background.threads=2
          num.recovery.threads.per.data.dir=1
          log.cleaner.threads=1
          log.cleaner.dedupe.buffer.size=2097152
          broker.heartbeat.interval.ms=500
          broker.session.timeout.ms=2000
          """
              .formatted(port, controllerPort, directory.resolve("logs"));
      Files.writeString(file, config, StandardCharsets.UTF_8);
    }
    return file;
  }

  private void format() throws IOException, InterruptedException {
    Path out = directory.resolve("format.log");
    Process format =
        new ProcessBuilder(
                java(
                    "-Xmx128m",
                    "kafka.tools.StorageTool",
                    "format",
                    "--cluster-id",
                    Uuid.randomUuid().toString(),
                    "--config",
                    properties().toString()))
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    if (!format.waitFor(60, TimeUnit.SECONDS)) {
      format.destroyForcibly();
      throw new IllegalStateException("formatting Kafka's storage took over 60 s");
    }
    if (format.exitValue() != 0) {
      throw new IllegalStateException(
          "formatting Kafka's storage failed: " + Files.readString(out, StandardCharsets.UTF_8));
    }
  }

  private void launch() throws IOException, InterruptedException {
    long started = System.nanoTime();
    Path log = directory.resolve("broker.log");
    process =
        new ProcessBuilder(java("-Xmx192m", "kafka.Kafka", properties().toString()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    long deadline = started + READY_WITHIN.toNanos();
    while (!listening()) { // first the port, then the admin client (which warns while it is shut)
      if (!process.isAlive() || System.nanoTime() > deadline) {
        break;
      }
      Thread.sleep(50);
    }
    try (Admin admin = admin()) {
      while (true) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "the Kafka broker exited with " + process.exitValue() + ":\n" + tail(log));
        }
        try {
          if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
            break;
          }
        } catch (ExecutionException | java.util.concurrent.TimeoutException notYet) {
          // not listening or not registered yet
        }
        if (System.nanoTime() > deadline) {
          process.destroyForcibly();
          throw new IllegalStateException(
              "the Kafka broker was not ready within " + READY_WITHIN + ":\n" + tail(log));
        }
        Thread.sleep(100);
      }
    }
    lastStart = Duration.ofNanos(System.nanoTime() - started);
  }

  private boolean listening() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  /** The command line of a child JVM on this JVM's class path. */
  private static List<String> java(String heap, String mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(
        List.of(
            heap,
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", // C1 only: starts faster, fast enough for tests
            "-Xss512k",
            "-Djava.awt.headless=true",
            "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
            "-cp",
            System.getProperty("java.class.path"),
            mainClass));
    command.addAll(List.of(args));
    return command;
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  /** The topics the broker has. */
  public Set<String> topics() throws Exception {
    try (Admin admin = admin()) {
      return admin.listTopics().names().get();
    }
  }
}
