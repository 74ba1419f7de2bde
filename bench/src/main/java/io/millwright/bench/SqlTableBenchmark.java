package io.millwright.bench;

import io.millwright.connect.MachineLink;
import io.millwright.connect.sql.SqlConnector;
import io.millwright.connect.sql.SqlConnectorFactory;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Value;
import io.millwright.uns.sparkplug.edge.TagSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * SQL-table connector throughput (issue 12): a private PostgreSQL server holds a results table of N
 * rows (default 100,000) with ten result columns, as a CMM or test bench database would; the
 * connector reads it from the beginning, a batch at a time after its id watermark, into a link that
 * counts. Prints the time to read every row, rows/s and samples/s, once per batch size, and checks
 * that every row arrived once and in order.
 *
 * <pre>bench/sql.sh [--rows 100000] [--batch 1000,10000]</pre>
 */
public final class SqlTableBenchmark {

  private static final String TABLE = "results";

  /** The ten result columns: name, SQL type, tag type. */
  private record Column(String name, String sqlType, DataType type) {}

  private static final List<Column> COLUMNS =
      List.of(
          new Column("made_at", "TIMESTAMPTZ(6) NOT NULL", null),
          new Column("serial", "TEXT", DataType.STRING),
          new Column("cycles", "BIGINT", DataType.INT64),
          new Column("diameter", "DOUBLE PRECISION", DataType.FLOAT64),
          new Column("length", "DOUBLE PRECISION", DataType.FLOAT64),
          new Column("width", "DOUBLE PRECISION", DataType.FLOAT64),
          new Column("temperature", "REAL", DataType.FLOAT32),
          new Column("pressure", "DOUBLE PRECISION", DataType.FLOAT64),
          new Column("passed", "BOOLEAN", DataType.BOOL),
          new Column("program", "INTEGER", DataType.INT32),
          new Column("operator", "TEXT", DataType.STRING));

  private SqlTableBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rows = 100_000;
    List<Integer> batches = List.of(1000, 10_000);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rows" -> rows = Integer.parseInt(args[++i]);
        case "--batch" ->
            batches =
                Stream.of(args[++i].split(",")).map(String::strip).map(Integer::valueOf).toList();
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Path dir = Files.createTempDirectory("millwright-sql-bench");
    try (PostgresPeer postgres = PostgresPeer.start(dir)) {
      System.out.printf(Locale.ROOT, "PostgreSQL %s on loopback%n", postgres.version());
      long fillStart = System.nanoTime();
      fill(postgres, rows);
      System.out.printf(
          Locale.ROOT,
          "filled %,d rows x %d result columns and a timestamp in %.1f s%n",
          rows,
          COLUMNS.size() - 1,
          seconds(System.nanoTime() - fillStart));
      for (int batch : batches) {
        read(postgres, rows, batch, Files.createTempDirectory(dir, "state"));
      }
    }
  }

  private static void fill(PostgresPeer postgres, int rows) throws SQLException {
    StringBuilder ddl =
        new StringBuilder("CREATE TABLE " + TABLE + " (id BIGINT GENERATED ALWAYS AS IDENTITY");
    StringBuilder names = new StringBuilder();
    StringBuilder marks = new StringBuilder();
    for (Column c : COLUMNS) {
      ddl.append(", ").append(c.name()).append(' ').append(c.sqlType());
      names.append(names.isEmpty() ? "" : ", ").append(c.name());
      marks.append(marks.isEmpty() ? "?" : ", ?");
    }
    ddl.append(", PRIMARY KEY (id))");
    // Rewritten into multi-row INSERTs by the driver: the fill is not what is measured.
    try (Connection c =
        DriverManager.getConnection(
            postgres.url() + "?reWriteBatchedInserts=true", postgres.user(), postgres.password())) {
      try (Statement s = c.createStatement()) {
        s.execute(ddl.toString());
      }
      c.setAutoCommit(false);
      OffsetDateTime t0 = OffsetDateTime.of(2026, 11, 23, 6, 0, 0, 0, ZoneOffset.UTC);
      try (PreparedStatement p =
          c.prepareStatement("INSERT INTO " + TABLE + " (" + names + ") VALUES (" + marks + ")")) {
        for (int i = 1; i <= rows; i++) {
          p.setObject(1, t0.plusNanos(i * 250_000_000L));
          p.setString(2, "SN-" + (1_000_000 + i));
          p.setLong(3, i);
          p.setDouble(4, 42.0 + (i % 100) / 1000.0);
          p.setDouble(5, 120.0 + (i % 37) / 100.0);
          p.setDouble(6, 80.0 + (i % 53) / 100.0);
          p.setFloat(7, 21.5f + (i % 10) / 10f);
          p.setDouble(8, 6.0 + (i % 7) / 10.0);
          p.setBoolean(9, i % 50 != 0);
          p.setInt(10, 100 + i % 4);
          p.setString(11, "op-" + (i % 12));
          p.addBatch();
          if (i % 5000 == 0 || i == rows) {
            p.executeBatch();
            c.commit();
          }
        }
      }
    }
  }

  private static void read(PostgresPeer postgres, int rows, int batch, Path state)
      throws InterruptedException {
    List<Tag> tags = new ArrayList<>();
    for (Column c : COLUMNS) {
      if (c.type() != null) {
        tags.add(Tag.of("result/" + c.name(), c.name(), c.type()));
      }
    }
    Map<String, String> options = new HashMap<>();
    options.put("table", TABLE);
    options.put("watermark", "id");
    options.put("timestamp", "made_at");
    options.put("batchSize", Integer.toString(batch));
    options.put("user", postgres.user());
    options.put("password", postgres.password());
    MachineDefinition machine =
        new MachineDefinition(
            "cmm-bench",
            "CMM benchmark",
            "quality",
            "lab",
            Protocol.SQL,
            postgres.url(),
            options,
            Duration.ofMillis(100),
            tags);
    CountingLink link = new CountingLink(rows);
    long start = System.nanoTime();
    try (SqlConnector connector = new SqlConnectorFactory(state).create(machine)) {
      connector.start(link);
      if (!link.all.await(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException("only " + link.rows.get() + " rows arrived in 10 minutes");
      }
      long elapsed = System.nanoTime() - start;
      if (link.outOfOrder.get() > 0 || connector.stats().readErrors() > 0) {
        throw new IllegalStateException(
            link.outOfOrder.get()
                + " rows out of order or repeated, "
                + connector.stats().readErrors()
                + " read errors");
      }
      double s = seconds(elapsed);
      long samples = connector.stats().samples();
      System.out.printf(
          Locale.ROOT,
          "batchSize %,6d: %,d rows, %,d samples in %.2f s: %,.0f rows/s, %,.0f samples/s%n",
          batch,
          rows,
          samples,
          s,
          rows / s,
          samples / s);
    }
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  /** Counts rows by their cycles column, which is the row number: each once, in order. */
  private static final class CountingLink implements MachineLink {
    final CountDownLatch all = new CountDownLatch(1);
    final AtomicLong rows = new AtomicLong();
    final AtomicLong outOfOrder = new AtomicLong();
    private final long expected;

    CountingLink(long expected) {
      this.expected = expected;
    }

    @Override
    public void samples(List<TagSample> samples) {
      for (TagSample s : samples) {
        if (s.tag().equals("result/cycles")) {
          long row = rows.incrementAndGet();
          if (!s.sample().value().equals(Value.of(row))) {
            outOfOrder.incrementAndGet();
          }
          if (row == expected) {
            all.countDown();
          }
        }
      }
    }

    @Override
    public void connected() {}

    @Override
    public void disconnected(String reason) {
      System.err.println("disconnected: " + reason);
    }
  }
}
