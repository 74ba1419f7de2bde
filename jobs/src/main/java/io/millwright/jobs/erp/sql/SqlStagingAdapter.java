package io.millwright.jobs.erp.sql;

import io.millwright.jobs.erp.Confirmation;
import io.millwright.jobs.erp.Delivery;
import io.millwright.jobs.erp.ErpAdapter;
import io.millwright.jobs.erp.ErpException;
import io.millwright.jobs.erp.Incoming;
import io.millwright.jobs.erp.OrderBatch;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The ERP through staging tables in its middleware database: the ERP side inserts production orders
 * into the orders table, the site reads them incrementally and inserts its confirmations into the
 * confirmations table, which the ERP side picks up.
 *
 * <p>The cursor is the id of the last order row read (decimal text), the watermark: the next fetch
 * reads the rows with a greater id. That relies on ids becoming visible in increasing order, as
 * they do when the middleware inserts orders from one writer (or one transaction at a time); rows
 * of concurrent transactions that commit out of id order could be passed over.
 *
 * <p>One connection, opened at the first call; a failed connection is closed and the next call
 * opens a new one, so a database restart costs one retryable failure.
 */
public final class SqlStagingAdapter implements ErpAdapter {

  private static final System.Logger LOG = System.getLogger(SqlStagingAdapter.class.getName());

  private final SqlErpConfig config;
  private final String selectOrders;
  private final String insertConfirmation;
  private final String confirmationExists;
  private final int queryTimeoutSeconds;
  private Connection connection;

  public SqlStagingAdapter(SqlErpConfig config) {
    this.config = config;
    this.selectOrders =
        "SELECT "
            + StagedRow.COLUMNS
            + " FROM "
            + config.ordersTable()
            + " WHERE id > ? ORDER BY id LIMIT ?";
    this.insertConfirmation =
        "INSERT INTO "
            + config.confirmationsTable()
            + " (confirmation_id, order_number, operation, status, machine, good, scrap,"
            + " confirmed_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    this.confirmationExists =
        "SELECT 1 FROM " + config.confirmationsTable() + " WHERE confirmation_id = ?";
    this.queryTimeoutSeconds = (int) Math.max(1, config.queryTimeout().toSeconds());
  }

  @Override
  public synchronized OrderBatch fetch(String cursor, int limit) throws ErpException {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    long after = Cursors.rowId(cursor);
    int rows = Math.min(limit, config.batchLimit());
    List<Incoming> orders = new ArrayList<>();
    long last = after;
    try (PreparedStatement s = connection().prepareStatement(selectOrders)) {
      s.setQueryTimeout(queryTimeoutSeconds);
      s.setMaxRows(rows);
      s.setLong(1, after);
      s.setInt(2, rows);
      try (ResultSet rs = s.executeQuery()) {
        boolean[] timestamps = StagedRow.timestampColumns(rs);
        while (rs.next()) {
          StagedRow row = StagedRow.read(rs, timestamps);
          orders.add(OrderRowMapper.map(row));
          // Unreadable rows move the watermark too: they go to the dead-letter list once.
          last = row.id();
        }
      }
    } catch (SQLException e) {
      throw failure("fetching orders from " + config.ordersTable(), e);
    }
    return new OrderBatch(orders, orders.isEmpty() ? cursor : Long.toString(last));
  }

  @Override
  public synchronized Delivery confirm(Confirmation c) throws ErpException {
    String what = "confirmation " + c.id() + " into " + config.confirmationsTable();
    try (PreparedStatement s = connection().prepareStatement(insertConfirmation)) {
      s.setQueryTimeout(queryTimeoutSeconds);
      s.setString(1, c.id());
      s.setString(2, c.orderNumber());
      s.setString(3, c.operation());
      s.setString(4, c.status());
      setOptional(s, 5, c.machine());
      s.setLong(6, c.good());
      s.setLong(7, c.scrap());
      s.setObject(8, SqlTimestamps.utc(c.at()));
      setOptional(s, 9, c.reason());
      s.executeUpdate();
      return Delivery.ACCEPTED;
    } catch (SQLException e) {
      if (SqlFailures.constraintViolation(e)) {
        return duplicateOrRefused(what, c.id(), e);
      }
      throw failure(what, e);
    }
  }

  /**
   * After a constraint refused the insert: a duplicate when a row with this id is there (the state
   * alone cannot tell a duplicate key from another constraint the middleware may have added).
   */
  private Delivery duplicateOrRefused(String what, String id, SQLException refusal)
      throws ErpException {
    try (PreparedStatement s = connection().prepareStatement(confirmationExists)) {
      s.setQueryTimeout(queryTimeoutSeconds);
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        if (rs.next()) {
          return Delivery.DUPLICATE;
        }
      }
    } catch (SQLException e) {
      throw failure(what, e);
    }
    throw SqlFailures.classify(what, refusal, false);
  }

  @Override
  public String describe() {
    return JdbcUrls.withoutCredentials(config.jdbcUrl());
  }

  @Override
  public synchronized void close() {
    closeConnection();
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      Properties properties = config.dialect().timeouts(config.queryTimeout());
      if (!config.user().isEmpty()) {
        properties.setProperty("user", config.user());
      }
      if (!config.password().isEmpty()) {
        properties.setProperty("password", config.password());
      }
      Connection opened = DriverManager.getConnection(config.jdbcUrl(), properties);
      try {
        opened.setAutoCommit(true);
      } catch (SQLException e) {
        opened.close();
        throw e;
      }
      connection = opened;
      LOG.log(System.Logger.Level.DEBUG, "connected to {0}", describe());
    }
    return connection;
  }

  /** The ErpException for a failure; a connection that no longer works is closed first. */
  private ErpException failure(String what, SQLException e) {
    boolean lost = false;
    if (connection != null && (SqlFailures.connectionBroken(e) || !stillValid())) {
      closeConnection();
      lost = true;
    }
    return SqlFailures.classify(what + " at " + describe(), e, lost);
  }

  /** Asked after a failure; short, as a server that stopped answering must not hold the sync. */
  private boolean stillValid() {
    try {
      return connection.isValid(Math.min(queryTimeoutSeconds, 5));
    } catch (SQLException e) {
      return false;
    }
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // It is being dropped because it failed; closing it may fail the same way.
        LOG.log(System.Logger.Level.DEBUG, "closing a failed connection to " + describe(), e);
      }
      connection = null;
    }
  }

  private static void setOptional(PreparedStatement s, int index, Optional<String> value)
      throws SQLException {
    if (value.isPresent()) {
      s.setString(index, value.get());
    } else {
      s.setNull(index, Types.VARCHAR);
    }
  }
}
