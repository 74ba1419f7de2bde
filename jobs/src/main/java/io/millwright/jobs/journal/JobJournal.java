package io.millwright.jobs.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millwright.jobs.book.Changes;
import io.millwright.jobs.book.DeadLetter;
import io.millwright.jobs.book.Job;
import io.millwright.jobs.book.JobStatus;
import io.millwright.jobs.book.Outgoing;
import io.millwright.jobs.book.Transition;
import io.millwright.jobs.erp.Confirmation;
import io.millwright.jobs.erp.ErpOrder;
import java.nio.file.Path;
import java.security.SecureRandom;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The durable record of the site's jobs (an embedded H2 database in the role's data directory):
 * every job as it stands, every transition with who and why, the messages for the ERP in the order
 * they arose with their delivery, the dead letters, and the ERP cursor. What the book decides is
 * committed here, with {@code WRITE_DELAY=0}, before any machine is written or anyone is told, so a
 * job a machine was given survives {@code kill -9}.
 *
 * <p>All methods are synchronized on the one connection: the job service writes, the ERP sync marks
 * deliveries, the API reads histories; none of them is frequent enough to need more.
 */
public final class JobJournal implements AutoCloseable {

  private static final int TEXT = 1000;
  private static final int RAW = 4000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, String>> RECIPE =
      new TypeReference<>() {};

  private final Connection db;
  private final String prefix;

  private JobJournal(Connection db, String prefix) {
    this.db = db;
    this.prefix = prefix;
  }

  /**
   * Opens (or creates) the journal at {@code file} (H2 adds {@code .mv.db}).
   *
   * @param site the site id, which starts every confirmation id (unique across the ERP's sites)
   * @throws IllegalStateException when it cannot be opened, e.g. another process holds it
   */
  public static JobJournal open(Path file, String site) {
    try {
      String url = "jdbc:h2:file:" + file.toAbsolutePath() + ";WRITE_DELAY=0";
      Connection c = DriverManager.getConnection(url, "sa", "");
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE IF NOT EXISTS job (id BIGINT PRIMARY KEY, order_number VARCHAR(64) NOT"
                + " NULL, operation VARCHAR(64) NOT NULL, product VARCHAR(80) NOT NULL, quantity"
                + " BIGINT NOT NULL, machine_req VARCHAR(80), setpoints VARCHAR(1000000) NOT NULL,"
                + " ideal_cycle_ms BIGINT, planned_start_ms BIGINT, planned_end_ms BIGINT, priority"
                + " INT NOT NULL, source VARCHAR(300) NOT NULL, status VARCHAR(16) NOT NULL, machine"
                + " VARCHAR(80), queue_key BIGINT NOT NULL, good BIGINT NOT NULL, scrap BIGINT NOT"
                + " NULL, good_counter BIGINT NOT NULL, scrap_counter BIGINT NOT NULL, dispatching"
                + " BOOLEAN NOT NULL, attempts INT NOT NULL, deadline_ms BIGINT NOT NULL,"
                + " retry_at_ms BIGINT NOT NULL, paused_by_machine BOOLEAN NOT NULL, note"
                + " VARCHAR(1000), imported_ms BIGINT NOT NULL, updated_ms BIGINT NOT NULL,"
                + " started_ms BIGINT NOT NULL, ended_ms BIGINT NOT NULL)");
        s.execute("CREATE INDEX IF NOT EXISTS job_status ON job (status)");
        s.execute(
            "CREATE TABLE IF NOT EXISTS job_event (seq BIGINT AUTO_INCREMENT PRIMARY KEY, job"
                + " BIGINT NOT NULL, time_ms BIGINT NOT NULL, from_status VARCHAR(16) NOT NULL,"
                + " to_status VARCHAR(16) NOT NULL, usr VARCHAR(256) NOT NULL, reason"
                + " VARCHAR(1000) NOT NULL, good BIGINT NOT NULL, scrap BIGINT NOT NULL)");
        s.execute("CREATE INDEX IF NOT EXISTS job_event_job ON job_event (job, seq)");
        s.execute(
            "CREATE TABLE IF NOT EXISTS erp_outbox (seq BIGINT AUTO_INCREMENT PRIMARY KEY,"
                + " order_number VARCHAR(200) NOT NULL, operation VARCHAR(64) NOT NULL, status"
                + " VARCHAR(20) NOT NULL, machine VARCHAR(80), good BIGINT NOT NULL, scrap BIGINT"
                + " NOT NULL, time_ms BIGINT NOT NULL, reason VARCHAR(1000), delivered_ms BIGINT,"
                + " outcome VARCHAR(20))");
        s.execute("CREATE INDEX IF NOT EXISTS erp_outbox_open ON erp_outbox (delivered_ms, seq)");
        s.execute(
            "CREATE TABLE IF NOT EXISTS dead_letter (id BIGINT AUTO_INCREMENT PRIMARY KEY, time_ms"
                + " BIGINT NOT NULL, direction VARCHAR(3) NOT NULL, source VARCHAR(20) NOT NULL,"
                + " reference VARCHAR(200) NOT NULL, raw VARCHAR(4000) NOT NULL, reason"
                + " VARCHAR(1000) NOT NULL)");
        s.execute(
            "CREATE TABLE IF NOT EXISTS erp_state (name VARCHAR(40) PRIMARY KEY, val"
                + " VARCHAR(1000) NOT NULL)");
      }
      // Confirmation ids are <site>-<journal>-<n>: a journal made anew (a lost volume) starts its
      // numbers again, and without its own name the ERP would take its first confirmations for
      // repeats of the old journal's.
      String instance;
      try (Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT val FROM erp_state WHERE name = 'journal'")) {
        instance = r.next() ? r.getString(1) : null;
      }
      if (instance == null) {
        instance = String.format("%08x", new SecureRandom().nextInt());
        try (PreparedStatement p =
            c.prepareStatement("INSERT INTO erp_state (name, val) VALUES ('journal', ?)")) {
          p.setString(1, instance);
          p.executeUpdate();
        }
      }
      c.setAutoCommit(false);
      return new JobJournal(c, site + "-" + instance);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot open the job journal at " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Commits what the book decided, in one transaction.
   *
   * @return the messages for the ERP it held, with their ids
   * @throws IllegalStateException when the journal cannot be written; nothing of it is then kept
   */
  public synchronized List<Confirmation> append(Changes changes) {
    try {
      long highest = 0;
      for (Job j : changes.jobs()) {
        saveJob(j);
        highest = Math.max(highest, j.id());
      }
      if (highest > 0) {
        // Kept apart from the jobs, which expire: a job number is never given out twice.
        try (PreparedStatement p =
            db.prepareStatement(
                "MERGE INTO erp_state KEY (name) VALUES ('last_job', CAST(GREATEST(?, COALESCE("
                    + "(SELECT CAST(val AS BIGINT) FROM erp_state WHERE name = 'last_job'), 0))"
                    + " AS VARCHAR))")) {
          p.setLong(1, highest);
          p.executeUpdate();
        }
      }
      if (!changes.transitions().isEmpty()) {
        try (PreparedStatement p =
            db.prepareStatement(
                "INSERT INTO job_event (job, time_ms, from_status, to_status, usr, reason, good,"
                    + " scrap) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
          for (Transition t : changes.transitions()) {
            p.setLong(1, t.job());
            p.setLong(2, t.at());
            p.setString(3, t.from().name());
            p.setString(4, t.to().name());
            p.setString(5, cut(t.by(), 256));
            p.setString(6, cut(t.reason(), TEXT));
            p.setLong(7, t.good());
            p.setLong(8, t.scrap());
            p.addBatch();
          }
          p.executeBatch();
        }
      }
      List<Confirmation> out = new ArrayList<>();
      if (!changes.outgoing().isEmpty()) {
        try (PreparedStatement p =
            db.prepareStatement(
                "INSERT INTO erp_outbox (order_number, operation, status, machine, good, scrap,"
                    + " time_ms, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
          for (Outgoing o : changes.outgoing()) {
            p.setString(1, cut(o.orderNumber(), 200));
            p.setString(2, cut(o.operation(), 64));
            p.setString(3, o.status());
            p.setString(4, o.machine().orElse(null));
            p.setLong(5, o.good());
            p.setLong(6, o.scrap());
            p.setLong(7, o.at());
            p.setString(8, o.reason().map(r -> cut(r, TEXT)).orElse(null));
            p.executeUpdate();
            try (ResultSet keys = p.getGeneratedKeys()) {
              keys.next();
              out.add(confirmation(keys.getLong(1), o));
            }
          }
        }
      }
      if (!changes.deadLetters().isEmpty()) {
        try (PreparedStatement p =
            db.prepareStatement(
                "INSERT INTO dead_letter (time_ms, direction, source, reference, raw, reason)"
                    + " VALUES (?, ?, ?, ?, ?, ?)")) {
          for (DeadLetter d : changes.deadLetters()) {
            p.setLong(1, d.at());
            p.setString(2, d.direction());
            p.setString(3, cut(d.source(), 20));
            p.setString(4, cut(d.reference(), 200));
            p.setString(5, cut(d.raw(), RAW));
            p.setString(6, cut(d.reason(), TEXT));
            p.addBatch();
          }
          p.executeBatch();
        }
      }
      db.commit();
      return out;
    } catch (SQLException | RuntimeException e) {
      rollback();
      throw new IllegalStateException("cannot write the job journal: " + e.getMessage(), e);
    }
  }

  private void saveJob(Job j) throws SQLException {
    try (PreparedStatement p =
        db.prepareStatement(
            "MERGE INTO job KEY (id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ErpOrder o = j.order();
      int i = 1;
      p.setLong(i++, j.id());
      p.setString(i++, o.orderNumber());
      p.setString(i++, o.operation());
      p.setString(i++, o.product());
      p.setLong(i++, o.quantity());
      p.setString(i++, o.machine().orElse(null));
      p.setString(i++, recipe(o.setpoints()));
      setLong(p, i++, o.idealCycle().map(Duration::toMillis));
      setLong(p, i++, o.plannedStart().map(Instant::toEpochMilli));
      setLong(p, i++, o.plannedEnd().map(Instant::toEpochMilli));
      p.setInt(i++, o.priority());
      p.setString(i++, cut(j.source(), 300));
      p.setString(i++, j.status().name());
      p.setString(i++, j.machine().orElse(null));
      p.setLong(i++, j.queueKey());
      p.setLong(i++, j.good());
      p.setLong(i++, j.scrap());
      p.setLong(i++, j.goodCounter());
      p.setLong(i++, j.scrapCounter());
      p.setBoolean(i++, j.dispatching());
      p.setInt(i++, j.attempts());
      p.setLong(i++, j.deadline());
      p.setLong(i++, j.retryAt());
      p.setBoolean(i++, j.pausedByMachine());
      p.setString(i++, j.note().map(n -> cut(n, TEXT)).orElse(null));
      p.setLong(i++, j.importedAt());
      p.setLong(i++, j.updatedAt());
      p.setLong(i++, j.startedAt());
      p.setLong(i, j.endedAt());
      p.executeUpdate();
    }
  }

  /** Every job kept, for the book after a restart. */
  public synchronized List<Job> jobs() {
    List<Job> out = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("SELECT * FROM job ORDER BY id")) {
      while (r.next()) {
        ErpOrder o =
            new ErpOrder(
                r.getString("order_number"),
                r.getString("operation"),
                r.getString("product"),
                r.getLong("quantity"),
                Optional.ofNullable(r.getString("machine_req")),
                recipe(r.getString("setpoints")),
                optionalLong(r, "ideal_cycle_ms").map(Duration::ofMillis),
                optionalLong(r, "planned_start_ms").map(Instant::ofEpochMilli),
                optionalLong(r, "planned_end_ms").map(Instant::ofEpochMilli),
                r.getInt("priority"));
        out.add(
            new Job(
                r.getLong("id"),
                o,
                r.getString("source"),
                JobStatus.valueOf(r.getString("status")),
                Optional.ofNullable(r.getString("machine")),
                r.getLong("queue_key"),
                r.getLong("good"),
                r.getLong("scrap"),
                r.getLong("good_counter"),
                r.getLong("scrap_counter"),
                r.getBoolean("dispatching"),
                r.getInt("attempts"),
                r.getLong("deadline_ms"),
                r.getLong("retry_at_ms"),
                r.getBoolean("paused_by_machine"),
                Optional.ofNullable(r.getString("note")),
                r.getLong("imported_ms"),
                r.getLong("updated_ms"),
                r.getLong("started_ms"),
                r.getLong("ended_ms")));
      }
      db.commit();
      return out;
    } catch (SQLException e) {
      rollback();
      throw new IllegalStateException("cannot read the job journal: " + e.getMessage(), e);
    }
  }

  /** The highest job number ever given out, 0 before the first. */
  public synchronized long lastJobId() {
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("SELECT val FROM erp_state WHERE name = 'last_job'")) {
      long v = r.next() ? Long.parseLong(r.getString(1)) : 0;
      db.commit();
      return v;
    } catch (SQLException e) {
      rollback();
      throw new IllegalStateException("cannot read the job journal: " + e.getMessage(), e);
    }
  }

  /** A job's transitions, oldest first. */
  public synchronized List<Transition> history(long job) {
    List<Transition> out = new ArrayList<>();
    try (PreparedStatement p =
        db.prepareStatement(
            "SELECT job, time_ms, from_status, to_status, usr, reason, good, scrap FROM job_event"
                + " WHERE job = ? ORDER BY seq")) {
      p.setLong(1, job);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(
              new Transition(
                  r.getLong(1),
                  r.getLong(2),
                  JobStatus.valueOf(r.getString(3)),
                  JobStatus.valueOf(r.getString(4)),
                  r.getString(5),
                  r.getString(6),
                  r.getLong(7),
                  r.getLong(8)));
        }
      }
      db.commit();
      return out;
    } catch (SQLException e) {
      rollback();
      throw new IllegalStateException("cannot read the job journal: " + e.getMessage(), e);
    }
  }

  /** Messages for the ERP not yet delivered, oldest first. */
  public synchronized List<Confirmation> undelivered(int limit) {
    List<Confirmation> out = new ArrayList<>();
    try (PreparedStatement p =
        db.prepareStatement(
            "SELECT seq, order_number, operation, status, machine, good, scrap, time_ms, reason"
                + " FROM erp_outbox WHERE delivered_ms IS NULL ORDER BY seq LIMIT ?")) {
      p.setInt(1, limit);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(
              confirmation(
                  r.getLong(1),
                  new Outgoing(
                      r.getString(2),
                      r.getString(3),
                      r.getString(4),
                      Optional.ofNullable(r.getString(5)),
                      r.getLong(6),
                      r.getLong(7),
                      r.getLong(8),
                      Optional.ofNullable(r.getString(9)))));
        }
      }
      db.commit();
      return out;
    } catch (SQLException e) {
      rollback();
      throw new IllegalStateException("cannot read the job journal: " + e.getMessage(), e);
    }
  }

  /** How many messages wait for the ERP. */
  public synchronized long backlog() {
    try (Statement s = db.createStatement();
        ResultSet r =
            s.executeQuery("SELECT COUNT(*) FROM erp_outbox WHERE delivered_ms IS NULL")) {
      r.next();
      long n = r.getLong(1);
      db.commit();
      return n;
    } catch (SQLException e) {
      rollback();
      throw new IllegalStateException("cannot read the job journal: " + e.getMessage(), e);
    }
  }

  /**
   * Marks a message for the ERP done: {@code ACCEPTED}, {@code DUPLICATE} (the ERP had it) or
   * {@code UNDELIVERABLE} (refused for good; a dead letter says why).
   */
  public synchronized void delivered(Confirmation c, String outcome, long at) {
    try (PreparedStatement p =
        db.prepareStatement("UPDATE erp_outbox SET delivered_ms = ?, outcome = ? WHERE seq = ?")) {
      p.setLong(1, at);
      p.setString(2, outcome);
      p.setLong(3, sequence(c));
      p.executeUpdate();
      db.commit();
    } catch (SQLException e) {
      rollback();
      throw new IllegalStateException("cannot write the job journal: " + e.getMessage(), e);
    }
  }

  /** Delivered messages for an order, oldest first: what the ERP was told. */
  public synchronized List<Map<String, Object>> told(String orderNumber) {
    List<Map<String, Object>> out = new ArrayList<>();
    try (PreparedStatement p =
        db.prepareStatement(
            "SELECT seq, status, good, scrap, time_ms, delivered_ms, outcome FROM erp_outbox"
                + " WHERE order_number = ? ORDER BY seq")) {
      p.setString(1, orderNumber);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("id", prefix + "-" + r.getLong(1));
          m.put("status", r.getString(2));
          m.put("good", r.getLong(3));
          m.put("scrap", r.getLong(4));
          m.put("at", Instant.ofEpochMilli(r.getLong(5)).toString());
          long d = r.getLong(6);
          m.put("deliveredAt", r.wasNull() ? null : Instant.ofEpochMilli(d).toString());
          m.put("outcome", r.getString(7));
          out.add(m);
        }
      }
      db.commit();
      return out;
    } catch (SQLException e) {
      rollback();
      throw new IllegalStateException("cannot read the job journal: " + e.getMessage(), e);
    }
  }

  /** Dead letters, newest first. */
  public synchronized List<DeadLetter> deadLetters(int limit) {
    List<DeadLetter> out = new ArrayList<>();
    try (PreparedStatement p =
        db.prepareStatement(
            "SELECT id, time_ms, direction, source, reference, raw, reason FROM dead_letter ORDER"
                + " BY id DESC LIMIT ?")) {
      p.setInt(1, limit);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(
              new DeadLetter(
                  r.getLong(1),
                  r.getLong(2),
                  r.getString(3),
                  r.getString(4),
                  r.getString(5),
                  r.getString(6),
                  r.getString(7)));
        }
      }
      db.commit();
      return out;
    } catch (SQLException e) {
      rollback();
      throw new IllegalStateException("cannot read the job journal: " + e.getMessage(), e);
    }
  }

  /** Removes a dead letter a person has dealt with; false when there is none with that id. */
  public synchronized boolean dismiss(long id) {
    try (PreparedStatement p = db.prepareStatement("DELETE FROM dead_letter WHERE id = ?")) {
      p.setLong(1, id);
      boolean gone = p.executeUpdate() > 0;
      db.commit();
      return gone;
    } catch (SQLException e) {
      rollback();
      throw new IllegalStateException("cannot write the job journal: " + e.getMessage(), e);
    }
  }

  /** The ERP adapter's cursor after the last imported batch; empty before the first. */
  public synchronized String cursor() {
    try (PreparedStatement p = db.prepareStatement("SELECT val FROM erp_state WHERE name = ?")) {
      p.setString(1, "cursor");
      try (ResultSet r = p.executeQuery()) {
        String v = r.next() ? r.getString(1) : "";
        db.commit();
        return v;
      }
    } catch (SQLException e) {
      rollback();
      throw new IllegalStateException("cannot read the job journal: " + e.getMessage(), e);
    }
  }

  public synchronized void cursor(String value) {
    try (PreparedStatement p =
        db.prepareStatement("MERGE INTO erp_state KEY (name) VALUES (?, ?)")) {
      p.setString(1, "cursor");
      p.setString(2, cut(value, TEXT));
      p.executeUpdate();
      db.commit();
    } catch (SQLException e) {
      rollback();
      throw new IllegalStateException("cannot write the job journal: " + e.getMessage(), e);
    }
  }

  /**
   * Deletes finished jobs, their transitions and delivered messages older than {@code before}, at
   * most {@code limit} jobs at a time.
   *
   * @return the ids of the jobs deleted
   */
  public synchronized List<Long> expire(long before, int limit) {
    List<Long> ids = new ArrayList<>();
    try {
      try (PreparedStatement p =
          db.prepareStatement(
              "SELECT id FROM job WHERE status IN ('COMPLETED', 'ABORTED') AND ended_ms < ? ORDER"
                  + " BY id LIMIT ?")) {
        p.setLong(1, before);
        p.setInt(2, limit);
        try (ResultSet r = p.executeQuery()) {
          while (r.next()) {
            ids.add(r.getLong(1));
          }
        }
      }
      try (PreparedStatement job = db.prepareStatement("DELETE FROM job WHERE id = ?");
          PreparedStatement events = db.prepareStatement("DELETE FROM job_event WHERE job = ?")) {
        for (long id : ids) {
          job.setLong(1, id);
          job.addBatch();
          events.setLong(1, id);
          events.addBatch();
        }
        job.executeBatch();
        events.executeBatch();
      }
      try (PreparedStatement p =
          db.prepareStatement(
              "DELETE FROM erp_outbox WHERE delivered_ms IS NOT NULL AND delivered_ms < ?")) {
        p.setLong(1, before);
        p.executeUpdate();
      }
      try (PreparedStatement p = db.prepareStatement("DELETE FROM dead_letter WHERE time_ms < ?")) {
        p.setLong(1, before);
        p.executeUpdate();
      }
      db.commit();
      return ids;
    } catch (SQLException e) {
      rollback();
      throw new IllegalStateException("cannot expire the job journal: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      // Closing is best effort: every transaction was committed or rolled back already.
    }
  }

  private Confirmation confirmation(long seq, Outgoing o) {
    return new Confirmation(
        prefix + "-" + seq,
        o.orderNumber(),
        o.operation(),
        o.status(),
        o.machine(),
        o.good(),
        o.scrap(),
        Instant.ofEpochMilli(o.at()),
        o.reason());
  }

  private long sequence(Confirmation c) {
    return Long.parseLong(c.id().substring(c.id().lastIndexOf('-') + 1));
  }

  private void rollback() {
    try {
      db.rollback();
    } catch (SQLException e) {
      // The connection is gone; the next call reports it.
    }
  }

  private static String recipe(Map<String, String> setpoints) {
    try {
      return JSON.writeValueAsString(setpoints);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> recipe(String json) {
    try {
      return JSON.readValue(json, RECIPE);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "a job's recipe in the journal is not JSON: " + e.getMessage(), e);
    }
  }

  private static void setLong(PreparedStatement p, int i, Optional<Long> v) throws SQLException {
    if (v.isPresent()) {
      p.setLong(i, v.get());
    } else {
      p.setNull(i, Types.BIGINT);
    }
  }

  private static Optional<Long> optionalLong(ResultSet r, String column) throws SQLException {
    long v = r.getLong(column);
    return r.wasNull() ? Optional.empty() : Optional.of(v);
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
