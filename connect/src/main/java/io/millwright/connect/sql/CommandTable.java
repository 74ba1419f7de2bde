package io.millwright.connect.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The table through which the machine takes writes. The connector inserts a row per write; the
 * machine carries it out and sets {@code acknowledged_at}, or refuses it by setting {@code error}.
 * Columns: {@code id} (generated, increasing), {@code tag} (the tag's address), {@code value} (the
 * value as text), {@code requested_at}, {@code acknowledged_at} and {@code error} (both NULL until
 * the machine answers).
 *
 * <p>A write that is not answered in time is withdrawn: the connector sets {@code error} itself, in
 * the same statement checking that the machine has not answered. A machine that claims a command by
 * setting {@code acknowledged_at} only where {@code error} is still NULL, and carries it out only
 * when that claim changed the row, never carries out a write its caller was told had failed.
 */
final class CommandTable implements AutoCloseable {

  static final List<String> COLUMNS =
      List.of("id", "tag", "value", "requested_at", "acknowledged_at", "error");

  /** What the machine did with a command so far. */
  sealed interface Answer {
    record Pending() implements Answer {}

    record Acknowledged() implements Answer {}

    record Refused(String error) implements Answer {}
  }

  private final PreparedStatement insert;
  private final PreparedStatement answer;
  private final PreparedStatement withdraw;

  private CommandTable(
      Connection c, String idColumn, String insert, String answer, String withdraw, int timeout)
      throws SQLException {
    this.insert = c.prepareStatement(insert, new String[] {idColumn});
    try {
      this.answer = c.prepareStatement(answer);
      try {
        this.withdraw = c.prepareStatement(withdraw);
      } catch (SQLException e) {
        this.answer.close();
        throw e;
      }
    } catch (SQLException e) {
      this.insert.close();
      throw e;
    }
    for (PreparedStatement p : List.of(this.insert, this.answer, this.withdraw)) {
      p.setQueryTimeout(timeout);
    }
  }

  /**
   * @throws SchemaProblem when the table or one of its columns is missing
   */
  static CommandTable open(Connection connection, TableName name, int timeoutSeconds)
      throws SQLException, SchemaProblem {
    TableColumns table = TableColumns.probe(connection, name, timeoutSeconds);
    String[] q = new String[COLUMNS.size()];
    String idColumn = null;
    for (int i = 0; i < q.length; i++) {
      TableColumns.Column column =
          table.require(new SqlIdentifier(COLUMNS.get(i)), "of the command table");
      idColumn = i == 0 ? column.name() : idColumn;
      q[i] = table.quoted(column);
    }
    String from = table.table().quoted(table.quote());
    String id = q[0];
    String ack = q[4];
    String error = q[5];
    return new CommandTable(
        connection,
        idColumn,
        // The database's clock, the one the machine's acknowledged_at most likely comes from.
        "INSERT INTO "
            + from
            + " ("
            + q[1]
            + ", "
            + q[2]
            + ", "
            + q[3]
            + ") VALUES (?, ?, CURRENT_TIMESTAMP)",
        "SELECT " + ack + ", " + error + " FROM " + from + " WHERE " + id + " = ?",
        "UPDATE "
            + from
            + " SET "
            + error
            + " = ? WHERE "
            + id
            + " = ? AND "
            + ack
            + " IS NULL AND "
            + error
            + " IS NULL",
        timeoutSeconds);
  }

  /** The command table when the definition names one. */
  static Optional<CommandTable> openIfConfigured(
      Connection connection, Optional<TableName> name, int timeoutSeconds)
      throws SQLException, SchemaProblem {
    return name.isEmpty()
        ? Optional.empty()
        : Optional.of(open(connection, name.get(), timeoutSeconds));
  }

  /** Inserts a command and returns its id. */
  long insert(String tag, String value) throws SQLException {
    insert.setString(1, tag);
    insert.setString(2, value);
    insert.executeUpdate();
    try (ResultSet keys = insert.getGeneratedKeys()) {
      if (!keys.next()) {
        throw new SQLException("the database returned no id for the inserted command");
      }
      return keys.getLong(1);
    }
  }

  Answer answer(long id) throws SQLException {
    answer.setLong(1, id);
    try (ResultSet rs = answer.executeQuery()) {
      if (!rs.next()) {
        return new Answer.Refused("the command row " + id + " was deleted before an answer");
      }
      Object acknowledged = rs.getObject(1);
      String error = rs.getString(2);
      if (error != null) {
        return new Answer.Refused(error.isBlank() ? "no reason given" : error.strip());
      }
      return acknowledged != null ? new Answer.Acknowledged() : new Answer.Pending();
    }
  }

  /**
   * Marks an unanswered command as given up.
   *
   * @return false when the machine answered in the meantime
   */
  boolean withdraw(long id, String reason) throws SQLException {
    withdraw.setString(1, reason);
    withdraw.setLong(2, id);
    return withdraw.executeUpdate() == 1;
  }

  @Override
  public void close() {
    for (PreparedStatement p : List.of(insert, answer, withdraw)) {
      try {
        p.close();
      } catch (SQLException e) {
        // The connection is being dropped anyway.
      }
    }
  }
}
