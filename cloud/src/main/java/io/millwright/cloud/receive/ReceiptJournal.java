package io.millwright.cloud.receive;

import io.millwright.cloud.fleet.SiteHistory;
import io.millwright.publisher.batch.BatchId;
import io.millwright.publisher.batch.SiteEvent;
import io.millwright.publisher.transport.SiteStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The cloud's durable memory beside its historian (an embedded H2 database, committed with {@code
 * WRITE_DELAY=0}): the batch ids received, the sites' events, and each site's totals and last
 * status for the fleet view.
 *
 * <p>A receipt, the batch's events and the site's totals are committed in one transaction, after
 * the batch's readings are in the store: a batch is either received with all of it or not at all,
 * and a resend of one not received is stored again (the store keeps each (tag, timestamp) once).
 *
 * <p>Receipts are kept for {@link #DEFAULT_RETENTION} unless told otherwise, and {@link #expire}
 * drops older ones: longer than any edge buffer holds a batch, so any resend still finds its
 * receipt. Events are kept per site up to a number, the latest by timestamp.
 *
 * <p>All methods are synchronized on the one connection: one commit per batch or status, from a
 * handful of transport threads, is far below what H2 does. After a failure the connection is
 * dropped and the next call opens the database again: H2 closes a database that failed to write (a
 * full disk, say), and the cloud must ingest again once the cause is gone, without a restart.
 */
public final class ReceiptJournal implements AutoCloseable {

  public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
  public static final int DEFAULT_EVENTS_PER_SITE = 1000;

  private static final String STATUS_COLUMNS =
      "st_version, st_sent_at, st_backlog_batches, st_backlog_readings, st_oldest_backlog,"
          + " st_buffer_bytes, st_budget_bytes, st_dropped, st_machines_online,"
          + " st_machines_total, st_oee, st_alarms";

  private final String url;
  private final Path file;
  private final Duration retention;
  private final int eventsPerSite;
  // null after a failure, until the next call opens the database again
  private Connection db;
  private boolean closed;

  private ReceiptJournal(
      Connection db, String url, Path file, Duration retention, int eventsPerSite) {
    this.db = db;
    this.url = url;
    this.file = file;
    this.retention = retention;
    this.eventsPerSite = eventsPerSite;
  }

  /** Opens (or creates) the journal at {@code file} with the default retention and event bound. */
  public static ReceiptJournal open(Path file) {
    return open(file, DEFAULT_RETENTION, DEFAULT_EVENTS_PER_SITE);
  }

  /**
   * Opens (or creates) the journal at {@code file} (H2 adds {@code .mv.db}).
   *
   * @param retention how long a receipt is kept
   * @param eventsPerSite how many events of a site are kept, the latest by timestamp
   * @throws IllegalStateException when it cannot be opened, e.g. another process holds it
   */
  public static ReceiptJournal open(Path file, Duration retention, int eventsPerSite) {
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("receipt retention " + retention + " is not positive");
    }
    if (eventsPerSite < 1) {
      throw new IllegalArgumentException("events kept per site " + eventsPerSite + " is not >= 1");
    }
    String url = "jdbc:h2:file:" + file.toAbsolutePath() + ";WRITE_DELAY=0";
    try {
      return new ReceiptJournal(connect(url), url, file, retention, eventsPerSite);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot open the receipt journal at " + file + ": " + e.getMessage(), e);
    }
  }

  /** Opens the database at {@code url}, creating its tables when they are not there. */
  private static Connection connect(String url) throws SQLException {
    Connection c = DriverManager.getConnection(url, "sa", "");
    try {
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE IF NOT EXISTS receipt (site VARCHAR(63) NOT NULL, buffer VARCHAR(32) NOT"
                + " NULL, seq BIGINT NOT NULL, received_ms BIGINT NOT NULL, readings INT NOT NULL,"
                + " events INT NOT NULL, historical BOOLEAN NOT NULL, PRIMARY KEY (site, buffer,"
                + " seq))");
        s.execute("CREATE INDEX IF NOT EXISTS receipt_age ON receipt (received_ms)");
        s.execute(
            "CREATE TABLE IF NOT EXISTS site_event (id BIGINT AUTO_INCREMENT PRIMARY KEY, site"
                + " VARCHAR(63) NOT NULL, topic VARCHAR(512) NOT NULL, ts BIGINT NOT NULL, payload"
                + " VARCHAR(65536) NOT NULL)");
        s.execute("CREATE INDEX IF NOT EXISTS site_event_latest ON site_event (site, ts, id)");
        s.execute(
            "CREATE TABLE IF NOT EXISTS site_state (site VARCHAR(63) PRIMARY KEY, last_contact_ms"
                + " BIGINT, batches BIGINT NOT NULL, readings BIGINT NOT NULL, duplicates BIGINT"
                + " NOT NULL, refused BIGINT NOT NULL, newest_reading_ms BIGINT, st_version"
                + " VARCHAR(64), st_sent_at BIGINT, st_backlog_batches BIGINT, st_backlog_readings"
                + " BIGINT, st_oldest_backlog BIGINT, st_buffer_bytes BIGINT, st_budget_bytes"
                + " BIGINT, st_dropped BIGINT, st_machines_online INT, st_machines_total INT,"
                + " st_oee DOUBLE PRECISION, st_alarms INT)");
      }
      c.setAutoCommit(false);
      return c;
    } catch (SQLException | RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  /** The open connection, opening the database again after a failure. */
  private Connection connection() throws SQLException {
    if (closed) {
      throw new IllegalStateException("the receipt journal " + file + " is closed");
    }
    if (db == null) {
      db = connect(url);
    }
    return db;
  }

  /** The receipt of the batch, when it was received (and its receipt has not expired). */
  public synchronized Optional<Receipt> receipt(BatchId id) {
    try (PreparedStatement p =
        connection()
            .prepareStatement(
                "SELECT received_ms, readings, events, historical FROM receipt"
                    + " WHERE site = ? AND buffer = ? AND seq = ?")) {
      p.setString(1, id.site());
      p.setString(2, id.buffer());
      p.setLong(3, id.sequence());
      try (ResultSet r = p.executeQuery()) {
        Optional<Receipt> found =
            r.next()
                ? Optional.of(
                    new Receipt(
                        id,
                        Instant.ofEpochMilli(r.getLong(1)),
                        r.getInt(2),
                        r.getInt(3),
                        r.getBoolean(4)))
                : Optional.empty();
        connection().commit();
        return found;
      }
    } catch (SQLException e) {
      rollback();
      throw failure("reading the receipt of " + id, e);
    }
  }

  /**
   * Records a stored batch: its receipt, its events and the site's totals, in one transaction.
   *
   * @param newestReading the batch's latest reading timestamp; empty when it held none
   * @throws IllegalStateException when it could not be committed; nothing of it is then kept
   */
  public synchronized void record(
      Receipt receipt, List<SiteEvent> events, Optional<Instant> newestReading) {
    BatchId id = receipt.id();
    try {
      try (PreparedStatement p =
          connection()
              .prepareStatement(
                  "INSERT INTO receipt (site, buffer, seq, received_ms, readings, events, historical)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        p.setString(1, id.site());
        p.setString(2, id.buffer());
        p.setLong(3, id.sequence());
        p.setLong(4, receipt.receivedAt().toEpochMilli());
        p.setInt(5, receipt.readings());
        p.setInt(6, receipt.events());
        p.setBoolean(7, receipt.historical());
        p.executeUpdate();
      }
      if (!events.isEmpty()) {
        insertEvents(id.site(), events);
      }
      ensureSite(id.site());
      String newest =
          newestReading.isPresent()
              ? ", newest_reading_ms = GREATEST(COALESCE(newest_reading_ms, ?), ?)"
              : "";
      try (PreparedStatement p =
          connection()
              .prepareStatement(
                  "UPDATE site_state SET batches = batches + 1, readings = readings + ?"
                      + newest
                      + " WHERE site = ?")) {
        int i = 1;
        p.setLong(i++, receipt.readings());
        if (newestReading.isPresent()) {
          p.setLong(i++, newestReading.get().toEpochMilli());
          p.setLong(i++, newestReading.get().toEpochMilli());
        }
        p.setString(i, id.site());
        p.executeUpdate();
      }
      touch(id.site(), receipt.receivedAt());
      connection().commit();
    } catch (SQLException e) {
      rollback();
      throw failure("recording batch " + id, e);
    }
  }

  /** Counts a batch of the site received again. */
  public synchronized void recordDuplicate(String site, Instant at) {
    count(site, "duplicates", at);
  }

  /** Counts something of the site refused. */
  public synchronized void recordRefused(String site, Instant at) {
    count(site, "refused", at);
  }

  /**
   * Keeps the site's status unless the one held was sent later by the site's clock (but not a
   * minute or more later: that is the site's clock set back); the contact time moves on either way.
   */
  public synchronized void recordStatus(String site, SiteStatus status, Instant at) {
    try {
      ensureSite(site);
      touch(site, at);
      try (PreparedStatement p =
          connection()
              .prepareStatement(
                  "UPDATE site_state SET ("
                      + STATUS_COLUMNS
                      + ") = (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                      + " WHERE site = ? AND (st_sent_at IS NULL OR st_sent_at < ? OR st_sent_at > ?)")) {
        p.setString(1, status.version());
        p.setLong(2, status.sentAt());
        p.setLong(3, status.backlogBatches());
        p.setLong(4, status.backlogReadings());
        p.setLong(5, status.oldestBacklog());
        p.setLong(6, status.bufferBytes());
        p.setLong(7, status.budgetBytes());
        p.setLong(8, status.readingsDropped());
        p.setInt(9, status.machinesOnline());
        p.setInt(10, status.machinesTotal());
        if (status.oee().isPresent()) {
          p.setDouble(11, status.oee().getAsDouble());
        } else {
          p.setNull(11, Types.DOUBLE);
        }
        p.setInt(12, status.activeAlarms());
        p.setString(13, site);
        p.setLong(14, status.sentAt());
        p.setLong(15, status.sentAt() + SiteHistory.CLOCK_JUMP_MILLIS);
        p.executeUpdate();
      }
      connection().commit();
    } catch (SQLException e) {
      rollback();
      throw failure("recording the status of site " + site, e);
    }
  }

  /** What is remembered of every site heard from, by site id. */
  public synchronized List<SiteHistory> sites() {
    List<SiteHistory> out = new ArrayList<>();
    try (Statement s = connection().createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT site, last_contact_ms, batches, readings, duplicates, refused,"
                    + " newest_reading_ms, "
                    + STATUS_COLUMNS
                    + " FROM site_state ORDER BY site")) {
      while (r.next()) {
        out.add(
            new SiteHistory(
                r.getString(1),
                optionalMillis(r, 2),
                status(r),
                r.getLong(3),
                r.getLong(4),
                r.getLong(5),
                r.getLong(6),
                optionalMillis(r, 7)));
      }
      connection().commit();
      return out;
    } catch (SQLException e) {
      rollback();
      throw failure("reading the sites", e);
    }
  }

  /** The site's latest events by timestamp, newest first, at most {@code limit}. */
  public synchronized List<SiteEvent> events(String site, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("an event limit is at least 1, not " + limit);
    }
    List<SiteEvent> out = new ArrayList<>();
    try (PreparedStatement p =
        connection()
            .prepareStatement(
                "SELECT topic, ts, payload FROM site_event WHERE site = ?"
                    + " ORDER BY ts DESC, id DESC FETCH FIRST ? ROWS ONLY")) {
      p.setString(1, site);
      p.setInt(2, limit);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(new SiteEvent(r.getString(1), r.getLong(2), r.getString(3)));
        }
      }
      connection().commit();
      return out;
    } catch (SQLException e) {
      rollback();
      throw failure("reading the events of site " + site, e);
    }
  }

  /**
   * Drops the receipts older than the retention; the cloud role calls it daily.
   *
   * @return the receipts dropped
   */
  public synchronized int expire(Instant now) {
    try (PreparedStatement p =
        connection().prepareStatement("DELETE FROM receipt WHERE received_ms < ?")) {
      p.setLong(1, now.minus(retention).toEpochMilli());
      int dropped = p.executeUpdate();
      connection().commit();
      return dropped;
    } catch (SQLException e) {
      rollback();
      throw failure("expiring receipts", e);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (db == null) {
      return;
    }
    try {
      db.close();
    } catch (SQLException e) {
      throw failure("closing", e);
    } finally {
      db = null;
    }
  }

  private void insertEvents(String site, List<SiteEvent> events) throws SQLException {
    try (PreparedStatement p =
        connection()
            .prepareStatement(
                "INSERT INTO site_event (site, topic, ts, payload) VALUES (?, ?, ?, ?)")) {
      for (SiteEvent e : events) {
        p.setString(1, site);
        p.setString(2, e.topic());
        p.setLong(3, e.timestamp());
        p.setString(4, e.json());
        p.addBatch();
      }
      p.executeBatch();
    }
    // Bounded by the latest timestamps, not by arrival: a backlog arriving after an outage must
    // not push out the live events that overtook it.
    try (PreparedStatement p =
        connection()
            .prepareStatement(
                "DELETE FROM site_event WHERE site = ? AND id NOT IN (SELECT id FROM site_event"
                    + " WHERE site = ? ORDER BY ts DESC, id DESC FETCH FIRST ? ROWS ONLY)")) {
      p.setString(1, site);
      p.setString(2, site);
      p.setInt(3, eventsPerSite);
      p.executeUpdate();
    }
  }

  private void count(String site, String column, Instant at) {
    try {
      ensureSite(site);
      try (PreparedStatement p =
          connection()
              .prepareStatement(
                  "UPDATE site_state SET " + column + " = " + column + " + 1 WHERE site = ?")) {
        p.setString(1, site);
        p.executeUpdate();
      }
      touch(site, at);
      connection().commit();
    } catch (SQLException e) {
      rollback();
      throw failure("counting " + column + " of site " + site, e);
    }
  }

  private void ensureSite(String site) throws SQLException {
    try (PreparedStatement p =
        connection()
            .prepareStatement(
                "INSERT INTO site_state (site, batches, readings, duplicates, refused)"
                    + " SELECT ?, 0, 0, 0, 0 WHERE NOT EXISTS"
                    + " (SELECT 1 FROM site_state WHERE site = ?)")) {
      p.setString(1, site);
      p.setString(2, site);
      p.executeUpdate();
    }
  }

  private void touch(String site, Instant at) throws SQLException {
    try (PreparedStatement p =
        connection()
            .prepareStatement(
                "UPDATE site_state SET last_contact_ms = GREATEST(COALESCE(last_contact_ms, ?), ?)"
                    + " WHERE site = ?")) {
      p.setLong(1, at.toEpochMilli());
      p.setLong(2, at.toEpochMilli());
      p.setString(3, site);
      p.executeUpdate();
    }
  }

  private static Optional<SiteStatus> status(ResultSet r) throws SQLException {
    String version = r.getString(8);
    if (version == null) {
      return Optional.empty();
    }
    double oee = r.getDouble(18);
    OptionalDouble oeeOrNone = r.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(oee);
    return Optional.of(
        new SiteStatus(
            r.getString(1),
            version,
            r.getLong(9),
            r.getLong(10),
            r.getLong(11),
            r.getLong(12),
            r.getLong(13),
            r.getLong(14),
            r.getLong(15),
            r.getInt(16),
            r.getInt(17),
            oeeOrNone,
            r.getInt(19)));
  }

  private static Optional<Instant> optionalMillis(ResultSet r, int column) throws SQLException {
    long millis = r.getLong(column);
    return r.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
  }

  /**
   * Rolls back and drops the connection after a failure: a database that failed to write may be
   * unusable until it is opened again (H2 closes itself after a write error).
   */
  private void rollback() {
    if (db == null) {
      return;
    }
    try {
      db.rollback();
    } catch (SQLException e) {
      System.getLogger(ReceiptJournal.class.getName())
          .log(System.Logger.Level.DEBUG, "rolling back the receipt journal", e);
    }
    closeQuietly(db);
    db = null;
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // Best effort: the transaction was rolled back or the connection is broken already.
    }
  }

  private IllegalStateException failure(String what, SQLException e) {
    return new IllegalStateException(
        "receipt journal " + file + ": " + what + " failed: " + e.getMessage(), e);
  }
}
