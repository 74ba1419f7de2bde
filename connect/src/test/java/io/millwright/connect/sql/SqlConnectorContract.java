package io.millwright.connect.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millwright.connect.LinkStatus;
import io.millwright.connect.WriteException;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Scale;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the SQL connector promises, against a real database server; one subclass per database. Every
 * test uses tables of its own, so the order of the tests does not matter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SqlConnectorContract {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final AtomicInteger TABLES = new AtomicInteger();

  private SqlDatabase db;

  @TempDir Path state;

  /** Starts the server; the test is skipped when it is not installed. */
  abstract SqlDatabase startDatabase() throws Exception;

  @BeforeAll
  void start() throws Exception {
    db = startDatabase();
  }

  @AfterAll
  void stop() throws Exception {
    if (db != null) {
      db.close();
    }
  }

  private static final List<Tag> RESULT_TAGS =
      List.of(
          Tag.of("part/serial", "serial", DataType.STRING),
          Tag.of("counts/cycles", "cycles", DataType.INT32),
          Tag.of("measure/diameter", "diameter", DataType.FLOAT64),
          Tag.of("measure/passed", "passed", DataType.BOOL));

  private static String table(String prefix) {
    return prefix + "_" + TABLES.incrementAndGet();
  }

  SqlDatabase database() {
    return db;
  }

  private MachineDefinition machine(String id, Map<String, String> options, List<Tag> tags) {
    Map<String, String> all = new HashMap<>(options);
    all.put("user", db.user());
    all.put("password", db.password());
    return new MachineDefinition(
        id, id, "quality", "lab", Protocol.SQL, db.url(), all, Duration.ofMillis(50), tags);
  }

  SqlConnector connector(String id, Map<String, String> options, List<Tag> tags) {
    return new SqlConnectorFactory(state).create(machine(id, options, tags));
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** Inserts result rows serial {@code from} to {@code to}; cycles holds the serial number. */
  private void insertRows(String table, int from, int to) throws SQLException {
    try (Connection c = db.connect();
        PreparedStatement p =
            c.prepareStatement(
                "INSERT INTO "
                    + table
                    + " (made_at, serial, cycles, diameter, passed) VALUES (?, ?, ?, ?, ?)")) {
      for (int i = from; i <= to; i++) {
        p.setObject(1, madeAt(i));
        p.setString(2, "S" + i);
        p.setString(3, Integer.toString(i));
        p.setDouble(4, 10 + i / 1000.0);
        p.setBoolean(5, i % 2 == 0);
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  /** Row i's time: distinct microseconds apart, so that precision loss would show. */
  private static LocalDateTime madeAt(int i) {
    return LocalDateTime.of(2026, 11, 23, 6, 0).plusNanos(i * 1_001_000L);
  }

  private static List<String> serials(int from, int to) {
    List<String> s = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      s.add("S" + i);
    }
    return s;
  }

  @Test
  void readsNewRowsInOrderAfterTheIdWatermark() throws Exception {
    String t = table("results");
    execute(db.resultsTableById(t));
    insertRows(t, 1, 5);
    RecordingLink link = new RecordingLink();
    try (SqlConnector c =
        connector(
            "by-id",
            Map.of("table", t, "watermark", "id", "timestamp", "made_at", "batchSize", "2"),
            RESULT_TAGS)) {
      c.start(link);
      await().atMost(WAIT).until(() -> link.goodValues("part/serial").size() == 5);
      insertRows(t, 6, 8);
      await().atMost(WAIT).until(() -> link.goodValues("part/serial").size() == 8);

      assertThat(link.goodValues("part/serial")).isEqualTo(serials(1, 8));
      assertThat(link.of("counts/cycles").get(6).value()).isEqualTo(Value.of(7L));
      assertThat(link.of("measure/diameter").get(6).value()).isEqualTo(Value.of(10.007));
      assertThat(link.of("measure/passed").get(6).value()).isEqualTo(Value.of(false));
      // Each sample carries its row's own time.
      assertThat(link.of("part/serial").get(6).timestamp())
          .isEqualTo(madeAt(7).toInstant(ZoneOffset.UTC).toEpochMilli());
      assertThat(link.events).containsExactly("connected");
      assertThat(c.stats().samples()).isEqualTo(32);
      assertThat(c.stats().readErrors()).isZero();
      assertThat(c.stats().status()).isEqualTo(LinkStatus.CONNECTED);
    }
  }

  @Test
  void readsNewRowsInOrderAfterATimestampWatermark() throws Exception {
    String t = table("timed");
    execute(db.resultsTableByTime(t));
    insertRows(t, 1, 7);
    RecordingLink link = new RecordingLink();
    Map<String, String> options =
        Map.of("table", t, "watermark", "made_at", "timestamp", "made_at", "batchSize", "3");
    try (SqlConnector c = connector("by-time", options, RESULT_TAGS)) {
      c.start(link);
      await().atMost(WAIT).until(() -> link.goodValues("part/serial").size() == 7);
      insertRows(t, 8, 9);
      await().atMost(WAIT).until(() -> link.goodValues("part/serial").size() == 9);
      assertThat(link.goodValues("part/serial")).isEqualTo(serials(1, 9));
    }
  }

  @Test
  void aRestartMidStreamNeitherRepeatsNorSkipsARow() throws Exception {
    String t = table("restart");
    execute(db.resultsTableById(t));
    insertRows(t, 1, 3000);
    Map<String, String> options = Map.of("table", t, "watermark", "id", "batchSize", "100");
    List<String> received = new ArrayList<>();
    // 30 batches of 100 rows at 100 ms each: the connector is closed a few batches in, with
    // seconds to spare before the stream would end even on a busy machine.
    RecordingLink first = new RecordingLink(100);
    try (SqlConnector c = connector("restart", options, RESULT_TAGS)) {
      c.start(first);
      await().atMost(WAIT).until(() -> first.goodValues("part/serial").size() >= 500);
    }
    // Closed mid-stream: the batch under way was delivered and its watermark saved, or neither.
    received.addAll(first.goodValues("part/serial"));
    assertThat(received.size()).isLessThan(3000);
    insertRows(t, 3001, 3200);
    RecordingLink second = new RecordingLink();
    try (SqlConnector c = connector("restart", options, RESULT_TAGS)) {
      c.start(second);
      await()
          .atMost(WAIT)
          .until(() -> received.size() + second.goodValues("part/serial").size() >= 3200);
      // A row delivered twice would be the first run's last batch, read again before the rest.
    }
    received.addAll(second.goodValues("part/serial"));
    assertThat(received).isEqualTo(serials(1, 3200));
  }

  @Test
  void startingAtTheLatestRowSkipsTheHistoryOnlyOnce() throws Exception {
    String t = table("history");
    execute(db.resultsTableById(t));
    insertRows(t, 1, 50);
    Map<String, String> options = Map.of("table", t, "watermark", "id", "start", "latest");
    RecordingLink first = new RecordingLink();
    try (SqlConnector c = connector("history", options, RESULT_TAGS)) {
      c.start(first);
      await().atMost(WAIT).until(() -> first.events.contains("connected"));
      insertRows(t, 51, 52);
      await().atMost(WAIT).until(() -> first.goodValues("part/serial").size() == 2);
    }
    // Restarted, the saved watermark rules: rows added while stopped are not skipped.
    insertRows(t, 53, 54);
    RecordingLink second = new RecordingLink();
    try (SqlConnector c = connector("history", options, RESULT_TAGS)) {
      c.start(second);
      await().atMost(WAIT).until(() -> second.goodValues("part/serial").size() == 2);
    }
    assertThat(first.goodValues("part/serial")).isEqualTo(serials(51, 52));
    assertThat(second.goodValues("part/serial")).isEqualTo(serials(53, 54));
  }

  @Test
  void aCellThatDoesNotFitIsBadAndTheRowsGoOn() throws Exception {
    String t = table("garbled");
    execute(db.resultsTableById(t));
    insertRows(t, 1, 1);
    execute(
        "INSERT INTO "
            + t
            + " (serial, cycles, diameter, passed) VALUES ('S2', 'abc', 10.2, TRUE)");
    execute(
        "INSERT INTO " + t + " (serial, cycles, diameter, passed) VALUES ('S3', NULL, 10.3, TRUE)");
    insertRows(t, 4, 4);
    RecordingLink link = new RecordingLink();
    try (SqlConnector c =
        connector("garbled", Map.of("table", t, "watermark", "id"), RESULT_TAGS)) {
      c.start(link);
      await().atMost(WAIT).until(() -> link.of("counts/cycles").size() == 4);

      List<Sample> cycles = link.of("counts/cycles");
      assertThat(cycles.get(0))
          .extracting(Sample::value, Sample::quality)
          .containsExactly(Value.of(1L), Quality.GOOD);
      // Bad, carrying the last good value, with the reason.
      assertThat(cycles.get(1))
          .extracting(Sample::value, Sample::quality)
          .containsExactly(Value.of(1L), Quality.bad("Bad_TypeMismatch"));
      assertThat(cycles.get(2).quality()).isEqualTo(Quality.bad("Bad_NoData"));
      assertThat(cycles.get(3))
          .extracting(Sample::value, Sample::quality)
          .containsExactly(Value.of(4L), Quality.GOOD);
      // The rest of the bad rows is good.
      assertThat(link.goodValues("part/serial")).containsExactly("S1", "S2", "S3", "S4");
      assertThat(link.goodValues("measure/diameter")).contains("10.2", "10.3");
      assertThat(c.stats().readErrors()).isEqualTo(2);
      assertThat(c.stats().lastError())
          .isEqualTo("row id=3, column cycles (tag counts/cycles): is NULL");
      assertThat(c.stats().status()).isEqualTo(LinkStatus.CONNECTED);
    }
  }

  @Test
  void aMissingTableIsBadUntilItIsCreated() throws Exception {
    String t = table("later");
    RecordingLink link = new RecordingLink();
    try (SqlConnector c = connector("later", Map.of("table", t, "watermark", "id"), RESULT_TAGS)) {
      c.start(link);
      await()
          .atMost(WAIT)
          .until(() -> link.events.stream().anyMatch(e -> e.startsWith("disconnected")));
      assertThat(link.events.getFirst()).contains("table " + t + " does not exist");
      assertThat(link.of("part/serial"))
          .first()
          .extracting(Sample::quality)
          .isEqualTo(Quality.bad("Bad_ConfigurationError"));
      assertThat(c.stats().status()).isIn(LinkStatus.DISCONNECTED, LinkStatus.CONNECTING);

      execute(db.resultsTableById(t));
      insertRows(t, 1, 2);
      await().atMost(WAIT).until(() -> link.goodValues("part/serial").size() == 2);
      assertThat(link.events).last().isEqualTo("connected");
    }
  }

  @Test
  void columnNamesMatchIgnoringCaseWhenNotExact() throws Exception {
    String t = table("cased");
    execute(db.resultsTableById(t));
    insertRows(t, 1, 2);
    List<Tag> tags =
        List.of(
            Tag.of("part/serial", "Serial", DataType.STRING),
            Tag.of("counts/cycles", "CYCLES", DataType.INT32));
    RecordingLink link = new RecordingLink();
    try (SqlConnector c = connector("cased", Map.of("table", t, "watermark", "ID"), tags)) {
      c.start(link);
      await().atMost(WAIT).until(() -> link.goodValues("counts/cycles").size() == 2);
      assertThat(link.goodValues("part/serial")).isEqualTo(serials(1, 2));
    }
  }

  @Test
  void aMissingColumnNamesItAndWhatTheTableHas() throws Exception {
    String t = table("narrow");
    execute(db.resultsTableById(t));
    List<Tag> tags = List.of(Tag.of("temperature", "temperature", DataType.FLOAT64));
    RecordingLink link = new RecordingLink();
    try (SqlConnector c = connector("narrow", Map.of("table", t, "watermark", "id"), tags)) {
      c.start(link);
      await().atMost(WAIT).until(() -> !link.events.isEmpty());
      assertThat(link.events.getFirst())
          .startsWith("disconnected: ")
          .contains("no column temperature")
          .contains("serial");
      assertThat(link.of("temperature").getFirst().quality())
          .isEqualTo(Quality.bad("Bad_ConfigurationError"));
    }
  }

  private static final List<Tag> WRITABLE =
      List.of(
          Tag.of("part/serial", "serial", DataType.STRING),
          new Tag(
              "job/order",
              "job_order",
              DataType.STRING,
              "",
              Scale.IDENTITY,
              0,
              Optional.empty(),
              true),
          new Tag(
              "setpoint/speed",
              "speed",
              DataType.INT32,
              "rpm",
              new Scale(10, 0),
              0,
              Optional.empty(),
              true));

  private SqlConnector writer(String results, String commands, String writeTimeout)
      throws SQLException {
    execute(db.resultsTableById(results));
    execute(db.commandTable(commands));
    return connector(
        "writer",
        Map.of(
            "table",
            results,
            "watermark",
            "id",
            "commandTable",
            commands,
            "writeTimeout",
            writeTimeout),
        WRITABLE);
  }

  /** What a machine does: takes the oldest open command and acknowledges or refuses it. */
  private List<String> answerCommands(String commands, String error) throws SQLException {
    List<String> taken = new ArrayList<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT id, tag, value FROM "
                    + commands
                    + " WHERE acknowledged_at IS NULL AND error IS NULL ORDER BY id")) {
      while (rs.next()) {
        taken.add(rs.getString(2) + "=" + rs.getString(3));
        try (PreparedStatement p =
            c.prepareStatement(
                error == null
                    ? "UPDATE " + commands + " SET acknowledged_at = CURRENT_TIMESTAMP WHERE id = ?"
                    : "UPDATE " + commands + " SET error = ? WHERE id = ?")) {
          if (error == null) {
            p.setLong(1, rs.getLong(1));
          } else {
            p.setString(1, error);
            p.setLong(2, rs.getLong(1));
          }
          p.executeUpdate();
        }
      }
    }
    return taken;
  }

  @Test
  void aWriteCompletesWhenTheMachineAcknowledgesIt() throws Exception {
    String commands = table("commands");
    RecordingLink link = new RecordingLink();
    try (SqlConnector c = writer(table("results"), commands, "30s")) {
      c.start(link);
      await().atMost(WAIT).until(() -> link.events.contains("connected"));
      CompletableFuture<Void> order = c.write("job/order", Value.of("PO-4711"));
      CompletableFuture<Void> speed = c.write("setpoint/speed", Value.of(1500L));
      List<String> taken = new ArrayList<>();
      await()
          .atMost(WAIT)
          .until(
              () -> {
                taken.addAll(answerCommands(commands, null));
                return taken.size() == 2;
              });
      order.get(30, TimeUnit.SECONDS);
      speed.get(30, TimeUnit.SECONDS);
      // The machine sees the column name and the raw value (1500 rpm at scale 10 is 150).
      assertThat(taken).containsExactly("job_order=PO-4711", "speed=150");
      assertThat(c.stats().writeErrors()).isZero();
    }
  }

  @Test
  void aWriteTheMachineRefusesFailsWithItsReason() throws Exception {
    String commands = table("commands");
    RecordingLink link = new RecordingLink();
    try (SqlConnector c = writer(table("results"), commands, "30s")) {
      c.start(link);
      await().atMost(WAIT).until(() -> link.events.contains("connected"));
      CompletableFuture<Void> order = c.write("job/order", Value.of("PO-0"));
      await().atMost(WAIT).until(() -> !answerCommands(commands, "no such order").isEmpty());
      assertThatThrownBy(() -> order.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(WriteException.class)
          .hasMessage("the machine refused the write: no such order");
      assertThat(c.stats().writeErrors()).isEqualTo(1);
    }
  }

  @Test
  void anUnansweredWriteTimesOutAndIsWithdrawn() throws Exception {
    String commands = table("commands");
    RecordingLink link = new RecordingLink();
    try (SqlConnector c = writer(table("results"), commands, "1s")) {
      c.start(link);
      await().atMost(WAIT).until(() -> link.events.contains("connected"));
      CompletableFuture<Void> order = c.write("job/order", Value.of("PO-1"));
      assertThatThrownBy(() -> order.get(30, TimeUnit.SECONDS))
          .cause()
          .isInstanceOf(WriteException.class)
          .hasMessageContaining("did not acknowledge the write of job/order within 1s");
      // A machine that comes late finds nothing open to carry out.
      assertThat(answerCommands(commands, null)).isEmpty();
      try (Connection conn = db.connect();
          Statement s = conn.createStatement();
          ResultSet rs = s.executeQuery("SELECT error FROM " + commands)) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).startsWith("withdrawn");
      }
    }
  }

  @Test
  void writesOfReadOnlyOrUnknownTagsAreRefusedAtOnce() throws Exception {
    try (SqlConnector c = writer(table("results"), table("commands"), "30s")) {
      assertThatThrownBy(() -> c.write("part/serial", Value.of("x")).join())
          .hasMessageContaining("not defined writable");
      assertThatThrownBy(() -> c.write("nope", Value.of("x")).join())
          .hasMessageContaining("no such tag");
      assertThat(c.stats().writeErrors()).isEqualTo(2);
    }
  }

  @Test
  void aDatabaseThatGoesDownIsReportedAndReadAgainWhenBack() throws Exception {
    String t = table("outage");
    execute(db.resultsTableById(t));
    insertRows(t, 1, 3);
    RecordingLink link = new RecordingLink();
    try (SqlConnector c =
        connector("outage", Map.of("table", t, "watermark", "id", "timeout", "2s"), RESULT_TAGS)) {
      c.start(link);
      await().atMost(WAIT).until(() -> link.goodValues("part/serial").size() == 3);
      db.halt();
      try {
        await()
            .atMost(WAIT)
            .until(() -> link.events.stream().anyMatch(e -> e.startsWith("disconnected")));
        assertThat(c.stats().status()).isIn(LinkStatus.DISCONNECTED, LinkStatus.CONNECTING);
      } finally {
        db.resume();
      }
      insertRows(t, 4, 6);
      await().atMost(WAIT).until(() -> link.goodValues("part/serial").size() == 6);
      assertThat(link.goodValues("part/serial")).isEqualTo(serials(1, 6));
      assertThat(link.events.getFirst()).isEqualTo("connected");
      assertThat(link.events.get(1)).startsWith("disconnected");
      assertThat(link.events).last().isEqualTo("connected");
      assertThat(c.stats().reconnects()).isPositive();
      // The reconnects left one connection behind them, not one per attempt.
      await().atMost(WAIT).until(() -> db.sessions() == 1);
    }
    // Closed: its connection and its thread are gone.
    await().atMost(WAIT).until(() -> db.sessions() == 0);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(Thread.getAllStackTraces().keySet())
                    .noneMatch(thread -> thread.getName().equals("sql-outage")));
  }
}
