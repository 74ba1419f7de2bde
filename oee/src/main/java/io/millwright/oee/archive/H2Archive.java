package io.millwright.oee.archive;

import io.millwright.core.machine.MachineState;
import io.millwright.oee.engine.SegmentArchive;
import io.millwright.oee.engine.Stop;
import io.millwright.oee.state.Segment;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code oee} role's records in an embedded H2 database in its data directory: finished
 * segments and operators' classifications. Segments are written in batches by {@link #flush}, so a
 * crash loses at most the last second of them (the engine sees that time as unknown after a
 * restart); a classification is committed before the operator gets an answer.
 */
public final class H2Archive implements SegmentArchive, AutoCloseable {

  private final Connection db;
  private final List<Object[]> pending = new ArrayList<>();

  private H2Archive(Connection db) {
    this.db = db;
  }

  /**
   * Opens (or creates) the archive at {@code file} (H2 adds {@code .mv.db}).
   *
   * @throws IllegalStateException when the file cannot be opened, e.g. another process holds it
   */
  public static H2Archive open(Path file) {
    try {
      // A small page cache: the archive is written in small batches and read for old ranges only,
      // and the demo's whole process has 384 MB.
      Connection c =
          DriverManager.getConnection(
              "jdbc:h2:file:" + file.toAbsolutePath() + ";CACHE_SIZE=2048", "sa", "");
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE IF NOT EXISTS segment (machine VARCHAR(128) NOT NULL, start_ms BIGINT NOT"
                + " NULL, end_ms BIGINT NOT NULL, state VARCHAR(32) NOT NULL, reason INT NOT NULL,"
                + " product VARCHAR(256) NOT NULL, good BIGINT NOT NULL, scrap BIGINT NOT NULL,"
                + " ideal_ms BIGINT NOT NULL, startup BOOLEAN NOT NULL, stop_start_ms BIGINT NOT"
                + " NULL, stop_ms BIGINT NOT NULL, PRIMARY KEY (machine, start_ms))");
        s.execute(
            "CREATE TABLE IF NOT EXISTS classification (machine VARCHAR(128) NOT NULL, stop_start_ms"
                + " BIGINT NOT NULL, code INT NOT NULL, label VARCHAR(256) NOT NULL, user_name"
                + " VARCHAR(256) NOT NULL, comment VARCHAR(2000) NOT NULL, at_ms BIGINT NOT NULL,"
                + " PRIMARY KEY (machine, stop_start_ms))");
        // Ranges are read by their end: without this a query scans from the start of retention.
        s.execute("CREATE INDEX IF NOT EXISTS segment_end ON segment (machine, end_ms)");
      }
      return new H2Archive(c);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot open the OEE archive " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void append(String machineId, Segment s) {
    pending.add(
        new Object[] {
          machineId,
          s.startMillis(),
          s.endMillis(),
          s.state().wireName(),
          s.reason(),
          s.product(),
          s.good(),
          s.scrap(),
          s.idealCycleMillis(),
          s.startup(),
          s.stopStartMillis(),
          s.stopMillis()
        });
  }

  /**
   * Writes the segments taken since the last flush in one transaction. On failure they stay pending
   * and the next flush tries again.
   *
   * @return how many were written
   */
  public synchronized int flush() {
    if (pending.isEmpty()) {
      return 0;
    }
    try (PreparedStatement p =
        db.prepareStatement(
            "MERGE INTO segment KEY (machine, start_ms) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
      for (Object[] row : pending) {
        for (int i = 0; i < row.length; i++) {
          p.setObject(i + 1, row[i]);
        }
        p.addBatch();
      }
      db.setAutoCommit(false);
      p.executeBatch();
      db.commit();
      db.setAutoCommit(true);
      int n = pending.size();
      pending.clear();
      return n;
    } catch (SQLException e) {
      rollback();
      throw new IllegalStateException("cannot write OEE segments: " + e.getMessage(), e);
    }
  }

  private void rollback() {
    try {
      db.rollback();
      db.setAutoCommit(true);
    } catch (SQLException e) {
      // the connection is gone; the next flush reports it
    }
  }

  /** Segments taken but not yet written. */
  public synchronized int pending() {
    return pending.size();
  }

  @Override
  public synchronized List<Segment> segments(String machineId, long from, long to) {
    List<Segment> out = new ArrayList<>();
    try (PreparedStatement p =
        db.prepareStatement(
            "SELECT start_ms, end_ms, state, reason, product, good, scrap, ideal_ms, startup,"
                + " stop_start_ms, stop_ms FROM segment WHERE machine = ? AND end_ms > ? AND"
                + " start_ms < ? ORDER BY start_ms")) {
      p.setString(1, machineId);
      p.setLong(2, from);
      p.setLong(3, to);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(
              new Segment(
                  r.getLong(1),
                  r.getLong(2),
                  MachineState.parse(r.getString(3)),
                  r.getInt(4),
                  r.getString(5),
                  r.getLong(6),
                  r.getLong(7),
                  r.getLong(8),
                  r.getBoolean(9),
                  r.getLong(10),
                  r.getLong(11)));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read OEE segments: " + e.getMessage(), e);
    }
    return out;
  }

  @Override
  public synchronized Map<Long, Stop.Classification> classifications(String machineId) {
    Map<Long, Stop.Classification> out = new TreeMap<>();
    try (PreparedStatement p =
        db.prepareStatement(
            "SELECT stop_start_ms, code, label, user_name, comment, at_ms FROM classification"
                + " WHERE machine = ?")) {
      p.setString(1, machineId);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.put(
              r.getLong(1),
              new Stop.Classification(
                  r.getInt(2), r.getString(3), r.getString(4), r.getString(5), r.getLong(6)));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read classifications: " + e.getMessage(), e);
    }
    return out;
  }

  @Override
  public synchronized void classify(String machineId, long stopStart, Stop.Classification c) {
    try (PreparedStatement p =
        db.prepareStatement(
            "MERGE INTO classification KEY (machine, stop_start_ms) VALUES (?,?,?,?,?,?,?)")) {
      p.setString(1, machineId);
      p.setLong(2, stopStart);
      p.setInt(3, c.code());
      p.setString(4, c.label());
      p.setString(5, c.user());
      p.setString(6, c.comment());
      p.setLong(7, c.atMillis());
      p.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot store the classification: " + e.getMessage(), e);
    }
  }

  /** Deletes segments that ended before {@code before}: the archive's retention. */
  public synchronized int expire(long before) {
    try (PreparedStatement p = db.prepareStatement("DELETE FROM segment WHERE end_ms <= ?")) {
      p.setLong(1, before);
      return p.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot expire OEE segments: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      if (!pending.isEmpty()) {
        flush();
      }
      db.close();
    } catch (SQLException | IllegalStateException e) {
      // Closing at shutdown: what could not be written is time the engine will see as unknown.
    }
  }
}
