package io.millwright.historian.duckdb;

import io.millwright.core.sample.Quality;
import io.millwright.historian.store.StoredSample;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Appends a batch in one transaction: new dictionary entries and the sample rows, into the inbox in
 * arrival order. All rows go through DuckDB's Appender, which is orders of magnitude faster than
 * JDBC batches. The newest sample per tag goes to memory only after the commit; it reaches the
 * database with the next compaction's snapshot (and is rebuilt from the inbox after a crash).
 */
final class Writer {

  private final DuckDBConnection connection;
  private final Dictionary<String> tags;
  private final Dictionary<Quality> qualities;
  private final LatestCache latest;

  /** Tag ids of the batch, reused between batches so that a sample costs no allocation here. */
  private int[] tagIds = new int[0];

  Writer(
      DuckDBConnection connection,
      Dictionary<String> tags,
      Dictionary<Quality> qualities,
      LatestCache latest) {
    this.connection = connection;
    this.tags = tags;
    this.qualities = qualities;
    this.latest = latest;
  }

  void append(List<StoredSample> samples) throws SQLException {
    int count = samples.size();
    if (tagIds.length < count) {
      tagIds = new int[count];
    }
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
    for (int i = 0; i < count; i++) {
      latest.offer(tagIds[i], samples.get(i));
    }
  }

  private void write(List<StoredSample> samples) throws SQLException {
    int count = samples.size();
    try (DuckDBAppender rows = connection.createAppender(Schema.INBOX)) {
      for (int i = 0; i < count; i++) {
        StoredSample sample = samples.get(i);
        int tag = tags.codeOf(sample.tag());
        tagIds[i] = tag;
        appendRow(rows, tag, sample, qualityCode(qualities, sample.quality()));
      }
    }
    // After the rows: the dictionaries' pending codes are the ones this batch handed out.
    writeDictionaries();
  }

  static int qualityCode(Dictionary<Quality> qualities, Quality quality) {
    return quality.isGood() ? Database.GOOD : qualities.codeOf(quality);
  }

  /** One row in {@link Schema#SAMPLE_COLUMNS} order. */
  static void appendRow(DuckDBAppender rows, int tag, StoredSample sample, int quality)
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
