package io.millwright.connect.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The machine's results table on one connection: checked against the definition when connecting,
 * then read a batch at a time after the watermark, oldest row first.
 */
final class ResultsTable implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(ResultsTable.class.getName());

  /** The first batch ever, the batches after a watermark, and the newest watermark. */
  private record Queries(String first, String after, String latest) {}

  private final WatermarkType watermarkType;
  private final Optional<WatermarkType> timeType;
  private final List<SqlTag> tags;
  private final int batchSize;
  private final ZoneId timeZone;
  private final PreparedStatement first;
  private final PreparedStatement after;
  private final String latestSql;
  private final Connection connection;
  private final int timeoutSeconds;

  private ResultsTable(
      Connection connection,
      WatermarkType watermarkType,
      Optional<WatermarkType> timeType,
      List<SqlTag> tags,
      SqlOptions options,
      Queries sql)
      throws SQLException {
    this.connection = connection;
    this.watermarkType = watermarkType;
    this.timeType = timeType;
    this.tags = List.copyOf(tags);
    this.batchSize = options.batchSize();
    this.timeZone = options.timeZone();
    this.timeoutSeconds = options.timeoutSeconds();
    this.latestSql = sql.latest();
    this.first = connection.prepareStatement(sql.first());
    try {
      this.after = connection.prepareStatement(sql.after());
    } catch (SQLException e) {
      first.close();
      throw e;
    }
    for (PreparedStatement p : List.of(first, after)) {
      p.setQueryTimeout(timeoutSeconds);
      p.setFetchSize(batchSize);
    }
  }

  /**
   * Checks the table against the definition and prepares the queries.
   *
   * @param tags every tag of the machine; read-only tags must be columns, writable tags are read
   *     back when the table has their column and are write-only otherwise
   * @throws SchemaProblem when the table or a column is missing or of the wrong type
   */
  static ResultsTable open(Connection connection, SqlOptions options, List<SqlTag> tags)
      throws SQLException, SchemaProblem {
    TableColumns table = TableColumns.probe(connection, options.table(), options.timeoutSeconds());
    TableColumns.Column watermark = table.require(options.watermark(), "the watermark");
    if (watermark.orderable().isEmpty()) {
      throw new SchemaProblem(
          "the watermark column "
              + watermark.name()
              + " is "
              + watermark.typeName()
              + "; it must be a whole number or a timestamp");
    }
    StringBuilder columns = new StringBuilder(table.quoted(watermark));
    Optional<WatermarkType> timeType = Optional.empty();
    if (options.timestamp().isPresent()) {
      TableColumns.Column time = table.require(options.timestamp().get(), "the row timestamp");
      timeType = time.orderable().filter(t -> t != WatermarkType.NUMBER);
      if (timeType.isEmpty()) {
        throw new SchemaProblem(
            "the timestamp column " + time.name() + " is " + time.typeName() + ", not a timestamp");
      }
      columns.append(", ").append(table.quoted(time));
    }
    List<SqlTag> read = new ArrayList<>();
    for (SqlTag tag : tags) {
      Optional<TableColumns.Column> column = table.find(tag.column());
      if (column.isPresent()) {
        read.add(tag);
        columns.append(", ").append(table.quoted(column.get()));
      } else if (tag.tag().writable()) {
        LOG.log(
            System.Logger.Level.INFO,
            "{0} has no column {1}: the writable tag {2} is written but not read back",
            table.table(),
            tag.column(),
            tag.name());
      } else {
        table.require(tag.column(), "tag " + tag.name());
      }
    }
    String from = table.table().quoted(table.quote());
    String wm = table.quoted(watermark);
    String select = "SELECT " + columns + " FROM " + from;
    String order = " ORDER BY " + wm + " LIMIT ?";
    return new ResultsTable(
        connection,
        watermark.orderable().get(),
        timeType,
        read,
        options,
        new Queries(
            select + " WHERE " + wm + " IS NOT NULL" + order,
            select + " WHERE " + wm + " > ?" + order,
            "SELECT MAX(" + wm + ") FROM " + from));
  }

  WatermarkType watermarkType() {
    return watermarkType;
  }

  /** The tags read from the table, in the order of {@link ResultRow#cells()}. */
  List<SqlTag> tags() {
    return tags;
  }

  /** The watermark of the newest row, empty for an empty table. */
  Optional<Watermark> latest() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.setQueryTimeout(timeoutSeconds);
      try (ResultSet rs = s.executeQuery(latestSql)) {
        Object value = rs.next() ? watermarkType.read(rs, 1) : null;
        return Optional.ofNullable(value).map(v -> new Watermark(watermarkType, v));
      }
    }
  }

  /**
   * The next rows after the watermark (from the first row when empty), oldest first, at most a
   * batch; trailing rows that share a watermark value with rows beyond the batch are left for the
   * next call.
   */
  List<ResultRow> next(Optional<Watermark> watermark) throws SQLException {
    PreparedStatement query;
    if (watermark.isPresent()) {
      query = after;
      watermarkType.bind(query, 1, watermark.get().value());
      query.setInt(2, batchSize);
    } else {
      query = first;
      query.setInt(1, batchSize);
    }
    List<ResultRow> rows = new ArrayList<>();
    long readAt = System.currentTimeMillis();
    int firstTag = timeType.isPresent() ? 3 : 2;
    try (ResultSet rs = query.executeQuery()) {
      while (rs.next()) {
        Object position = watermarkType.read(rs, 1);
        long time = timeType.isPresent() ? millis(timeType.get().read(rs, 2), readAt) : readAt;
        Object[] cells = new Object[tags.size()];
        for (int i = 0; i < cells.length; i++) {
          cells[i] = rs.getObject(firstTag + i);
        }
        rows.add(new ResultRow(new Watermark(watermarkType, position), time, cells));
      }
    }
    return ResultRow.deliverable(rows, batchSize);
  }

  /** A row without its own time (NULL) is stamped with the time it was read. */
  private long millis(Object time, long readAt) {
    return switch (time) {
      case LocalDateTime t -> t.atZone(timeZone).toInstant().toEpochMilli();
      case OffsetDateTime t -> t.toInstant().toEpochMilli();
      case null, default -> readAt;
    };
  }

  @Override
  public void close() {
    for (PreparedStatement p : List.of(first, after)) {
      try {
        p.close();
      } catch (SQLException e) {
        // The connection is being dropped anyway.
        LOG.log(System.Logger.Level.DEBUG, "closing a statement", e);
      }
    }
  }
}
