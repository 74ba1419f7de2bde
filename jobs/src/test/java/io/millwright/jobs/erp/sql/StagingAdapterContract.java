package io.millwright.jobs.erp.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millwright.jobs.erp.Confirmation;
import io.millwright.jobs.erp.Delivery;
import io.millwright.jobs.erp.ErpException;
import io.millwright.jobs.erp.Incoming;
import io.millwright.jobs.erp.OrderBatch;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the SQL adapter must do against every real database it supports; each subclass starts one.
 * The tables are created afresh for every test from the documented DDL.
 */
abstract class StagingAdapterContract {

  protected Connection db;
  protected SqlStagingAdapter adapter;

  /** The adapter's configuration for the running server, default table names. */
  abstract SqlErpConfig config();

  /** A connection as the adapter's user, for setting up rows and looking at what was written. */
  abstract Connection connect() throws SQLException;

  /** An expression rendering a timestamp column as {@code yyyy-MM-dd HH:mm:ss.ffffff}. */
  abstract String timestampText(String column);

  /** The adapter user's connections other than this one. */
  abstract String otherSessionsQuery();

  @BeforeEach
  void freshTables() throws SQLException {
    db = connect();
    try (Statement s = db.createStatement()) {
      s.execute("DROP TABLE IF EXISTS mw_erp_orders");
      s.execute("DROP TABLE IF EXISTS mw_erp_confirmations");
    }
    StagingTables.createTables(db, config().dialect());
    adapter = new SqlStagingAdapter(config());
  }

  @AfterEach
  void closeAll() throws SQLException {
    adapter.close();
    db.close();
  }

  protected void insertOrder(String number, String rest) throws SQLException {
    try (Statement s = db.createStatement()) {
      s.execute(
          "INSERT INTO mw_erp_orders (order_number, product, quantity, operation, machine,"
              + " setpoints, planned_start, planned_end) VALUES ('"
              + number
              + "', "
              + rest
              + ")");
    }
  }

  protected void insertOrder(String number) throws SQLException {
    insertOrder(number, "'P-1', 10, '', NULL, NULL, NULL, NULL");
  }

  protected long otherSessions() throws SQLException {
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery(otherSessionsQuery())) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Until the server lists exactly {@code count} other sessions of the adapter's user. A server
   * ends a closed connection's session on its own time (the previous test's, or one closed while it
   * was stopped), so a count taken at once can be one too many on a busy machine; a leaked
   * connection stays and still fails this.
   */
  protected void awaitOtherSessions(long count) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(otherSessions()).isEqualTo(count));
  }

  protected static Confirmation confirmation(String id, String status, Instant at) {
    return new Confirmation(
        id, "4711", "0010", status, Optional.of("M1"), 120, 4, at, Optional.empty());
  }

  protected static List<String> orderNumbers(OrderBatch batch) {
    return batch.orders().stream().map(i -> ((Incoming.Order) i).order().orderNumber()).toList();
  }

  @Test
  void incrementalFetchReadsEveryRowOnceWhileRowsArriveAndAcrossARestart() throws Exception {
    int total = 300;
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      expected.add("W" + i);
    }
    // The ERP side writes while the site reads, on its own connection, one row per transaction.
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              try (Connection w = connect()) {
                for (String number : expected) {
                  try (Statement s = w.createStatement()) {
                    s.execute(
                        "INSERT INTO mw_erp_orders (order_number, product, quantity)"
                            + " VALUES ('"
                            + number
                            + "', 'P', 1)");
                  }
                }
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              }
            });

    List<String> read = new ArrayList<>();
    String cursor = "";
    boolean restarted = false;
    while (true) {
      boolean writerDone = writer.isDone();
      OrderBatch batch = adapter.fetch(cursor, 7);
      read.addAll(orderNumbers(batch));
      cursor = batch.cursor();
      if (!restarted && read.size() >= total / 3) {
        // A restart: a new adapter knows only the cursor the job book stored.
        adapter.close();
        adapter = new SqlStagingAdapter(config());
        restarted = true;
      }
      if (writerDone && batch.orders().isEmpty()) {
        break;
      }
    }
    writer.join();

    assertThat(restarted).isTrue();
    assertThat(read).containsExactlyElementsOf(expected);
    assertThat(adapter.fetch(cursor, 10).orders()).isEmpty();
    assertThat(adapter.fetch(cursor, 10).cursor()).isEqualTo(cursor);
  }

  @Test
  void badRowsAreUnreadableNamingTheColumnAndTheBatchGoesOn() throws Exception {
    insertOrder(
        "G1",
        "'P-1', 10, '0010', 'M1', '{\"Oven/SetTemp\": 180.5, \"Recipe\": \"A7\"}',"
            + " '2026-05-01 06:00:00', '2026-05-01 14:00:00'");
    insertOrder("B1", "'P-1', 0, '', NULL, NULL, NULL, NULL");
    insertOrder("B2", "'P-1', 5, '', NULL, '[1, 2]', NULL, NULL");
    insertOrder("", "'P-1', 5, '', NULL, NULL, NULL, NULL");
    insertOrder("B4", "'  ', 5, '', NULL, NULL, NULL, NULL");
    insertOrder("B5", "'P-1', 5, '', NULL, NULL, '2026-05-02 00:00:00', '2026-05-01 00:00:00'");
    insertOrder("G2");

    OrderBatch batch = adapter.fetch("", 100);

    List<Incoming> in = batch.orders();
    assertThat(in).hasSize(7);
    Incoming.Order g1 = (Incoming.Order) in.get(0);
    assertThat(g1.order().setpoints())
        .containsExactly(Map.entry("Oven/SetTemp", "180.5"), Map.entry("Recipe", "A7"));
    assertThat(g1.order().machine()).contains("M1");
    assertThat(g1.order().key()).isEqualTo("G1/0010");
    assertThat(unreadable(in.get(1)).reason()).isEqualTo("quantity is not positive: 0");
    assertThat(unreadable(in.get(1)).reference()).isEqualTo("B1");
    assertThat(unreadable(in.get(2)).reason()).isEqualTo("setpoints is not a JSON object");
    assertThat(unreadable(in.get(3)).reason()).isEqualTo("order_number is missing");
    assertThat(unreadable(in.get(3)).reference()).startsWith("row ");
    assertThat(unreadable(in.get(3)).raw()).contains("order_number=''");
    assertThat(unreadable(in.get(4)).reason()).isEqualTo("product is missing");
    assertThat(unreadable(in.get(5)).reason()).isEqualTo("planned_end is before planned_start");
    assertThat(in.get(6)).isInstanceOf(Incoming.Order.class);
    // The cursor passes the unreadable rows too: the next fetch starts after the last one.
    assertThat(adapter.fetch(batch.cursor(), 100).orders()).isEmpty();
  }

  @Test
  void confirmationsAreInsertedOnceAndARepeatIsADuplicate() throws Exception {
    Instant at = Instant.parse("2026-05-01T10:15:30.5Z");

    assertThat(adapter.confirm(confirmation("c-1", "RUNNING", at))).isEqualTo(Delivery.ACCEPTED);
    assertThat(adapter.confirm(confirmation("c-1", "RUNNING", at))).isEqualTo(Delivery.DUPLICATE);
    assertThat(adapter.confirm(confirmation("c-2", "COMPLETED", at))).isEqualTo(Delivery.ACCEPTED);
    // A repeat after a restart (the same id, a new adapter) is still a duplicate.
    adapter.close();
    adapter = new SqlStagingAdapter(config());
    assertThat(adapter.confirm(confirmation("c-2", "COMPLETED", at))).isEqualTo(Delivery.DUPLICATE);

    try (Statement s = db.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT confirmation_id, order_number, operation, status, machine, good, scrap,"
                    + " reason FROM mw_erp_confirmations ORDER BY confirmation_id")) {
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(
            String.join(
                "|",
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                String.valueOf(rs.getString(8))));
      }
      assertThat(rows)
          .containsExactly(
              "c-1|4711|0010|RUNNING|M1|120|4|null", "c-2|4711|0010|COMPLETED|M1|120|4|null");
    }
  }

  @Test
  void timestampsAreStoredAndReadAsUtcWhateverTheZones() throws Exception {
    TimeZone before = TimeZone.getDefault();
    // Berlin switches to summer time at 01:00 UTC that day: 02:30 local does not exist there.
    TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
    try (SqlStagingAdapter inBerlin = new SqlStagingAdapter(config())) {
      insertOrder("T1", "'P', 1, '', NULL, NULL, '2026-03-29 02:30:00', '2026-03-29 04:00:00.25'");
      Instant at = Instant.parse("2026-03-29T01:30:00.123456789Z");

      ErpOrderTimes times = ErpOrderTimes.of(inBerlin.fetch("", 10));
      assertThat(inBerlin.confirm(confirmation("t-1", "RUNNING", at))).isEqualTo(Delivery.ACCEPTED);

      assertThat(times.start()).isEqualTo(Instant.parse("2026-03-29T02:30:00Z"));
      assertThat(times.end()).isEqualTo(Instant.parse("2026-03-29T04:00:00.250Z"));
      try (Statement s = db.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT "
                      + timestampText("confirmed_at")
                      + ", "
                      + timestampText("created_at")
                      + " FROM mw_erp_confirmations")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("2026-03-29 01:30:00.123456");
        // The default is UTC too, not the session's zone (hours away here).
        Instant created = SqlTimestamps.parse(rs.getString(2));
        assertThat(Duration.between(created, Instant.now()).abs())
            .isLessThan(Duration.ofMinutes(10));
      }
    } finally {
      TimeZone.setDefault(before);
    }
  }

  @Test
  void refusalsAndAMissingTableKeepTheConnection() throws Exception {
    adapter.fetch("", 1);
    String tooLong = "x".repeat(1001);
    Confirmation withLongReason =
        new Confirmation(
            "r-1",
            "4711",
            "",
            "ABORTED",
            Optional.empty(),
            0,
            0,
            Instant.now(),
            Optional.of(tooLong));

    assertThatThrownBy(() -> adapter.confirm(withLongReason))
        .isInstanceOfSatisfying(
            ErpException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage()).contains("a value does not fit its column");
            });

    try (Statement s = db.createStatement()) {
      s.execute("DROP TABLE mw_erp_confirmations");
    }
    assertThatThrownBy(() -> adapter.confirm(confirmation("r-2", "RUNNING", Instant.now())))
        .isInstanceOfSatisfying(
            ErpException.class,
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.getMessage())
                  .contains("mw_erp_confirmations")
                  .contains("a table or column is missing");
            });
    // Still one working connection: refusals neither drop nor leak it.
    assertThat(adapter.fetch("", 1).orders()).isEmpty();
    awaitOtherSessions(1);
  }

  protected static Incoming.Unreadable unreadable(Incoming in) {
    assertThat(in).isInstanceOf(Incoming.Unreadable.class);
    return (Incoming.Unreadable) in;
  }

  /** The planned times of a batch's only order. */
  private record ErpOrderTimes(Instant start, Instant end) {
    static ErpOrderTimes of(OrderBatch batch) {
      assertThat(batch.orders()).hasSize(1);
      var order = ((Incoming.Order) batch.orders().get(0)).order();
      return new ErpOrderTimes(
          order.plannedStart().orElseThrow(), order.plannedEnd().orElseThrow());
    }
  }
}
