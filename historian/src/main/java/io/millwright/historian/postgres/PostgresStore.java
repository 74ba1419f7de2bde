package io.millwright.historian.postgres;

import io.millwright.historian.store.Bucket;
import io.millwright.historian.store.SampleStore;
import io.millwright.historian.store.StoreException;
import io.millwright.historian.store.StoredSample;
import io.millwright.historian.store.TagFilter;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.postgresql.PGConnection;

/**
 * Samples in PostgreSQL (see {@link Schema} for the tables). A batch is copied into a temporary
 * staging table and moved into the samples table with {@code ON CONFLICT DO NOTHING} in one
 * transaction, so a resent reading is kept once and a failed batch leaves nothing. {@link #append}
 * returns after the commit, which with {@code synchronous_commit} on and the server's fsync (its
 * default) is durable. A lost connection fails the call with a {@link StoreException}; the next
 * call connects again.
 */
public final class PostgresStore implements SampleStore {

  private static final String STAGE = "historian_stage";
  private static final int LATEST_CHUNK = 1000;

  private final Schema schema;
  private final Tags tags;
  private final Partitions partitions;
  private final Queries queries;
  private final Connector connector;
  private final Rollups rollups;
  private final Retention retention;

  private PostgresStore(String url, String user, String password, String schemaName) {
    schema = new Schema(schemaName);
    tags = new Tags(schema);
    partitions = new Partitions(schema);
    queries = new Queries(schema);
    connector = new Connector(url, user, password, this::prepare);
    rollups = new Rollups(schema);
    retention = new Retention(schema, partitions, connector);
  }

  /**
   * Connects, creating the schema and its tables when absent.
   *
   * @param url a JDBC URL, {@code jdbc:postgresql://host:5432/database}
   * @param schema the PostgreSQL schema holding the historian's tables
   * @throws StoreException when the database cannot be reached or the tables not created
   */
  public static PostgresStore open(String url, String user, String password, String schema) {
    PostgresStore store = new PostgresStore(url, user, password, schema);
    store.connector.transaction("connecting", c -> null);
    return store;
  }

  /** Every new connection re-checks the tables, since the database may have been recreated. */
  private Void prepare(Connection c) throws SQLException {
    schema.create(c);
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TEMPORARY TABLE IF NOT EXISTS "
              + STAGE
              + " (tag_id integer, ts bigint, kind smallint, severity smallint,"
              + " num double precision, lng bigint, txt text, reason text) ON COMMIT DELETE ROWS");
    }
    tags.forget();
    partitions.reload(c);
    return null;
  }

  @Override
  public void append(List<StoredSample> samples) {
    if (samples.isEmpty()) {
      return;
    }
    Set<Long> days = partitions.missing(samples);
    if (!days.isEmpty()) {
      connector.transaction(
          "creating partitions",
          c -> {
            partitions.create(c, days);
            return null;
          });
      partitions.created(days);
    }
    tags.remember(connector.transaction("appending samples", c -> write(c, samples)));
  }

  private Map<String, Integer> write(Connection c, List<StoredSample> samples) throws SQLException {
    Set<String> paths = new LinkedHashSet<>();
    for (StoredSample s : samples) {
      paths.add(s.tag());
    }
    Map<String, Integer> ids = tags.resolve(c, paths);
    CopyText rows = new CopyText(samples.size());
    for (StoredSample s : samples) {
      rows.add(ids.get(s.tag()), s);
    }
    try {
      c.unwrap(PGConnection.class)
          .getCopyAPI()
          .copyIn("COPY " + STAGE + " FROM STDIN", new StringReader(rows.rows()));
    } catch (IOException e) {
      throw new SQLException("copying the batch", e);
    }
    try (Statement s = c.createStatement()) {
      s.executeUpdate(
          "INSERT INTO "
              + schema.sample()
              + " (ts, tag_id, kind, severity, num, lng, txt, reason)"
              + " SELECT ts, tag_id, kind, severity, num, lng, txt, reason FROM "
              + STAGE
              + " ON CONFLICT DO NOTHING");
    }
    return ids;
  }

  @Override
  public List<StoredSample> latest(String tagFilter, int limit) {
    TagFilter filter = TagFilter.parse(tagFilter);
    return connector.transaction(
        "reading the latest samples",
        c -> {
          List<Tags.Tag> matching = tags.matching(c, filter);
          List<StoredSample> latest = new ArrayList<>();
          for (int i = 0; i < matching.size() && latest.size() < limit; i += LATEST_CHUNK) {
            List<Tags.Tag> chunk = matching.subList(i, Math.min(matching.size(), i + LATEST_CHUNK));
            for (StoredSample s : queries.latest(c, chunk)) {
              if (latest.size() < limit) {
                latest.add(s);
              }
            }
          }
          return latest;
        });
  }

  @Override
  public List<StoredSample> raw(String tag, long fromMillis, long toMillis, int limit) {
    if (fromMillis >= toMillis || limit <= 0) {
      return List.of();
    }
    return connector.transaction(
        "reading raw samples",
        c -> {
          Integer id = tags.id(c, tag);
          return id == null ? List.of() : queries.raw(c, id, tag, fromMillis, toMillis, limit);
        });
  }

  @Override
  public List<Bucket> aggregate(String tag, long fromMillis, long toMillis, long bucketMillis) {
    if (bucketMillis <= 0) {
      throw new IllegalArgumentException("a bucket must be at least 1 ms wide");
    }
    if (fromMillis >= toMillis) {
      return List.of();
    }
    return connector.transaction(
        "aggregating samples",
        c -> {
          Integer id = tags.id(c, tag);
          if (id == null) {
            return List.of();
          }
          long keptFrom = retention.keptFrom(c, id);
          return rollups.aggregate(c, queries, id, keptFrom, fromMillis, toMillis, bucketMillis);
        });
  }

  @Override
  public List<String> tags(String tagFilter, int limit) {
    TagFilter filter = TagFilter.parse(tagFilter);
    return connector.transaction(
        "listing tags",
        c ->
            tags.matching(c, filter).stream()
                .map(Tags.Tag::path)
                .limit(Math.max(0, limit))
                .toList());
  }

  @Override
  public long diskBytes() {
    return connector.transaction("measuring the tables", schema::diskBytes);
  }

  @Override
  public long rollUp(long fromMillis, long toMillis, long widthMillis) {
    return connector.transaction(
        "computing rollups", c -> rollups.rollUp(c, fromMillis, toMillis, widthMillis));
  }

  @Override
  public OptionalLong rollupWatermark(long widthMillis) {
    return connector.transaction(
        "reading the rollup watermark", c -> rollups.watermark(c, widthMillis));
  }

  @Override
  public OptionalLong oldestTimestamp() {
    return connector.transaction("finding the oldest sample", retention::oldest);
  }

  @Override
  public long expireRaw(Map<String, Long> keepFromByTag) {
    return retention.expireRaw(keepFromByTag);
  }

  @Override
  public long expireRollups(long beforeMillis) {
    long deleted = 0;
    int chunk;
    do {
      chunk = connector.transaction("expiring rollups", c -> rollups.expireChunk(c, beforeMillis));
      deleted += chunk;
    } while (!Rollups.lastChunk(chunk));
    return deleted;
  }

  @Override
  public void close() {
    connector.close();
  }
}
