package io.millwright.uns.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real MariaDB server for tests: a fresh data directory in a temporary directory, listening on a
 * free loopback port, with a password-authenticated user and database of its own. It uses Debian's
 * MariaDB binaries (package {@code mariadb-server}, which CI installs); without them the test is
 * skipped, saying so. Under root the server runs as the package's {@code mysql} system user
 * (MariaDB refuses root unless told otherwise, and a test server has no business being root); as
 * anyone else it runs as that user.
 */
public final class MariaDbServer implements AutoCloseable {

  public static final String USER = "erp";
  public static final String DATABASE = "erp";
  private static final String SYSTEM_USER = "mysql";
  private static final Path SERVER = Path.of("/usr/sbin/mariadbd");
  private static final Path INSTALL = Path.of("/usr/bin/mariadb-install-db");

  private final Path dir;
  private final int port;
  private final String password = UUID.randomUUID().toString();
  private final Thread cleanup = new Thread(this::destroy, "mariadb-test-cleanup");
  private Process server;

  private MariaDbServer(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** Creates, starts and populates a server; skips the test when MariaDB is not installed. */
  public static MariaDbServer start() throws IOException, InterruptedException, SQLException {
    assumeTrue(
        Files.isExecutable(SERVER) && Files.isExecutable(INSTALL),
        "MariaDB server binaries are not installed here (apt-get install mariadb-server);"
            + " CI installs them");
    assumeTrue(
        !asRoot() || Files.isExecutable(Path.of("/usr/sbin/runuser")),
        "running as root needs runuser (util-linux) to start MariaDB as user mysql");
    Path dir = Files.createTempDirectory("millwright-mariadb");
    MariaDbServer s = new MariaDbServer(dir, freePort());
    Runtime.getRuntime().addShutdownHook(s.cleanup);
    try {
      s.install();
      s.resume();
      s.createUserAndDatabase();
    } catch (IOException | SQLException | RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  public String url() {
    return "jdbc:mariadb://127.0.0.1:" + port + "/" + DATABASE;
  }

  public String password() {
    return password;
  }

  /** A connection as root, for checks the adapter's user may not do. */
  public Connection superuser() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:mariadb://127.0.0.1:" + port + "/" + DATABASE, "root", password);
  }

  /** Kills the server at once, as a crash or a pulled plug would. */
  public void halt() throws InterruptedException, IOException {
    if (server == null) {
      return;
    }
    serverProcess().ifPresent(ProcessHandle::destroyForcibly);
    server.destroyForcibly();
    if (!server.waitFor(60, TimeUnit.SECONDS)) {
      throw new IOException("MariaDB did not stop");
    }
    server = null;
  }

  /**
   * Starts the server (again, with crash recovery after {@link #halt}); returns once it accepts.
   */
  public void resume() throws IOException, InterruptedException {
    List<String> command =
        command(
            SERVER.toString(),
            "--no-defaults",
            "--datadir=" + dir.resolve("data"),
            "--socket=" + dir.resolve("mariadb.sock"),
            "--pid-file=" + dir.resolve("mariadb.pid"),
            "--port=" + port,
            "--bind-address=127.0.0.1",
            "--skip-networking=0",
            "--skip-name-resolve",
            "--log-error=" + dir.resolve("error.log"),
            "--innodb-buffer-pool-size=32M",
            // A session zone far from UTC, so that a timestamp converted through it shows.
            "--default-time-zone=+05:30");
    // Output to a file, not a pipe: nobody reads it while the server runs.
    server =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.out").toFile()))
            .start();
    awaitAccepting();
  }

  @Override
  public void close() {
    destroy();
    Runtime.getRuntime().removeShutdownHook(cleanup);
  }

  private void destroy() {
    try {
      if (server != null) {
        // A clean shutdown; a server that does not finish in time is killed.
        serverProcess().ifPresent(ProcessHandle::destroy);
        if (!server.waitFor(60, TimeUnit.SECONDS)) {
          halt();
        }
        server = null;
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

  /**
   * The mariadbd process itself: under root, {@link #server} is runuser, whose child it is. Signals
   * go to it directly rather than relying on runuser to pass them on.
   */
  private Optional<ProcessHandle> serverProcess() {
    if (!asRoot()) {
      return Optional.of(server.toHandle());
    }
    return server
        .toHandle()
        .descendants()
        .filter(p -> p.info().command().map(c -> c.endsWith("mariadbd")).orElse(false))
        .findFirst()
        .or(() -> Optional.of(server.toHandle()));
  }

  private void install() throws IOException, InterruptedException {
    if (asRoot()) {
      UserPrincipal mysql =
          dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SYSTEM_USER);
      Files.setOwner(dir, mysql);
    }
    Path output = dir.resolve("install.out");
    Process install =
        new ProcessBuilder(
                command(
                    INSTALL.toString(),
                    "--no-defaults",
                    "--datadir=" + dir.resolve("data"),
                    "--auth-root-authentication-method=normal",
                    "--skip-test-db",
                    "--skip-name-resolve"))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    if (!install.waitFor(180, TimeUnit.SECONDS)) {
      install.destroyForcibly();
      throw new IOException("mariadb-install-db timed out");
    }
    if (install.exitValue() != 0) {
      throw new IOException(
          "mariadb-install-db exited with "
              + install.exitValue()
              + ":\n"
              + Files.readString(output));
    }
  }

  /**
   * Waits until the server takes a connection. The fresh data directory's root has no password;
   * once {@link #createUserAndDatabase} gave it one, that one is used.
   */
  private void awaitAccepting() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    SQLException last = null;
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new IOException("MariaDB exited at start:\n" + log());
      }
      for (String pw : new String[] {password, ""}) {
        try {
          DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/", "root", pw).close();
          return;
        } catch (SQLException e) {
          last = e;
        }
      }
      Thread.sleep(100);
    }
    throw new IOException("MariaDB did not accept connections:\n" + log(), last);
  }

  private void createUserAndDatabase() throws SQLException {
    try (Connection c =
            DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/", "root", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4");
      s.execute("CREATE USER '" + USER + "'@'127.0.0.1' IDENTIFIED BY '" + password + "'");
      s.execute("GRANT ALL ON " + DATABASE + ".* TO '" + USER + "'@'127.0.0.1'");
      // The loopback port is open to every local user while the tests run: root gets a password.
      s.execute("ALTER USER 'root'@'127.0.0.1' IDENTIFIED BY '" + password + "'");
      s.execute("ALTER USER 'root'@'::1' IDENTIFIED BY '" + password + "'");
      s.execute("ALTER USER 'root'@'localhost' IDENTIFIED BY '" + password + "'");
    }
  }

  private String log() throws IOException {
    Path log = dir.resolve("error.log");
    return Files.exists(log) ? Files.readString(log) : Files.readString(dir.resolve("server.out"));
  }

  private static List<String> command(String... command) {
    List<String> full = new ArrayList<>();
    if (asRoot()) {
      full.addAll(List.of("/usr/sbin/runuser", "-u", SYSTEM_USER, "--"));
    }
    full.addAll(List.of(command));
    return full;
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
