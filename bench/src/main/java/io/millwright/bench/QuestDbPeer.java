package io.millwright.bench;

import io.millwright.historian.store.StoredSample;
import io.questdb.cairo.CairoConfiguration;
import io.questdb.cairo.CairoEngine;
import io.questdb.cairo.CommitMode;
import io.questdb.cairo.DefaultCairoConfiguration;
import io.questdb.cairo.TableWriter;
import io.questdb.cairo.security.AllowAllSecurityContext;
import io.questdb.cairo.sql.BindVariableService;
import io.questdb.cairo.sql.Record;
import io.questdb.cairo.sql.RecordCursor;
import io.questdb.cairo.sql.RecordCursorFactory;
import io.questdb.cairo.wal.ApplyWal2TableJob;
import io.questdb.cairo.wal.WalPurgeJob;
import io.questdb.cairo.wal.WalWriter;
import io.questdb.griffin.SqlException;
import io.questdb.griffin.SqlExecutionContextImpl;
import io.questdb.griffin.engine.functions.bind.BindVariableServiceImpl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * QuestDB embedded in this JVM, through its documented embedded path: a WAL table written with a
 * {@link WalWriter}, the WAL applied to the table by an {@link ApplyWal2TableJob} that this thread
 * drives (a server runs it on worker threads), SQL compiled once per query shape with bind
 * variables.
 */
final class QuestDbPeer implements HistorianPeer {

  // Hourly partitions: 10,000 tags every 10 s is 3.6M rows an hour. DEDUP keeps a repeated tag
  // and timestamp once, as the historian requires. The symbol index serves the per-tag queries:
  // at 360 steps, 1 h of 100 tags took ~16 ms with it and ~250 ms without, for ~12 bytes/sample.
  private static final String CREATE =
      "CREATE TABLE samples (ts TIMESTAMP, tag SYMBOL CAPACITY 16384 INDEX, value DOUBLE)"
          + " TIMESTAMP(ts) PARTITION BY HOUR WAL DEDUP UPSERT KEYS(ts, tag)";
  private static final String LATEST =
      "SELECT ts, tag, value FROM samples LATEST ON ts PARTITION BY tag";
  private static final String RAW =
      "SELECT ts, value FROM samples WHERE tag = $1 AND ts >= $2 AND ts < $3";

  private final Path root;
  private final boolean syncCommits;
  private final CairoEngine engine;
  private final SqlExecutionContextImpl context;
  private final WalWriter writer;
  private final ApplyWal2TableJob apply;
  private final Map<String, RecordCursorFactory> compiled = new HashMap<>();
  private long applyNanos;

  private QuestDbPeer(Path root, boolean syncCommits) throws SqlException {
    this.root = root;
    this.syncCommits = syncCommits;
    int commitMode = syncCommits ? CommitMode.SYNC : CommitMode.NOSYNC;
    CairoConfiguration configuration =
        new DefaultCairoConfiguration(root.toString()) {
          @Override
          public int getCommitMode() {
            return commitMode;
          }
        };
    this.engine = new CairoEngine(configuration);
    this.context =
        new SqlExecutionContextImpl(engine, 1)
            .with(AllowAllSecurityContext.INSTANCE, new BindVariableServiceImpl(configuration));
    engine.execute(CREATE, context);
    this.writer = engine.getWalWriter(engine.verifyTableName("samples"));
    this.apply = new ApplyWal2TableJob(engine, 1);
  }

  /**
   * @param syncCommits cairo.commit.mode=sync: each commit fsyncs the WAL before it returns;
   *     QuestDB's default (nosync) leaves writing the pages out to the OS
   */
  static QuestDbPeer open(Path directory, boolean syncCommits) throws IOException {
    Path root = Files.createDirectories(directory.resolve("questdb"));
    try {
      return new QuestDbPeer(root, syncCommits);
    } catch (SqlException e) {
      throw new IOException(e);
    }
  }

  @Override
  public String name() {
    return "QuestDB " + CairoEngine.class.getPackage().getImplementationVersion() + " embedded";
  }

  @Override
  public String ack() {
    return (syncCommits
            ? "durable: WAL commit fsynced (cairo.commit.mode=sync)"
            : "WAL commit without fsync (cairo.commit.mode=nosync, the default): survives a kill"
                + " of the process, not a power loss")
        + "; each batch applied to the table (dedup) before the next";
  }

  @Override
  public void append(List<StoredSample> batch) {
    for (StoredSample sample : batch) {
      TableWriter.Row row = writer.newRow(sample.timestamp() * 1000);
      row.putSym(1, sample.tag());
      row.putDouble(2, sample.value().asDouble());
      row.append();
    }
    writer.commit();
    long committed = System.nanoTime();
    apply.drain(0);
    applyNanos += System.nanoTime() - committed;
  }

  /** Applied WAL segments are deleted by the purge job (every 30 s in a server); run it now. */
  @Override
  public String flush() {
    long started = System.nanoTime();
    apply.drain(0);
    try (WalPurgeJob purge = new WalPurgeJob(engine)) {
      purge.drain(0);
    }
    return "WAL applied and purged, %.1f s; applying the WAL took %.2f s of the appends so far"
        .formatted((System.nanoTime() - started) / 1e9, applyNanos / 1e9);
  }

  @Override
  public long diskBytes() throws IOException {
    return DiskUsage.bytes(root);
  }

  /**
   * The latest of every tag, then the prefix: a LIKE filter inside LATEST ON scans the rows
   * backwards (0.5 s at 360 steps), whereas the unfiltered form takes the latest-by fast path.
   */
  @Override
  public int latest(String prefix) throws IOException {
    String sql =
        prefix.isEmpty()
            ? LATEST
            : "SELECT * FROM (" + LATEST + ") WHERE tag LIKE '" + prefix + "%'";
    return rows(sql, null, 0, 0);
  }

  @Override
  public int aggregate(String tag, long fromMillis, long toMillis, long bucketMillis)
      throws IOException {
    return rows(
        "SELECT ts, count(), min(value), max(value), avg(value), last(value) FROM samples"
            + " WHERE tag = $1 AND ts >= $2 AND ts < $3 SAMPLE BY "
            + bucketMillis
            + "T",
        tag,
        fromMillis,
        toMillis);
  }

  @Override
  public int raw(String tag, long fromMillis, long toMillis) throws IOException {
    return rows(RAW, tag, fromMillis, toMillis);
  }

  /**
   * Converts every partition but the newest (which QuestDB keeps native for writes) to Parquet and
   * returns the bytes on disk after.
   */
  long convertToParquet(long beforeMillis) throws IOException {
    try {
      engine.execute(
          "ALTER TABLE samples CONVERT PARTITION TO PARQUET WHERE ts < " + beforeMillis * 1000,
          context);
    } catch (SqlException e) {
      throw new IOException(e);
    }
    flush();
    return diskBytes();
  }

  @Override
  public long pid() {
    return ProcessHandle.current().pid();
  }

  @Override
  public void close() {
    compiled.values().forEach(RecordCursorFactory::close);
    apply.close();
    writer.close();
    engine.close();
  }

  /** Runs the query, compiled on first use, with the tag and the range in microseconds bound. */
  private int rows(String sql, String tag, long fromMillis, long toMillis) throws IOException {
    try {
      BindVariableService binds = context.getBindVariableService();
      if (tag != null) {
        binds.setStr(0, tag);
        binds.setTimestamp(1, fromMillis * 1000);
        binds.setTimestamp(2, toMillis * 1000);
      }
      RecordCursorFactory factory = compiled.get(sql);
      if (factory == null) {
        factory = engine.select(sql, context);
        compiled.put(sql, factory);
      }
      int rows = 0;
      try (RecordCursor cursor = factory.getCursor(context)) {
        Record record = cursor.getRecord();
        while (cursor.hasNext()) {
          // Read what a caller would, so that lazily read columns are paid for.
          record.getTimestamp(0);
          record.getDouble(factory.getMetadata().getColumnCount() - 1);
          rows++;
        }
      }
      return rows;
    } catch (SqlException e) {
      throw new IOException(sql, e);
    }
  }
}
