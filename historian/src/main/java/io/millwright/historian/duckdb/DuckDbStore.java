package io.millwright.historian.duckdb;

import io.millwright.historian.store.Bucket;
import io.millwright.historian.store.SampleStore;
import io.millwright.historian.store.StoreException;
import io.millwright.historian.store.StoredSample;
import io.millwright.historian.store.TagFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded default {@link SampleStore}: one DuckDB database file, {@code historian.duckdb}, in
 * a directory.
 *
 * <p><b>Durability and fsync policy.</b> Each {@link #append} is one DuckDB transaction: the rows
 * go into the {@code inbox} table through the Appender, the transaction commits, and DuckDB writes
 * the commit to its write-ahead log and fsyncs it before the commit returns; only then does {@code
 * append} return. Every acknowledged batch therefore survives {@code kill -9} and a power loss (as
 * far as the disk honours fsync). Group commit is the caller's: it hands over batches (e.g.
 * everything received in the last 100 ms), one fsync each, so bigger batches cost fewer fsyncs.
 * DuckDB checkpoints the WAL into the database file by itself once the WAL passes its threshold,
 * and on close.
 *
 * <p><b>Latest values.</b> Kept in memory and updated after each commit; an append writes nothing
 * for them. They reach the file as {@code latest_snapshot}, rewritten by each compaction in the
 * same transaction that empties the inbox, so the snapshot plus the inbox always hold the newest
 * sample of every tag: opening (also after {@code kill -9}) rebuilds them from both, whatever order
 * the samples came in.
 *
 * <p><b>Compaction.</b> The append that brings the inbox to {@link Compactor#DEFAULT_THRESHOLD}
 * rows also moves it into {@code samples}, clustered by tag with each (tag, ts) once (see {@link
 * Compactor}), in one transaction, and so takes longer (about as long as the appends that filled
 * the inbox took, measured by the benchmark); its batch is durable before that starts, and a failed
 * compaction is logged and retried later, never failing the append. {@link #compact()} does it on
 * demand.
 *
 * <p><b>Duplicates.</b> A (tag, timestamp) sent twice is written to the inbox twice; compaction
 * keeps it once, also against samples compacted earlier (a backfill resent after an outage). While
 * the inbox holds rows, raw and aggregate queries collapse duplicates of the tag's range ({@code
 * DISTINCT ON (ts)}); once it is empty they read the compacted rows as they are. Not a unique
 * index: the Appender cannot skip conflicting rows (a re-sent batch would fail as a whole), and an
 * index over the whole history costs memory and ingest time on every append.
 *
 * <p><b>Failures.</b> When an append fails (disk full, I/O error) the transaction is rolled back
 * and the database is closed; the next call reopens it, so the store recovers by itself once space
 * returns, and DuckDB's replay of its WAL brings back exactly the committed batches. A database
 * file DuckDB reports as corrupt when opening is moved aside to {@code
 * historian.duckdb.corrupt-<UTC time>} (with its WAL) and the store starts with an empty file,
 * logging an error that names both files: the historian keeps recording instead of staying down
 * (see {@link CorruptFile}). Any other failure to open throws a {@link StoreException} naming the
 * file.
 *
 * <p>Thread-safe: calls are serialised on one connection, which is what DuckDB's single writer
 * wants anyway.
 */
public final class DuckDbStore implements SampleStore {

  private static final System.Logger LOG = System.getLogger(DuckDbStore.class.getName());

  static final String FILE = "historian.duckdb";

  private final Path file;
  private final DuckDbSettings settings;
  private final long compactAtRows;
  private final ReentrantLock lock = new ReentrantLock();
  private Database database;
  private boolean closed;

  private DuckDbStore(Path file, DuckDbSettings settings, long compactAtRows) {
    this.file = file;
    this.settings = settings;
    this.compactAtRows = compactAtRows;
  }

  /** Opens the store in {@code dir}, creating the directory and the database when absent. */
  public static DuckDbStore open(Path dir) {
    return open(dir, DuckDbSettings.DEFAULTS);
  }

  public static DuckDbStore open(Path dir, DuckDbSettings settings) {
    return open(dir, settings, Compactor.DEFAULT_THRESHOLD);
  }

  /** With the inbox rows that trigger a compaction, for tests that compact on every append. */
  static DuckDbStore open(Path dir, DuckDbSettings settings, long compactAtRows) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StoreException("cannot create the historian directory " + dir, e);
    }
    DuckDbStore store = new DuckDbStore(dir.resolve(FILE), settings, compactAtRows);
    store.lock.lock();
    try {
      store.database();
    } finally {
      store.lock.unlock();
    }
    return store;
  }

  /** The open database, reopening it after a failure closed it. Call under the lock. */
  private Database database() {
    if (closed) {
      throw new IllegalStateException("the historian store is closed");
    }
    if (database == null) {
      try {
        database = Database.open(file, settings, compactAtRows);
      } catch (SQLException e) {
        if (!CorruptFile.isCorruption(e)) {
          throw new StoreException(
              "cannot open the historian database "
                  + file
                  + " ("
                  + e.getMessage()
                  + "); check that no other process has it open and that it is readable",
              e);
        }
        startOverFromCorrupt(e);
      }
    }
    return database;
  }

  /**
   * Moves the damaged file aside and opens a new, empty one: the historian keeps recording rather
   * than staying down, and the old history is kept in the moved file for a repair or a restore.
   */
  private void startOverFromCorrupt(SQLException corruption) {
    Path aside;
    try {
      aside = CorruptFile.moveAside(file);
    } catch (IOException e) {
      StoreException failure =
          new StoreException(
              "the historian database "
                  + file
                  + " is corrupt and could not be moved aside; move or delete it (and its .wal) to"
                  + " start with an empty history",
              corruption);
      failure.addSuppressed(e);
      throw failure;
    }
    LOG.log(
        System.Logger.Level.ERROR,
        "The historian database "
            + file
            + " is corrupt ("
            + corruption.getMessage()
            + "). It was moved to "
            + aside
            + " and the historian starts with an EMPTY history. Restore the history from a backup,"
            + " or open the moved file with DuckDB to recover what is readable.");
    try {
      database = Database.open(file, settings, compactAtRows);
    } catch (SQLException e) {
      throw new StoreException("cannot create a new historian database " + file, e);
    }
  }

  @Override
  public void append(List<StoredSample> samples) {
    if (samples.isEmpty()) {
      return;
    }
    lock.lock();
    try {
      Database db = database();
      try {
        db.append(samples);
      } catch (SQLException | RuntimeException e) {
        // Whatever state DuckDB and the appenders are in now, a fresh open from the file and its
        // WAL is the committed state; the caller keeps the batch and retries.
        LOG.log(System.Logger.Level.WARNING, "append failed, reopening the historian database", e);
        discard(db);
        throw new StoreException("the batch of " + samples.size() + " samples was not stored", e);
      }
      if (db.compactionDue()) {
        compact(db);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Moves everything in the inbox into the sorted, de-duplicated samples now, rather than when the
   * inbox next reaches its threshold (e.g. before a benchmark's queries, or before a backup).
   */
  public void compact() {
    lock.lock();
    try {
      Database db = database();
      try {
        db.compact();
      } catch (SQLException e) {
        throw new StoreException("compacting the historian database failed", e);
      }
    } finally {
      lock.unlock();
    }
  }

  /** The batch is durable already: a failed compaction is retried later, never the append's. */
  private void compact(Database db) {
    try {
      db.compact();
    } catch (SQLException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "compacting the historian inbox failed", e);
    }
  }

  @Override
  public List<StoredSample> latest(String tagFilter, int limit) {
    TagFilter filter = TagFilter.parse(tagFilter);
    return read(db -> db.reader().latest(filter, limit));
  }

  @Override
  public List<StoredSample> raw(String tag, long fromMillis, long toMillis, int limit) {
    return read(db -> db.reader().raw(tag, fromMillis, toMillis, limit));
  }

  @Override
  public List<Bucket> aggregate(String tag, long fromMillis, long toMillis, long bucketMillis) {
    if (bucketMillis <= 0) {
      throw new IllegalArgumentException("a bucket must be at least 1 ms wide");
    }
    return read(
        db ->
            Rollups.aggregate(
                db.connection(), db.reader(), tag, fromMillis, toMillis, bucketMillis));
  }

  @Override
  public List<String> tags(String tagFilter, int limit) {
    TagFilter filter = TagFilter.parse(tagFilter);
    return read(db -> db.reader().tags(filter, limit));
  }

  /** Writes the WAL into the database file, so that {@link #diskBytes()} shows compressed data. */
  public void checkpoint() {
    read(
        db -> {
          db.checkpoint();
          return null;
        });
  }

  @Override
  public long diskBytes() {
    return size(file) + size(file.resolveSibling(FILE + ".wal"));
  }

  private static long size(Path path) {
    try {
      return Files.exists(path) ? Files.size(path) : 0;
    } catch (IOException e) {
      throw new StoreException("cannot read the size of " + path, e);
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (database != null) {
        database.close();
        database = null;
      }
      closed = true;
    } catch (SQLException e) {
      throw new StoreException("closing the historian database failed", e);
    } finally {
      lock.unlock();
    }
  }

  private <T> T read(Query<T> query) {
    lock.lock();
    try {
      Database db = database();
      try {
        return query.run(db);
      } catch (SQLException e) {
        throw new StoreException("a historian query failed", e);
      }
    } finally {
      lock.unlock();
    }
  }

  private void discard(Database db) {
    database = null;
    try {
      db.close();
    } catch (SQLException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing the failed database", e);
    }
  }

  private interface Query<T> {
    T run(Database db) throws SQLException;
  }

  @Override
  public long rollUp(long fromMillis, long toMillis, long widthMillis) {
    return inTransaction(c -> Rollups.rollUp(c, fromMillis, toMillis, widthMillis));
  }

  @Override
  public OptionalLong rollupWatermark(long widthMillis) {
    return inTransaction(c -> Rollups.watermark(c, widthMillis));
  }

  @Override
  public OptionalLong oldestTimestamp() {
    return inTransaction(Retention::oldest);
  }

  @Override
  public long expireRaw(Map<String, Long> keepFromByTag) {
    return Retention.expireRaw(this::inTransaction, keepFromByTag);
  }

  @Override
  public long expireRollups(long beforeMillis) {
    return Rollups.expire(this::inTransaction, beforeMillis);
  }

  /** One step of retention or rollup work: under the lock, one transaction. */
  private <T> T inTransaction(InTransaction.Work<T> work) {
    return read(db -> InTransaction.run(db.connection(), work));
  }
}
