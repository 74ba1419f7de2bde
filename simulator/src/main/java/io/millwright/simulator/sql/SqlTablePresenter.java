package io.millwright.simulator.sql;

import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Scale;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Value;
import io.millwright.simulator.MachinePresenter;
import io.millwright.simulator.PortInUseException;
import io.millwright.simulator.ServedMachine;
import io.millwright.simulator.TagSpec;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.api.ErrorCode;
import org.h2.tools.Server;

/**
 * One simulated machine presented as an edge SQL database, the way a CMM or a test bench with a
 * results database is: an H2 server over TCP holding a {@code results} table that gets a row with
 * every tag and the time whenever something happens (a cycle ends, the state or its reason changes,
 * a job arrives: any tag but the floating-point process values, which change every tick and travel
 * with the rows; a row per tick for a machine without {@code counts/cycles}), and a {@code
 * commands} table whose writes the machine carries out and acknowledges, or refuses with the
 * reason.
 *
 * <p>The server accepts connections from this host only. While the machine's link is down the
 * server is stopped, so clients are refused, but the machine keeps recording: the connector catches
 * up when the link is back.
 */
public final class SqlTablePresenter implements MachinePresenter {

  private static final System.Logger LOG = System.getLogger(SqlTablePresenter.class.getName());

  /** The tag whose change means one more cycle, hence one more result row. */
  static final String CYCLES = "counts/cycles";

  private final ServedMachine machine;
  private final int requestedPort;
  private final Optional<Path> directory;
  private final String user;
  private final String password;
  private final String database;
  private final Map<String, String> columns;
  private final List<TagSpec> recorded;
  private final AtomicLong rows = new AtomicLong();
  private final AtomicLong commands = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  // Touched by start(), tick() (the clock thread) and close(), which the simulator serialises.
  private Server server;
  private int port;
  private MachineTables tables;
  private List<Value> lastEvents;
  private boolean closed;

  /**
   * @param port the TCP port, 0 for any free one
   * @param directory where the database file lives; empty for a database in memory
   * @param user the user clients log in as (and the database's owner)
   */
  public SqlTablePresenter(
      ServedMachine machine, int port, Optional<Path> directory, String user, String password) {
    this.machine = machine;
    this.requestedPort = port;
    this.directory = directory;
    this.user = user;
    this.password = password;
    // Unique per presenter: two simulators in one JVM (tests) must not share an in-memory table.
    this.database =
        directory.isPresent()
            ? machine.id()
            : machine.id() + "-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> names = machine.tags().stream().map(TagSpec::name).toList();
    this.columns = ColumnNames.of(names, Set.of(MachineTables.ID, MachineTables.RECORDED_AT));
    // The job fields and setpoints too: a machine reports what it runs, which is how whoever wrote
    // them learns that it took them.
    this.recorded = machine.tags();
  }

  @Override
  public ServedMachine machine() {
    return machine;
  }

  @Override
  public synchronized void start() {
    if (server != null || closed) {
      throw new IllegalStateException(machine.id() + ": the SQL presenter was already started");
    }
    try {
      Connection own = DriverManager.getConnection(embeddedUrl(), user, password);
      try {
        tables = new MachineTables(own, recorded, columns);
      } catch (SQLException e) {
        own.close();
        throw e;
      }
      port = requestedPort;
      serve();
    } catch (SQLException e) {
      closeTables();
      if (e.getErrorCode() == ErrorCode.EXCEPTION_OPENING_PORT_2) {
        throw new PortInUseException(requestedPort, "SQL machine " + machine.id(), e);
      }
      throw new IllegalStateException(machine.id() + ": cannot create its database", e);
    }
    LOG.log(System.Logger.Level.INFO, "{0}: SQL tables at {1}", machine.id(), endpoint());
  }

  private String embeddedUrl() {
    // Kept open by this presenter's own connection; DB_CLOSE_DELAY keeps an in-memory one
    // alive across the moments no client is connected.
    return directory
        .map(d -> "jdbc:h2:file:" + d.resolve(database).toAbsolutePath())
        .orElse("jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1");
  }

  private void serve() throws SQLException {
    List<String> args = new ArrayList<>(List.of("-tcpPort", Integer.toString(port)));
    directory.ifPresent(d -> args.addAll(List.of("-baseDir", d.toAbsolutePath().toString())));
    server = Server.createTcpServer(args.toArray(String[]::new)).start();
    // Port 0 picked a free one; a restart after a link drop takes the same again.
    port = server.getPort();
  }

  private String endpoint() {
    String path = directory.isPresent() ? database : "mem:" + database;
    return "jdbc:h2:tcp://127.0.0.1:" + port + "/" + path;
  }

  @Override
  public synchronized void tick(long epochMillis) {
    if (tables == null || closed) {
      return;
    }
    followLink();
    try {
      if (rowDue()) {
        List<Value> values = new ArrayList<>(recorded.size());
        for (TagSpec t : recorded) {
          values.add(machine.read(t.name()));
        }
        tables.appendRow(epochMillis, values);
        rows.incrementAndGet();
      }
      carryOutCommands();
    } catch (SQLException | RuntimeException e) {
      failures.incrementAndGet();
      LOG.log(System.Logger.Level.WARNING, machine.id() + ": SQL tables not updated", e);
    }
  }

  /**
   * True when a row is due: on the first tick (the machine's state as the simulator starts), when a
   * tag other than a floating-point process value changed, or on every tick without a count.
   */
  private boolean rowDue() {
    if (!columns.containsKey(CYCLES)) {
      return true;
    }
    List<Value> events = new ArrayList<>();
    for (TagSpec t : recorded) {
      if (t.type().kind() != Value.Kind.DOUBLE) {
        events.add(machine.read(t.name()));
      }
    }
    boolean due = !events.equals(lastEvents);
    lastEvents = events;
    return due;
  }

  private void carryOutCommands() throws SQLException {
    for (MachineTables.Command c : tables.pendingCommands()) {
      Optional<TagSpec> tag =
          machine.tags().stream()
              .filter(t -> t.writable() && columns.get(t.name()).equals(c.column()))
              .findFirst();
      boolean taken =
          tables.carryOut(
              c.id(),
              () -> {
                if (tag.isEmpty()) {
                  throw new IllegalArgumentException(
                      c.column() + " is not a writable tag of " + machine.id());
                }
                machine.write(tag.get().name(), CommandText.parse(tag.get().type(), c.value()));
              });
      if (taken) {
        commands.incrementAndGet();
      }
    }
  }

  /** A dropped link refuses clients: the server stops, and starts again on the same port. */
  private void followLink() {
    boolean up = machine.linkUp();
    if (!up && server != null) {
      server.stop();
      server = null;
      LOG.log(System.Logger.Level.INFO, "{0}: link down, SQL server stopped", machine.id());
    } else if (up && server == null) {
      try {
        serve();
        LOG.log(System.Logger.Level.INFO, "{0}: link up, SQL server back", machine.id());
      } catch (SQLException e) {
        failures.incrementAndGet();
        LOG.log(System.Logger.Level.WARNING, machine.id() + ": SQL server not restarted", e);
      }
    }
  }

  @Override
  public synchronized MachineDefinition definition() {
    if (tables == null) {
      throw new IllegalStateException(machine.id() + ": the SQL presenter is not started");
    }
    Map<String, String> options = new LinkedHashMap<>();
    options.put("table", MachineTables.RESULTS);
    options.put("watermark", MachineTables.ID);
    options.put("timestamp", MachineTables.RECORDED_AT);
    options.put("user", user);
    options.put("password", password);
    if (machine.tags().stream().anyMatch(TagSpec::writable)) {
      options.put("commandTable", MachineTables.COMMANDS);
    }
    List<Tag> tags = new ArrayList<>();
    for (TagSpec t : machine.tags()) {
      tags.add(
          new Tag(
              t.name(),
              columns.get(t.name()),
              t.type(),
              t.unit(),
              Scale.IDENTITY,
              0,
              Optional.empty(),
              t.writable()));
    }
    return new MachineDefinition(
        machine.id(),
        machine.name(),
        machine.area(),
        machine.line(),
        Protocol.SQL,
        endpoint(),
        options,
        null,
        tags);
  }

  /** Result rows appended since start. */
  public long rows() {
    return rows.get();
  }

  /** Command rows carried out or refused since start. */
  public long commands() {
    return commands.get();
  }

  /** Ticks whose tables could not be updated, and server restarts that failed. */
  public long failures() {
    return failures.get();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (server != null) {
      server.stop();
      server = null;
    }
    closeTables();
  }

  private void closeTables() {
    if (tables == null) {
      return;
    }
    try {
      if (directory.isEmpty()) {
        // Frees the memory now rather than when the JVM ends (DB_CLOSE_DELAY=-1 keeps it).
        tables.shutdownDatabase();
      }
      tables.close();
    } catch (SQLException e) {
      LOG.log(System.Logger.Level.WARNING, machine.id() + ": closing its database", e);
    }
    tables = null;
  }
}
