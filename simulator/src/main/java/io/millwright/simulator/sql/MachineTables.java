package io.millwright.simulator.sql;

import io.millwright.core.machine.DataType;
import io.millwright.core.sample.Value;
import io.millwright.simulator.TagSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The simulated machine's two tables on its own embedded connection: {@code results}, one row per
 * cycle with every read-only tag, and {@code commands}, the writes the connector asks for, in the
 * schema docs/machines.md gives plants. Names are created quoted in lower case, as PostgreSQL would
 * keep them unquoted.
 */
final class MachineTables implements AutoCloseable {

  static final String RESULTS = "results";
  static final String COMMANDS = "commands";
  static final String ID = "id";
  static final String RECORDED_AT = "recorded_at";

  /** A command row not yet answered. */
  record Command(long id, String column, String value) {}

  private final Connection connection;
  private final List<TagSpec> recorded;
  private final PreparedStatement insertRow;
  private final PreparedStatement pending;
  private final PreparedStatement acknowledge;
  private final PreparedStatement refuse;

  /**
   * @param recorded the tags each result row holds, in column order
   * @param columns every tag's column
   */
  MachineTables(Connection connection, List<TagSpec> recorded, Map<String, String> columns)
      throws SQLException {
    this.connection = connection;
    this.recorded = List.copyOf(recorded);
    StringBuilder ddl =
        new StringBuilder("CREATE TABLE IF NOT EXISTS \"" + RESULTS + "\" (\"" + ID + "\" BIGINT")
            .append(" GENERATED ALWAYS AS IDENTITY PRIMARY KEY, \"")
            .append(RECORDED_AT)
            .append("\" TIMESTAMP(3) NOT NULL");
    StringBuilder names = new StringBuilder("\"" + RECORDED_AT + "\"");
    StringBuilder marks = new StringBuilder("?");
    for (TagSpec t : recorded) {
      String column = "\"" + columns.get(t.name()) + "\"";
      ddl.append(", ").append(column).append(' ').append(sqlType(t.type()));
      names.append(", ").append(column);
      marks.append(", ?");
    }
    ddl.append(')');
    try (Statement s = connection.createStatement()) {
      s.execute(ddl.toString());
      s.execute(
          "CREATE TABLE IF NOT EXISTS \"commands\" (\"id\" BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
              + " \"tag\" VARCHAR(63) NOT NULL, \"value\" VARCHAR(4000) NOT NULL,"
              + " \"requested_at\" TIMESTAMP NOT NULL, \"acknowledged_at\" TIMESTAMP,"
              + " \"error\" VARCHAR(4000))");
    }
    this.insertRow =
        connection.prepareStatement(
            "INSERT INTO \"" + RESULTS + "\" (" + names + ") VALUES (" + marks + ")");
    this.pending =
        connection.prepareStatement(
            "SELECT \"id\", \"tag\", \"value\" FROM \"commands\""
                + " WHERE \"acknowledged_at\" IS NULL AND \"error\" IS NULL ORDER BY \"id\"");
    this.acknowledge =
        connection.prepareStatement(
            "UPDATE \"commands\" SET \"acknowledged_at\" = CURRENT_TIMESTAMP"
                + " WHERE \"id\" = ? AND \"acknowledged_at\" IS NULL AND \"error\" IS NULL");
    this.refuse =
        connection.prepareStatement(
            "UPDATE \"commands\" SET \"acknowledged_at\" = NULL, \"error\" = ? WHERE \"id\" = ?");
  }

  private static String sqlType(DataType type) {
    return switch (type) {
      case BOOL -> "BOOLEAN";
      case INT16 -> "SMALLINT";
      case UINT16, INT32 -> "INTEGER";
      case UINT32, INT64 -> "BIGINT";
      case FLOAT32 -> "REAL";
      case FLOAT64 -> "DOUBLE PRECISION";
      case STRING -> "VARCHAR(1000)";
    };
  }

  /** Appends one result row with the given values of the recorded tags, in their order. */
  void appendRow(long epochMillis, List<Value> values) throws SQLException {
    insertRow.setObject(
        1, LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC));
    for (int i = 0; i < recorded.size(); i++) {
      insertRow.setObject(i + 2, jdbc(values.get(i)));
    }
    insertRow.executeUpdate();
  }

  private static Object jdbc(Value value) {
    return switch (value) {
      case Value.Bool b -> b.value();
      case Value.Int64 i -> i.value();
      case Value.Float64 f -> f.value();
      case Value.Text t -> t.value();
    };
  }

  List<Command> pendingCommands() throws SQLException {
    List<Command> commands = new ArrayList<>();
    try (ResultSet rs = pending.executeQuery()) {
      while (rs.next()) {
        commands.add(new Command(rs.getLong(1), rs.getString(2), rs.getString(3)));
      }
    }
    return commands;
  }

  /**
   * Claims a command and carries it out in one transaction, as docs/machines.md tells machines to:
   * the acknowledgement is set only when the connector has not withdrawn the command, and replaced
   * by the error when the machine refuses it. So the connector never sees an acknowledgement for a
   * command that was refused, and a withdrawn command is never carried out.
   *
   * @param action carries the command out; an {@link IllegalArgumentException} refuses it with its
   *     message
   * @return false when the connector had withdrawn the command
   */
  boolean carryOut(long id, Runnable action) throws SQLException {
    connection.setAutoCommit(false);
    try {
      acknowledge.setLong(1, id);
      boolean claimed = acknowledge.executeUpdate() == 1;
      if (claimed) {
        try {
          action.run();
        } catch (IllegalArgumentException e) {
          refuse.setString(1, e.getMessage());
          refuse.setLong(2, id);
          refuse.executeUpdate();
        }
      }
      connection.commit();
      return claimed;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  /** Drops the database: an in-memory one would otherwise live until the JVM ends. */
  void shutdownDatabase() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("SHUTDOWN");
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
