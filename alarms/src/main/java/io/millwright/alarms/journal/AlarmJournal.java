package io.millwright.alarms.journal;

import io.millwright.alarms.engine.AlarmEvent;
import io.millwright.alarms.engine.AlarmState;
import io.millwright.alarms.engine.AlarmView;
import io.millwright.alarms.engine.Transition;
import io.millwright.alarms.notify.Outbox;
import io.millwright.core.alarm.AlarmPriority;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The durable record of every alarm transition (an embedded H2 database in the role's data
 * directory), the alarms' current state for a restart, and the notification channels' cursors.
 * Transitions are committed before they are published or notified: {@code WRITE_DELAY=0} makes H2
 * write each commit to the file at once, so a transition anyone heard of survives {@code kill -9}.
 */
public final class AlarmJournal implements Outbox, AutoCloseable {

  private static final int TEXT = 1000;

  // Writes (the engine's thread and the notifiers' cursors) and reads (REST, notifiers) each have
  // their own connection and lock, so a long history read never holds up the engine's next write.
  private final Connection db;
  private final Connection reader;
  private final Object readLock = new Object();
  private volatile long seq;

  private AlarmJournal(Connection db, Connection reader, long seq) {
    this.db = db;
    this.reader = reader;
    this.seq = seq;
  }

  /**
   * Opens (or creates) the journal at {@code file} (H2 adds {@code .mv.db}).
   *
   * @throws IllegalStateException when it cannot be opened, e.g. another process holds it
   */
  public static AlarmJournal open(Path file) {
    try {
      String url = "jdbc:h2:file:" + file.toAbsolutePath() + ";CACHE_SIZE=2048;WRITE_DELAY=0";
      Connection c = DriverManager.getConnection(url, "sa", "");
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE IF NOT EXISTS alarm_event (seq BIGINT PRIMARY KEY, time_ms BIGINT NOT"
                + " NULL, machine VARCHAR(63) NOT NULL, alarm VARCHAR(63) NOT NULL, area"
                + " VARCHAR(63) NOT NULL, line VARCHAR(63) NOT NULL, priority TINYINT NOT NULL,"
                + " kind VARCHAR(32) NOT NULL, transition VARCHAR(32) NOT NULL, state VARCHAR(32)"
                + " NOT NULL, val VARCHAR(1000) NOT NULL, message VARCHAR(1000) NOT NULL, usr"
                + " VARCHAR(256) NOT NULL, note VARCHAR(1000) NOT NULL)");
        s.execute("CREATE INDEX IF NOT EXISTS alarm_event_time ON alarm_event (time_ms)");
        s.execute(
            "CREATE INDEX IF NOT EXISTS alarm_event_alarm ON alarm_event (machine, alarm, seq)");
        s.execute(
            "CREATE TABLE IF NOT EXISTS alarm_current (machine VARCHAR(63) NOT NULL, alarm"
                + " VARCHAR(63) NOT NULL, area VARCHAR(63) NOT NULL, line VARCHAR(63) NOT NULL,"
                + " priority TINYINT NOT NULL, kind VARCHAR(32) NOT NULL, tag VARCHAR(255) NOT"
                + " NULL, state VARCHAR(32) NOT NULL, base VARCHAR(32) NOT NULL, in_alarm BOOLEAN"
                + " NOT NULL, since_ms BIGINT NOT NULL, activated_ms BIGINT NOT NULL,"
                + " shelved_until_ms BIGINT NOT NULL, suppressed BOOLEAN NOT NULL,"
                + " out_of_service BOOLEAN NOT NULL, val VARCHAR(1000) NOT NULL, message"
                + " VARCHAR(1000) NOT NULL, usr VARCHAR(256) NOT NULL, note VARCHAR(1000) NOT"
                + " NULL, PRIMARY KEY (machine, alarm))");
        s.execute(
            "CREATE TABLE IF NOT EXISTS notify_cursor (channel VARCHAR(63) PRIMARY KEY, seq BIGINT"
                + " NOT NULL)");
        // The last number given out, kept apart from the entries: retention may delete every
        // entry, and numbers must never be given out twice (channel cursors, idempotency keys).
        s.execute(
            "CREATE TABLE IF NOT EXISTS alarm_sequence (id TINYINT PRIMARY KEY, seq BIGINT NOT"
                + " NULL)");
        long last;
        try (ResultSet r =
            s.executeQuery(
                "SELECT GREATEST((SELECT COALESCE(MAX(seq), 0) FROM alarm_event), (SELECT"
                    + " COALESCE(MAX(seq), 0) FROM alarm_sequence), (SELECT COALESCE(MAX(seq), 0)"
                    + " FROM notify_cursor))")) {
          r.next();
          last = r.getLong(1);
        }
        Connection read = DriverManager.getConnection(url, "sa", "");
        return new AlarmJournal(c, read, last);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot open the alarm journal " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes transitions and the changed alarms' current state in one transaction.
   *
   * @return the events with their sequence numbers
   * @throws IllegalStateException when the write failed: nothing of it is kept
   */
  public synchronized List<AlarmEvent> append(List<AlarmEvent> events, List<AlarmView> changed) {
    if (events.isEmpty() && changed.isEmpty()) {
      return List.of();
    }
    List<AlarmEvent> out = new ArrayList<>(events.size());
    long next = seq;
    try {
      db.setAutoCommit(false);
      try (PreparedStatement insert =
              db.prepareStatement(
                  "INSERT INTO alarm_event VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement merge =
              db.prepareStatement(
                  "MERGE INTO alarm_current KEY (machine, alarm) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
                      + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (AlarmEvent e : events) {
          AlarmEvent numbered = e.withSeq(++next);
          out.add(numbered);
          insert.setLong(1, numbered.seq());
          insert.setLong(2, e.timeMillis());
          insert.setString(3, e.machine());
          insert.setString(4, e.alarm());
          insert.setString(5, e.area());
          insert.setString(6, e.line());
          insert.setInt(7, e.priority().ordinal());
          insert.setString(8, e.kind());
          insert.setString(9, e.transition().wireName());
          insert.setString(10, e.state().wireName());
          insert.setString(11, cut(e.value()));
          insert.setString(12, cut(e.message()));
          insert.setString(13, cut256(e.user()));
          insert.setString(14, cut(e.comment()));
          insert.addBatch();
        }
        for (AlarmView v : changed) {
          merge.setString(1, v.machine());
          merge.setString(2, v.alarm());
          merge.setString(3, v.area());
          merge.setString(4, v.line());
          merge.setInt(5, v.priority().ordinal());
          merge.setString(6, v.kind());
          merge.setString(7, v.tag());
          merge.setString(8, v.state().wireName());
          merge.setString(9, v.base().wireName());
          merge.setBoolean(10, v.inAlarm());
          merge.setLong(11, v.sinceMillis());
          merge.setLong(12, v.activatedMillis());
          merge.setLong(13, v.shelvedUntilMillis());
          merge.setBoolean(14, v.suppressed());
          merge.setBoolean(15, v.outOfService());
          merge.setString(16, cut(v.value()));
          merge.setString(17, cut(v.message()));
          merge.setString(18, cut256(v.user()));
          merge.setString(19, cut(v.comment()));
          merge.addBatch();
        }
        insert.executeBatch();
        merge.executeBatch();
        if (next != seq) {
          try (PreparedStatement counter =
              db.prepareStatement("MERGE INTO alarm_sequence KEY (id) VALUES (1, ?)")) {
            counter.setLong(1, next);
            counter.executeUpdate();
          }
        }
      }
      db.commit();
      seq = next;
      return out;
    } catch (SQLException e) {
      rollback();
      throw new IllegalStateException("alarm journal write failed: " + e.getMessage(), e);
    } finally {
      autoCommit();
    }
  }

  /** Every alarm's state as last written, to bring the engine back after a restart. */
  public List<AlarmView> current() {
    synchronized (readLock) {
      return currentLocked();
    }
  }

  private List<AlarmView> currentLocked() {
    List<AlarmView> out = new ArrayList<>();
    try (Statement s = reader.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT machine, alarm, area, line, priority, kind, tag, state, base, in_alarm,"
                    + " since_ms, activated_ms, shelved_until_ms, suppressed, out_of_service, val,"
                    + " message, usr, note FROM alarm_current ORDER BY machine, alarm")) {
      while (r.next()) {
        out.add(
            new AlarmView(
                r.getString(1),
                r.getString(2),
                r.getString(3),
                r.getString(4),
                AlarmPriority.values()[r.getInt(5)],
                r.getString(6),
                r.getString(7),
                AlarmState.parse(r.getString(8)),
                AlarmState.parse(r.getString(9)),
                r.getBoolean(10),
                r.getLong(11),
                r.getLong(12),
                r.getLong(13),
                r.getBoolean(14),
                r.getBoolean(15),
                r.getString(16),
                r.getString(17),
                r.getString(18),
                r.getString(19)));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("alarm journal read failed: " + e.getMessage(), e);
    }
  }

  /** Entries matching the query, newest first. */
  public List<AlarmEvent> history(HistoryQuery q) {
    StringBuilder sql =
        new StringBuilder(SELECT_EVENT).append(" WHERE time_ms >= ? AND time_ms < ?");
    List<Object> args = new ArrayList<>(List.of(q.fromMillis(), q.toMillis()));
    q.machine().ifPresent(m -> where(sql, args, " AND machine = ?", m));
    q.area().ifPresent(a -> where(sql, args, " AND area = ?", a));
    q.alarm().ifPresent(a -> where(sql, args, " AND alarm = ?", a));
    q.minPriority().ifPresent(p -> where(sql, args, " AND priority >= ?", p.ordinal()));
    q.transition().ifPresent(t -> where(sql, args, " AND transition = ?", t.wireName()));
    if (q.beforeSeq() > 0) {
      where(sql, args, " AND seq < ?", q.beforeSeq());
    }
    sql.append(" ORDER BY seq DESC LIMIT ").append(q.limit());
    return events(sql.toString(), args);
  }

  private static void where(StringBuilder sql, List<Object> args, String clause, Object arg) {
    sql.append(clause);
    args.add(arg);
  }

  /** Every activation in {@code [from, to)}, oldest first: the alarm-rate KPIs' input. */
  public List<Activation> activations(long fromMillis, long toMillis) {
    synchronized (readLock) {
      return activationsLocked(fromMillis, toMillis);
    }
  }

  private List<Activation> activationsLocked(long fromMillis, long toMillis) {
    List<Activation> out = new ArrayList<>();
    try (PreparedStatement p =
        reader.prepareStatement(
            "SELECT time_ms, machine, alarm, area, priority FROM alarm_event WHERE transition ="
                + " 'activated' AND time_ms >= ? AND time_ms < ? ORDER BY time_ms, seq")) {
      p.setLong(1, fromMillis);
      p.setLong(2, toMillis);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(
              new Activation(
                  r.getLong(1),
                  r.getString(2),
                  r.getString(3),
                  r.getString(4),
                  AlarmPriority.values()[r.getInt(5)]));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("alarm journal read failed: " + e.getMessage(), e);
    }
  }

  @Override
  public List<AlarmEvent> after(long after, int max) {
    return events(
        SELECT_EVENT + " WHERE seq > ? ORDER BY seq LIMIT " + Math.max(1, max), List.of(after));
  }

  @Override
  public synchronized long delivered(String channel) {
    try (PreparedStatement p =
        db.prepareStatement("SELECT seq FROM notify_cursor WHERE channel = ?")) {
      p.setString(1, channel);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? r.getLong(1) : 0;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("alarm journal read failed: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void delivered(String channel, long upTo) {
    try (PreparedStatement p =
        db.prepareStatement("MERGE INTO notify_cursor KEY (channel) VALUES (?, ?)")) {
      p.setString(1, channel);
      p.setLong(2, upTo);
      p.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("alarm journal write failed: " + e.getMessage(), e);
    }
  }

  @Override
  public long latest() {
    return seq;
  }

  /**
   * Deletes entries older than {@code beforeMillis}, at most {@code limit} of them; the current
   * states and the sequence stay.
   *
   * @return how many were deleted: {@code limit} means there may be more
   */
  public synchronized int expire(long beforeMillis, int limit) {
    try (PreparedStatement p =
        db.prepareStatement(
            "DELETE FROM alarm_event WHERE time_ms < ? FETCH FIRST " + limit + " ROWS ONLY")) {
      p.setLong(1, beforeMillis);
      return p.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("alarm journal write failed: " + e.getMessage(), e);
    }
  }

  private static final String SELECT_EVENT =
      "SELECT seq, time_ms, machine, alarm, area, line, priority, kind, transition, state, val,"
          + " message, usr, note FROM alarm_event";

  private List<AlarmEvent> events(String sql, List<Object> args) {
    synchronized (readLock) {
      return eventsLocked(sql, args);
    }
  }

  private List<AlarmEvent> eventsLocked(String sql, List<Object> args) {
    List<AlarmEvent> out = new ArrayList<>();
    try (PreparedStatement p = reader.prepareStatement(sql)) {
      for (int i = 0; i < args.size(); i++) {
        p.setObject(i + 1, args.get(i));
      }
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(
              new AlarmEvent(
                  r.getLong(1),
                  r.getLong(2),
                  r.getString(3),
                  r.getString(4),
                  r.getString(5),
                  r.getString(6),
                  AlarmPriority.values()[r.getInt(7)],
                  r.getString(8),
                  Transition.parse(r.getString(9)),
                  AlarmState.parse(r.getString(10)),
                  r.getString(11),
                  r.getString(12),
                  r.getString(13),
                  r.getString(14)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("alarm journal read failed: " + e.getMessage(), e);
    }
  }

  private static String cut(String s) {
    return s.length() <= TEXT ? s : s.substring(0, TEXT);
  }

  private static String cut256(String s) {
    return s.length() <= 256 ? s : s.substring(0, 256);
  }

  private void rollback() {
    try {
      db.rollback();
    } catch (SQLException e) {
      // the connection is broken; the next write reports it
    }
  }

  private void autoCommit() {
    try {
      db.setAutoCommit(true);
    } catch (SQLException e) {
      // as above
    }
  }

  @Override
  public void close() {
    synchronized (readLock) {
      synchronized (this) {
        try {
          reader.close();
          db.close();
        } catch (SQLException e) {
          // closing: nothing to do
        }
      }
    }
  }
}
