package io.millwright.publisher.buffer;

import io.millwright.core.namespace.Names;
import io.millwright.publisher.batch.BatchId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * The publisher's durable outbound buffer: every batch it sealed, kept on the edge's disk until the
 * cloud acknowledges it. A batch is committed to an embedded H2 database ({@code WRITE_DELAY=0})
 * before {@link #seal} returns, so it survives a cut cloud link, a restart and {@code kill -9}.
 *
 * <p><b>Batch ids.</b> Every batch gets the next number of this buffer: 1, 2, 3 and so on. A number
 * is never given out twice, not after its batch was sent and deleted, not after it was dropped, not
 * after a crash. Numbers can have gaps (a dropped batch, a seal that failed). The buffer has a
 * random name of 12 letters and digits, chosen when its database is created and kept with it; a new
 * or lost database gets a new name, so the cloud never mistakes a new buffer's batch 1 for an old
 * buffer's.
 *
 * <p><b>When the buffer is full.</b> The buffer has a budget: the most batch bytes it keeps on disk
 * ({@link BufferLimits#budgetBytes()}). While the cloud is unreachable the batches pile up. When a
 * new batch does not fit any more, the buffer deletes the <em>oldest</em> batches not yet
 * acknowledged, as many as needed for the new one to fit, and keeps the new one: after a long
 * outage the cloud gets the most recent data, and the gap is at the start of the outage. Every
 * dropped batch is counted (batches and readings, {@link BufferStats#batchesDropped()} and {@link
 * BufferStats#readingsDropped()}); the counts are stored with the buffer, so a restart keeps them.
 * From {@link BufferLimits#warnAt()} of the budget on, {@link BufferStats#warning()} is raised so
 * someone can act before anything is dropped. A single batch larger than the whole budget is never
 * stored: {@link #seal} refuses it with a {@link BufferException} (nothing is dropped for it). The
 * database file takes more disk than the budget (the database's bookkeeping and old versions it
 * keeps for a while): plan disk for about three times the budget; {@link BufferStats#fileBytes()}
 * tells how much it takes now.
 *
 * <p><b>Failures.</b> When the database cannot be written (a full disk, say), the call throws a
 * {@link BufferException}: nothing of that call is kept, and everything committed before stays as
 * it was. The buffer reopens its database on the next call, so it works again once there is space.
 *
 * <p><b>Threads.</b> One thread seals, another sends (oldest, newest, acknowledged), any thread
 * reads {@link #stats()}. The database calls take turns on one connection; {@link #stats()} never
 * waits for them: it reads counts kept in memory, updated after each commit. Payloads are read from
 * disk when asked for and not kept in memory.
 */
public final class OutboundBuffer implements AutoCloseable {

  /** The database file's name in the directory; H2 adds {@code .mv.db}. */
  static final String FILE = "outbound";

  private static final int NAME_LENGTH = 12;
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final int PAGE = 64;
  private static final System.Logger LOG = System.getLogger(OutboundBuffer.class.getName());

  /**
   * Seals between two compactions of the database file, about a minute at a batch a second. H2
   * never rewrites old parts of its file on its own with {@code WRITE_DELAY=0} (it does so in a
   * background thread that only runs with a delay), so a backlog would take several times its
   * payload on disk: see {@link #compact}.
   */
  static final int COMPACT_EVERY = 60;

  /** Compaction rewrites the live parts of file chunks less than half full, 4 MiB at most. */
  private static final int COMPACT_FILL_RATE = 50;

  private static final int COMPACT_BYTES = 4 * 1024 * 1024;

  // The directories of the buffers open in this JVM: H2 would let a second one share the database,
  // and two buffers numbering batches from one database would give numbers twice.
  private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

  private final Path directory;
  private final String url;
  private final String site;
  private final BufferLimits limits;
  private final String name;

  // Guarded by this. Null after a failure until the next call opens the database again.
  private Connection db;
  // Guarded by this: the last number given out, never lowered (a failed seal's number is not
  // reused).
  private long lastSequence;
  private boolean closed;
  private int sealsSinceCompaction;
  // False once H2's internals turned out not to be what compact() expects (another H2 version).
  private boolean compaction = true;
  private int compactions;
  // What the database holds, replaced after each commit: stats() reads it without the lock.
  private volatile Totals totals;

  /** What the database holds, as its state row and its oldest batch say. */
  private record Totals(
      long batches,
      long readings,
      long payloadBytes,
      long oldestSealedAt,
      long batchesDropped,
      long readingsDropped) {}

  /** What an open database told: its name, the last number given out and its totals. */
  private record Loaded(String name, long lastSequence, Totals totals) {}

  private OutboundBuffer(
      Path directory, String url, String site, BufferLimits limits, Connection db, Loaded state) {
    this.directory = directory;
    this.url = url;
    this.site = site;
    this.limits = limits;
    this.db = db;
    this.name = state.name();
    this.lastSequence = state.lastSequence();
    this.totals = state.totals();
  }

  /**
   * Opens the buffer in {@code directory}, creating the directory and its database (with a new
   * random name) when there is none.
   *
   * @param site the site id, which every batch id names
   * @throws BufferException when the database cannot be opened or created: another process holds
   *     it, this process has it open already, the disk is not writable
   */
  public static OutboundBuffer open(Path directory, String site, BufferLimits limits)
      throws BufferException {
    Names.requireName("site id", site);
    Objects.requireNonNull(limits, "limits");
    Path dir = directory.toAbsolutePath();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new BufferException(
          "cannot create the outbound buffer's directory " + dir + ": " + e.getMessage(), e);
    }
    if (!OPEN.add(dir)) {
      throw new BufferException(
          "the outbound buffer in " + dir + " is open already in this process: close it first");
    }
    String url = "jdbc:h2:file:" + dir.resolve(FILE) + ";WRITE_DELAY=0";
    Connection c = null;
    try {
      c = DriverManager.getConnection(url, "sa", "");
      createSchema(c);
      Loaded state = load(c, true);
      return new OutboundBuffer(dir, url, site, limits, c, state);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(c);
      OPEN.remove(dir);
      throw new BufferException(
          "cannot open the outbound buffer in " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void createSchema(Connection c) throws SQLException {
    c.setAutoCommit(true);
    try (Statement s = c.createStatement()) {
      // One row: the buffer's name, the last number given out (kept apart from the batches, which
      // are deleted: a number is never given out twice) and the totals, kept with every change so
      // an open does not read every batch.
      s.execute(
          "CREATE TABLE IF NOT EXISTS buffer_state (id TINYINT PRIMARY KEY, name VARCHAR(32) NOT"
              + " NULL, last_sequence BIGINT NOT NULL, batches BIGINT NOT NULL, readings BIGINT"
              + " NOT NULL, payload_bytes BIGINT NOT NULL, batches_dropped BIGINT NOT NULL,"
              + " readings_dropped BIGINT NOT NULL)");
      s.execute(
          "CREATE TABLE IF NOT EXISTS batch (seq BIGINT PRIMARY KEY, sealed_at BIGINT NOT NULL,"
              + " readings INT NOT NULL, events INT NOT NULL, bytes INT NOT NULL, payload"
              + " VARBINARY(1000000000) NOT NULL)");
    }
  }

  /**
   * Reads the state row, creating it with a new name when {@code create} and there is none, and
   * leaves the connection in manual commit.
   */
  private static Loaded load(Connection c, boolean create) throws SQLException {
    c.setAutoCommit(false);
    try {
      Loaded loaded = null;
      try (Statement s = c.createStatement();
          ResultSet r =
              s.executeQuery(
                  "SELECT name, last_sequence, batches, readings, payload_bytes, batches_dropped,"
                      + " readings_dropped FROM buffer_state WHERE id = 0")) {
        if (r.next()) {
          Totals t =
              new Totals(r.getLong(3), r.getLong(4), r.getLong(5), 0, r.getLong(6), r.getLong(7));
          loaded = new Loaded(r.getString(1), r.getLong(2), t);
        }
      }
      if (loaded == null) {
        if (!create) {
          throw new SQLException("the database has lost the buffer's state row");
        }
        String name = newName();
        try (PreparedStatement p =
            c.prepareStatement("INSERT INTO buffer_state VALUES (0, ?, 0, 0, 0, 0, 0, 0)")) {
          p.setString(1, name);
          p.executeUpdate();
        }
        loaded = new Loaded(name, 0, new Totals(0, 0, 0, 0, 0, 0));
      }
      long highest;
      try (Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM batch")) {
        r.next();
        highest = r.getLong(1);
      }
      Totals t = loaded.totals();
      Totals withOldest =
          new Totals(
              t.batches(),
              t.readings(),
              t.payloadBytes(),
              oldestSealedAt(c),
              t.batchesDropped(),
              t.readingsDropped());
      c.commit();
      return new Loaded(loaded.name(), Math.max(loaded.lastSequence(), highest), withOldest);
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly(c);
      throw e;
    }
  }

  private static String newName() {
    SecureRandom random = new SecureRandom();
    StringBuilder b = new StringBuilder(NAME_LENGTH);
    for (int i = 0; i < NAME_LENGTH; i++) {
      b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }

  /** The buffer's random name, the middle part of every batch id it gives out. */
  public String name() {
    return name;
  }

  /**
   * Seals a batch: gives it the next number, has {@code encode} make its payload with that id, and
   * commits it. The batch is on disk when this returns. When the budget would be exceeded, the
   * oldest batches are dropped first (see the class description), in the same commit.
   *
   * @param sealedAt when it was sealed, UTC epoch milliseconds
   * @param readings readings in it, counted for the stats and the drop counters
   * @param events events in it
   * @param encode makes the payload for the id; what it throws is passed on, and nothing is stored
   * @return the stored batch
   * @throws BufferException the payload is larger than the whole budget, or the database cannot be
   *     written: nothing of this batch is kept, and nothing is dropped for it
   */
  public StoredBatch seal(long sealedAt, int readings, int events, Function<BatchId, byte[]> encode)
      throws BufferException {
    if (readings < 0 || events < 0) {
      throw new IllegalArgumentException("a batch's counts are never negative");
    }
    Objects.requireNonNull(encode, "encode");
    synchronized (this) {
      Connection c = connection();
      // The number is used up whatever happens next: encode has seen it.
      BatchId id = new BatchId(site, name, ++lastSequence);
      byte[] payload = Objects.requireNonNull(encode.apply(id), "encode returned no payload");
      long budget = limits.budgetBytes();
      if (payload.length > budget) {
        throw new BufferException(
            "batch "
                + id
                + " is "
                + payload.length
                + " bytes, more than the outbound buffer's whole budget of "
                + budget
                + " bytes: it is refused, not stored");
      }
      Totals t = totals;
      try {
        long batches = t.batches();
        long readingsHeld = t.readings();
        long bytes = t.payloadBytes();
        long droppedBatches = 0;
        long droppedReadings = 0;
        long oldest = t.oldestSealedAt();
        if (bytes + payload.length > budget) {
          long upTo = 0;
          while (bytes + payload.length > budget) {
            int found = 0;
            try (PreparedStatement p =
                c.prepareStatement(
                    "SELECT seq, readings, bytes FROM batch WHERE seq > ? ORDER BY seq LIMIT ?")) {
              p.setLong(1, upTo);
              p.setInt(2, PAGE);
              try (ResultSet r = p.executeQuery()) {
                while (r.next() && bytes + payload.length > budget) {
                  found++;
                  upTo = r.getLong(1);
                  droppedBatches++;
                  droppedReadings += r.getInt(2);
                  readingsHeld -= r.getInt(2);
                  bytes -= r.getInt(3);
                  batches--;
                }
              }
            }
            if (found == 0) {
              throw new SQLException(
                  "the buffer's totals say "
                      + bytes
                      + " bytes are held, but there is no batch left to drop");
            }
          }
          try (PreparedStatement p = c.prepareStatement("DELETE FROM batch WHERE seq <= ?")) {
            p.setLong(1, upTo);
            p.executeUpdate();
          }
          oldest = batches == 0 ? 0 : oldestSealedAt(c);
        }
        try (PreparedStatement p =
            c.prepareStatement("INSERT INTO batch VALUES (?, ?, ?, ?, ?, ?)")) {
          p.setLong(1, id.sequence());
          p.setLong(2, sealedAt);
          p.setInt(3, readings);
          p.setInt(4, events);
          p.setInt(5, payload.length);
          p.setBytes(6, payload);
          p.executeUpdate();
        }
        Totals after =
            new Totals(
                batches + 1,
                readingsHeld + readings,
                bytes + payload.length,
                batches == 0 ? sealedAt : oldest,
                t.batchesDropped() + droppedBatches,
                t.readingsDropped() + droppedReadings);
        writeState(c, id.sequence(), after);
        c.commit();
        totals = after;
      } catch (SQLException | RuntimeException e) {
        throw failed("cannot store batch " + id, e);
      }
      if (++sealsSinceCompaction >= COMPACT_EVERY) {
        sealsSinceCompaction = 0;
        compact(c);
      }
      return new StoredBatch(id, sealedAt, readings, events, payload);
    }
  }

  /**
   * Has H2 rewrite the live parts of the file's emptiest chunks, so the space of acknowledged and
   * dropped batches is reused. H2 does this in its background writer, which {@code WRITE_DELAY=0}
   * turns off (commits are written at once instead), and its SQL {@code CHECKPOINT} does not do it
   * on 2.5, so the buffer asks H2's store directly, through H2's internal API (the version is
   * pinned by the build). In a trial with H2's 45 s retention scaled down to the pace of the
   * batches (3,000 batches of 2 KiB held, none acknowledged), the file took about 4.7 disk bytes
   * per payload byte without it and about 2.2 with it. Best effort: a batch committed before is
   * safe whatever happens here (compaction writes new chunks, like a commit); a failure closes the
   * connection, so the next call opens the database again.
   */
  private void compact(Connection c) {
    if (!compaction) {
      return;
    }
    try {
      MVStore store =
          ((SessionLocal) c.unwrap(JdbcConnection.class).getSession())
              .getDatabase()
              .getStore()
              .getMvStore();
      store.compact(COMPACT_FILL_RATE, COMPACT_BYTES);
      compactions++;
    } catch (ClassCastException | LinkageError e) {
      compaction = false;
      LOG.log(
          System.Logger.Level.WARNING,
          "outbound buffer: this H2 cannot be asked to compact its file; the file may grow to"
              + " several times the batches it holds",
          e);
    } catch (SQLException | RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "outbound buffer: compacting the database file failed; it is opened again: "
              + e.getMessage(),
          e);
      closeQuietly(db);
      db = null;
    }
  }

  /**
   * The oldest batches held, at most {@code max}, oldest first: what the sender sends next.
   *
   * @throws BufferException the database cannot be read
   */
  public List<StoredBatch> oldest(int max) throws BufferException {
    if (max < 1) {
      throw new IllegalArgumentException("ask for at least one batch, not " + max);
    }
    return read("SELECT seq, sealed_at, readings, events, payload FROM batch ORDER BY seq", max);
  }

  /**
   * The batch sealed last, if the buffer holds any: what a sender sends first after a cut link, so
   * the cloud is current again before the backlog follows.
   *
   * @throws BufferException the database cannot be read
   */
  public Optional<StoredBatch> newest() throws BufferException {
    return read("SELECT seq, sealed_at, readings, events, payload FROM batch ORDER BY seq DESC", 1)
        .stream()
        .findFirst();
  }

  private synchronized List<StoredBatch> read(String query, int max) throws BufferException {
    Connection c = connection();
    List<StoredBatch> out = new ArrayList<>(Math.min(max, PAGE));
    try (PreparedStatement p = c.prepareStatement(query + " LIMIT ?")) {
      p.setInt(1, max);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(
              new StoredBatch(
                  new BatchId(site, name, r.getLong(1)),
                  r.getLong(2),
                  r.getInt(3),
                  r.getInt(4),
                  r.getBytes(5)));
        }
      }
      c.commit();
      return out;
    } catch (SQLException | RuntimeException e) {
      throw failed("cannot read the outbound buffer", e);
    }
  }

  /**
   * The cloud has the batch: deletes it, durably when this returns. A batch the buffer does not
   * hold (dropped meanwhile, acknowledged twice, another buffer's) is ignored.
   *
   * @throws BufferException the database cannot be written; the batch is then still held
   */
  public void acknowledged(BatchId id) throws BufferException {
    Objects.requireNonNull(id, "id");
    if (!id.site().equals(site) || !id.buffer().equals(name)) {
      return;
    }
    synchronized (this) {
      Connection c = connection();
      Totals t = totals;
      try {
        int readings;
        int bytes;
        try (PreparedStatement p =
            c.prepareStatement("SELECT readings, bytes FROM batch WHERE seq = ?")) {
          p.setLong(1, id.sequence());
          try (ResultSet r = p.executeQuery()) {
            if (!r.next()) {
              c.commit();
              return;
            }
            readings = r.getInt(1);
            bytes = r.getInt(2);
          }
        }
        try (PreparedStatement p = c.prepareStatement("DELETE FROM batch WHERE seq = ?")) {
          p.setLong(1, id.sequence());
          p.executeUpdate();
        }
        long batches = t.batches() - 1;
        Totals after =
            new Totals(
                batches,
                t.readings() - readings,
                t.payloadBytes() - bytes,
                batches == 0 ? 0 : oldestSealedAt(c),
                t.batchesDropped(),
                t.readingsDropped());
        writeState(c, lastSequence, after);
        c.commit();
        totals = after;
      } catch (SQLException | RuntimeException e) {
        throw failed("cannot delete acknowledged batch " + id, e);
      }
    }
  }

  /** What the buffer holds now; never waits for the database, callable from any thread. */
  public BufferStats stats() {
    Totals t = totals;
    long budget = limits.budgetBytes();
    double fill = (double) t.payloadBytes() / budget;
    long fileBytes;
    try {
      fileBytes = Files.size(directory.resolve(FILE + ".mv.db"));
    } catch (IOException e) {
      fileBytes = 0;
    }
    return new BufferStats(
        t.batches(),
        t.readings(),
        t.payloadBytes(),
        t.oldestSealedAt(),
        budget,
        fill,
        fill >= limits.warnAt(),
        t.batchesDropped(),
        t.readingsDropped(),
        fileBytes);
  }

  /** How often H2 was asked to compact its file: for tests. */
  synchronized int compactions() {
    return compactions;
  }

  /** Closes the database; everything sealed is on disk already. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly(db);
    db = null;
    OPEN.remove(directory);
  }

  /** The open connection, opening the database again after a failure. */
  private Connection connection() throws BufferException {
    if (closed) {
      throw new IllegalStateException("the outbound buffer is closed");
    }
    if (db != null) {
      return db;
    }
    Connection c = null;
    try {
      c = DriverManager.getConnection(url, "sa", "");
      Loaded state = load(c, false);
      if (!state.name().equals(name)) {
        throw new SQLException(
            "the database in "
                + directory
                + " is now buffer "
                + state.name()
                + ", not "
                + name
                + " (was it replaced?)");
      }
      lastSequence = Math.max(lastSequence, state.lastSequence());
      totals = state.totals();
      db = c;
      return c;
    } catch (SQLException | RuntimeException e) {
      closeQuietly(c);
      throw new BufferException(
          "cannot open the outbound buffer in " + directory + " again: " + e.getMessage(), e);
    }
  }

  /**
   * Rolls back and closes the connection after a failure (a database that failed to write may be
   * unusable until it is opened again, H2 closes itself after a write error), and tells why.
   */
  private BufferException failed(String what, Exception e) {
    rollbackQuietly(db);
    closeQuietly(db);
    db = null;
    String space = "";
    try {
      space = " (" + Files.getFileStore(directory).getUsableSpace() + " bytes free on its disk)";
    } catch (IOException | RuntimeException gone) {
      // The volume itself is gone: H2's message says what it could.
    }
    return new BufferException(what + space + ": " + e.getMessage(), e);
  }

  private static void writeState(Connection c, long lastSequence, Totals t) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "UPDATE buffer_state SET last_sequence = ?, batches = ?, readings = ?, payload_bytes"
                + " = ?, batches_dropped = ?, readings_dropped = ? WHERE id = 0")) {
      p.setLong(1, lastSequence);
      p.setLong(2, t.batches());
      p.setLong(3, t.readings());
      p.setLong(4, t.payloadBytes());
      p.setLong(5, t.batchesDropped());
      p.setLong(6, t.readingsDropped());
      if (p.executeUpdate() != 1) {
        throw new SQLException("the buffer's state row is gone");
      }
    }
  }

  private static long oldestSealedAt(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT sealed_at FROM batch ORDER BY seq LIMIT 1")) {
      return r.next() ? r.getLong(1) : 0;
    }
  }

  private static void rollbackQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.rollback();
    } catch (SQLException e) {
      // The connection is broken; it is closed and opened again.
    }
  }

  private static void closeQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException e) {
      // Best effort: every transaction was committed or rolled back already.
    }
  }
}
