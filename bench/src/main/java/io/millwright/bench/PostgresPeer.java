package io.millwright.bench;

import io.millwright.historian.postgres.PostgresStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The historian's PostgreSQL store (the {@code postgresql} backend) on a PostgreSQL cluster the
 * benchmark makes in its own directory with Debian's server binaries ({@code apt-get install
 * postgresql}) and starts on a loopback port; as root, the server runs as user {@code postgres}.
 * Settings are PostgreSQL's defaults ({@code synchronous_commit} on, so an acknowledged batch is
 * durable).
 */
final class PostgresPeer extends SampleStorePeer {

  private static final String USER = "historian";

  private final Path cluster;
  private final Path bin;
  private final PostgresStore store;
  private final String version;
  private final String url;
  private final String password;

  private PostgresPeer(
      Path cluster, Path bin, PostgresStore store, String version, String url, String password) {
    super(store);
    this.cluster = cluster;
    this.bin = bin;
    this.store = store;
    this.version = version;
    this.url = url;
    this.password = password;
  }

  static PostgresPeer start(Path directory) throws IOException {
    Path bin = binaries();
    Path cluster = directory.resolve("postgresql");
    Files.createDirectories(cluster);
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String password = UUID.randomUUID().toString();
    if (asRoot()) {
      run(List.of("chown", "-R", "postgres:postgres", directory.toString()));
    }
    Path passwordFile = cluster.resolve("pwfile");
    Files.writeString(passwordFile, password + "\n");
    if (asRoot()) {
      run(List.of("chown", "postgres:postgres", passwordFile.toString()));
    }
    Path data = cluster.resolve("data");
    runAsPostgres(
        List.of(
            bin.resolve("initdb").toString(),
            "-D",
            data.toString(),
            "-U",
            USER,
            "--pwfile=" + passwordFile,
            "-A",
            "scram-sha-256",
            "-E",
            "UTF8"));
    runAsPostgres(
        List.of(
            bin.resolve("pg_ctl").toString(),
            "-D",
            data.toString(),
            "-l",
            cluster.resolve("server.log").toString(),
            "-w",
            "-o",
            "-p " + port + " -k " + cluster + " -c listen_addresses=127.0.0.1",
            "start"));
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    try {
      return new PostgresPeer(
          cluster,
          bin,
          PostgresStore.open(url, USER, password, "millwright"),
          bin.getParent().getFileName().toString(),
          url,
          password);
    } catch (RuntimeException e) {
      stop(bin, data); // never leave a server running behind a failed benchmark
      throw e;
    }
  }

  @Override
  public String name() {
    return "Millwright on PostgreSQL " + version;
  }

  /** The server's JDBC URL, for benchmarks that bring tables of their own (bench/sql.sh). */
  String url() {
    return url;
  }

  /** The superuser the cluster was made with. */
  String user() {
    return USER;
  }

  String password() {
    return password;
  }

  /** The server's major version, {@code 15}. */
  String version() {
    return version;
  }

  @Override
  public String ack() {
    return "durable: COPY and INSERT ... ON CONFLICT committed with synchronous_commit on";
  }

  @Override
  public String flush() {
    return "none needed (committed rows are on disk; sizes include the primary-key index)";
  }

  @Override
  public long diskBytes() {
    return store.diskBytes();
  }

  /** The postmaster; its backends are separate processes, so its RSS is a lower bound. */
  @Override
  public long pid() {
    try {
      return Long.parseLong(
          Files.readAllLines(cluster.resolve("data/postmaster.pid")).getFirst().strip());
    } catch (IOException e) {
      return -1;
    }
  }

  @Override
  public void close() {
    super.close();
    stop(bin, cluster.resolve("data"));
  }

  private static void stop(Path bin, Path data) {
    try {
      runAsPostgres(
          List.of(
              bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"));
    } catch (IOException e) {
      System.err.println("stopping PostgreSQL: " + e.getMessage());
    }
  }

  /** The newest installed server, /usr/lib/postgresql/N/bin. */
  private static Path binaries() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      throw new IOException("PostgreSQL is not installed: apt-get install postgresql");
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
          .max((a, b) -> Integer.compare(major(a), major(b)))
          .map(v -> v.resolve("bin"))
          .orElseThrow(() -> new IOException("no initdb under " + root));
    }
  }

  private static int major(Path version) {
    try {
      return Integer.parseInt(version.getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static boolean asRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void runAsPostgres(List<String> command) throws IOException {
    List<String> full = new ArrayList<>();
    if (asRoot()) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    run(full);
  }

  private static void run(List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    try {
      if (process.waitFor() != 0) {
        throw new IOException(String.join(" ", command) + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
