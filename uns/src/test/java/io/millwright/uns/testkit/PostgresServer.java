package io.millwright.uns.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests: a fresh cluster in a temporary directory, listening on a free
 * loopback port, with a password-authenticated role and database of its own. It uses Debian's
 * PostgreSQL binaries (package {@code postgresql}, which CI installs); without them the test is
 * skipped, saying so. PostgreSQL refuses to run as root, so under root the cluster belongs to the
 * {@code postgres} system user and every command runs as that user.
 */
public final class PostgresServer implements AutoCloseable {

  public static final String USER = "historian";
  static final String DATABASE = "historian";
  private static final String SUPERUSER = "postgres";

  private final Path bin;
  private final Path dir;
  private final int port;
  private final String password = UUID.randomUUID().toString();
  private final Thread cleanup = new Thread(this::destroy, "postgres-test-cleanup");

  private PostgresServer(Path bin, Path dir, int port) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
  }

  /** Creates, starts and populates a cluster; skips the test when PostgreSQL is not installed. */
  public static PostgresServer start() throws IOException, InterruptedException, SQLException {
    Path bin = binaries();
    assumeTrue(
        bin != null,
        "PostgreSQL server binaries are not installed here (apt-get install postgresql);"
            + " CI installs them");
    assumeTrue(
        !asRoot() || Files.isExecutable(Path.of("/usr/sbin/runuser")),
        "running as root needs runuser (util-linux) to start PostgreSQL as user postgres");
    Path dir = Files.createTempDirectory("millwright-pg");
    PostgresServer server = new PostgresServer(bin, dir, freePort());
    Runtime.getRuntime().addShutdownHook(server.cleanup);
    try {
      server.init();
      server.resume();
      server.createRoleAndDatabase();
    } catch (IOException | SQLException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  public String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
  }

  public String password() {
    return password;
  }

  /** Stops the server at once, as a crash or a pulled plug would, without a shutdown checkpoint. */
  public void halt() throws IOException, InterruptedException {
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", data(), "-m", "immediate", "-w", "stop"));
  }

  /**
   * Starts the server (again), with crash recovery after {@link #halt}; returns once it accepts.
   */
  public void resume() throws IOException, InterruptedException {
    String options =
        "-c listen_addresses=127.0.0.1 -c port=" + port + " -c unix_socket_directories=" + dir;
    run(
        List.of(
            bin.resolve("pg_ctl").toString(),
            "-D",
            data(),
            "-l",
            dir.resolve("server.log").toString(),
            "-o",
            options,
            "-w",
            "-t",
            "120",
            "start"));
  }

  /** A connection as the superuser, for checks the store's role may not do. */
  public Connection superuser() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE, SUPERUSER, password);
  }

  @Override
  public void close() {
    destroy();
    Runtime.getRuntime().removeShutdownHook(cleanup);
  }

  private void destroy() {
    try {
      if (Files.exists(dir.resolve("data/postmaster.pid"))) {
        try {
          halt();
        } catch (IOException e) {
          // Already stopped (a test halted it): the files go all the same.
          System.getLogger(PostgresServer.class.getName())
              .log(System.Logger.Level.DEBUG, "stopping the test server", e);
        }
      }
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void init() throws IOException, InterruptedException {
    Path passwordFile = dir.resolve("password");
    Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
    if (asRoot()) {
      UserPrincipal postgres =
          dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
      Files.setOwner(dir, postgres);
      Files.setOwner(passwordFile, postgres);
    }
    // --no-sync only skips flushing the freshly made cluster files; the server's fsync stays on.
    run(
        List.of(
            bin.resolve("initdb").toString(),
            "-D",
            data(),
            "-U",
            SUPERUSER,
            "--pwfile=" + passwordFile,
            "--auth=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync"));
  }

  private void createRoleAndDatabase() throws SQLException {
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres", SUPERUSER, password);
        Statement s = c.createStatement()) {
      s.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + password + "'");
      s.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
    }
  }

  private String data() {
    return dir.resolve("data").toString();
  }

  private void run(List<String> command) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (asRoot()) {
      full.addAll(List.of("/usr/sbin/runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    // Output to a file, not a pipe: the server pg_ctl forks must not hold our pipe open.
    Path output = Files.createTempFile("millwright-pg", ".out");
    try {
      Process process =
          new ProcessBuilder(full)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!process.waitFor(180, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("timed out: " + full);
      }
      if (process.exitValue() != 0) {
        throw new IOException(
            full + " exited with " + process.exitValue() + ":\n" + Files.readString(output));
      }
    } finally {
      Files.delete(output);
    }
  }

  /** The newest installed PostgreSQL's bin directory, or null. */
  private static Path binaries() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return null;
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(
              b ->
                  Files.isExecutable(b.resolve("initdb"))
                      && Files.isExecutable(b.resolve("pg_ctl")))
          .max(Comparator.comparing(b -> version(b.getParent().getFileName().toString())))
          .orElse(null);
    }
  }

  private static int version(String name) {
    try {
      return Integer.parseInt(name);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static boolean asRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
