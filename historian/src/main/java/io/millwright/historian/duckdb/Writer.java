package io.millwright.historian.duckdb;

import io.millwright.core.sample.Quality;
import io.millwright.historian.store.StoredSample;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Appends a batch in one transaction: new dictionary entries, the sample rows, and the batch's
 * newest sample per tag merged into {@code latest}. All rows go through DuckDB's Appender, which is
 * orders of magnitude faster than JDBC batches.
 */
final class Writer {

  private static final String MERGE_LATEST =
      "INSERT INTO latest SELECT * FROM latest_stage ON CONFLICT (tag) DO UPDATE SET"
          + " ts = excluded.ts, kind = excluded.kind, d = excluded.d, l = excluded.l,"
          + " s = excluded.s, q = excluded.q WHERE excluded.ts > latest.ts";

  private final DuckDBConnection connection;
  private final Dictionary<String> tags;
  private final Dictionary<Quality> qualities;

  Writer(DuckDBConnection connection, Dictionary<String> tags, Dictionary<Quality> qualities) {
    this.connection = connection;
    this.tags = tags;
    this.qualities = qualities;
  }

  void append(List<StoredSample> samples) throws SQLException {
    try {
      write(samples);
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      tags.rollback();
      qualities.rollback();
      try {
        connection.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    }
    tags.commit();
    qualities.commit();
  }

  private void write(List<StoredSample> samples) throws SQLException {
    int[] tagIds = new int[samples.size()];
    int[] codes = new int[samples.size()];
    Map<Integer, StoredSample> newest = new HashMap<>();
    for (int i = 0; i < tagIds.length; i++) {
      StoredSample sample = samples.get(i);
      tagIds[i] = tags.codeOf(sample.tag());
      codes[i] = sample.quality().isGood() ? Database.GOOD : qualities.codeOf(sample.quality());
      newest.merge(tagIds[i], sample, (a, b) -> b.timestamp() > a.timestamp() ? b : a);
    }
    writeDictionaries();
    try (DuckDBAppender rows = connection.createAppender(Schema.SAMPLES)) {
      for (int i = 0; i < tagIds.length; i++) {
        appendRow(rows, tagIds[i], samples.get(i), codes[i]);
      }
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("DELETE FROM latest_stage");
    }
    try (DuckDBAppender rows = connection.createAppender(Schema.LATEST_STAGE)) {
      for (Map.Entry<Integer, StoredSample> entry : newest.entrySet()) {
        StoredSample sample = entry.getValue();
        int code = sample.quality().isGood() ? Database.GOOD : qualities.codeOf(sample.quality());
        appendRow(rows, entry.getKey(), sample, code);
      }
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute(MERGE_LATEST);
    }
  }

  private static void appendRow(DuckDBAppender rows, int tag, StoredSample sample, int quality)
      throws SQLException {
    rows.beginRow().append(tag).append(sample.timestamp());
    ValueColumns.append(rows, sample.value());
    rows.append(quality).endRow();
  }

  private void writeDictionaries() throws SQLException {
    if (!tags.pending().isEmpty()) {
      try (DuckDBAppender rows = connection.createAppender(Schema.TAGS)) {
        for (Map.Entry<String, Integer> entry : tags.pending().entrySet()) {
          rows.beginRow().append(entry.getValue().intValue()).append(entry.getKey()).endRow();
        }
      }
    }
    if (!qualities.pending().isEmpty()) {
      try (DuckDBAppender rows = connection.createAppender(Schema.QUALITIES)) {
        for (Map.Entry<Quality, Integer> entry : qualities.pending().entrySet()) {
          rows.beginRow()
              .append(entry.getValue().intValue())
              .append((byte) entry.getKey().severity().ordinal())
              .append(entry.getKey().reason())
              .endRow();
        }
      }
    }
  }
}
