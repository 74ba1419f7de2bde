package io.millwright.connect.sql;

import io.millwright.connect.ConnectorCounters;
import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.uns.sparkplug.edge.TagSample;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns result rows into samples, one per tag and row, stamped with the row's time. A cell that
 * does not fit its tag gives a Bad sample carrying the tag's last good value, and is counted; the
 * rest of the row is unaffected. Used from the connector's scheduler thread only.
 */
final class RowSamples {

  private static final System.Logger LOG = System.getLogger(RowSamples.class.getName());

  private final String machineId;
  private final List<SqlTag> tags;
  private final SqlIdentifier watermark;
  private final ConnectorCounters counters;
  private final Value[] lastValues;
  private final Set<String> warnedTags = new HashSet<>();

  RowSamples(
      String machineId, List<SqlTag> tags, SqlIdentifier watermark, ConnectorCounters counters) {
    this.machineId = machineId;
    this.tags = List.copyOf(tags);
    this.watermark = watermark;
    this.counters = counters;
    this.lastValues = new Value[tags.size()];
    for (SqlTag t : tags) {
      lastValues[t.index()] = initial(t);
    }
  }

  /** What a Bad sample carries before the tag was ever read. */
  private static Value initial(SqlTag tag) {
    return switch (tag.tag().type().kind()) {
      case BOOLEAN -> Value.of(false);
      case LONG -> Value.of(0L);
      case DOUBLE -> Value.of(0.0);
      case STRING -> Value.of("");
    };
  }

  /** A new connection: a column still wrong is worth one more line in the log. */
  void reconnected() {
    warnedTags.clear();
  }

  /**
   * @param read the tags the rows' cells belong to, in cell order
   */
  List<TagSample> of(List<ResultRow> rows, List<SqlTag> read) {
    List<TagSample> out = new ArrayList<>(rows.size() * read.size());
    boolean good = false;
    for (ResultRow row : rows) {
      Object[] cells = row.cells();
      for (int i = 0; i < cells.length; i++) {
        SqlTag tag = read.get(i);
        Sample sample;
        try {
          Value value = CellDecoder.decode(tag.tag(), cells[i]);
          lastValues[tag.index()] = value;
          sample = Sample.good(row.timeMillis(), value);
          good = true;
        } catch (BadCell e) {
          sample = new Sample(row.timeMillis(), lastValues[tag.index()], e.quality());
          badCell(tag, row, e);
        }
        out.add(new TagSample(tag.name(), sample));
      }
    }
    if (good) {
      counters.goodRead(System.currentTimeMillis());
    }
    return out;
  }

  /** Every tag Bad with the same reason, at the given time, carrying its last good value. */
  List<TagSample> allBad(Quality quality, long epochMillis) {
    List<TagSample> bad = new ArrayList<>(tags.size());
    for (SqlTag t : tags) {
      bad.add(new TagSample(t.name(), new Sample(epochMillis, lastValues[t.index()], quality)));
    }
    return bad;
  }

  private void badCell(SqlTag tag, ResultRow row, BadCell e) {
    counters.readError();
    String detail =
        "row "
            + watermark
            + "="
            + row.watermark()
            + ", column "
            + tag.column()
            + " (tag "
            + tag.name()
            + "): "
            + e.getMessage();
    counters.error(detail);
    // Once per tag and connection: a column that is always wrong must not flood the log.
    if (warnedTags.add(tag.name())) {
      LOG.log(System.Logger.Level.WARNING, "{0}: {1}", machineId, detail);
    }
  }
}
