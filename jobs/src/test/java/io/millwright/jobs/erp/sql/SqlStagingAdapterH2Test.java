package io.millwright.jobs.erp.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.jobs.erp.Confirmation;
import io.millwright.jobs.erp.Delivery;
import io.millwright.jobs.erp.ErpException;
import io.millwright.jobs.erp.Incoming;
import io.millwright.jobs.erp.OrderBatch;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter against an in-memory H2: cursor handling, row mapping end to end, confirmations. */
class SqlStagingAdapterH2Test {

  private final String url = "jdbc:h2:mem:erp-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  private Connection db;
  private SqlStagingAdapter adapter;

  @BeforeEach
  void setUp() throws SQLException {
    db = DriverManager.getConnection(url, "sa", "");
    StagingTables.createTables(db, Dialect.H2);
    adapter = new SqlStagingAdapter(SqlErpConfig.of(url, "sa", ""));
  }

  @AfterEach
  void tearDown() throws SQLException {
    adapter.close();
    try (Statement s = db.createStatement()) {
      s.execute("SHUTDOWN");
    }
    db.close();
  }

  private void order(String number, long quantity) throws SQLException {
    try (Statement s = db.createStatement()) {
      s.execute(
          "INSERT INTO mw_erp_orders (order_number, product, quantity) VALUES ('"
              + number
              + "', 'P', "
              + quantity
              + ")");
    }
  }

  @Test
  void theFirstFetchStartsAtTheBeginningAndTheCursorIsTheLastRowRead() throws Exception {
    order("A1", 5);
    order("A2", 0);
    order("A3", 7);

    OrderBatch first = adapter.fetch("", 2);

    assertThat(first.orders()).hasSize(2);
    assertThat(first.orders().get(0)).isInstanceOf(Incoming.Order.class);
    // The unreadable row still moves the cursor, so it is not fetched again and again.
    assertThat(first.orders().get(1))
        .isInstanceOfSatisfying(
            Incoming.Unreadable.class,
            u -> assertThat(u.reason()).isEqualTo("quantity is not positive: 0"));
    assertThat(first.cursor()).isEqualTo("2");

    OrderBatch second = adapter.fetch(first.cursor(), 10);
    assertThat(second.orders())
        .singleElement()
        .isInstanceOfSatisfying(
            Incoming.Order.class, o -> assertThat(o.order().orderNumber()).isEqualTo("A3"));
    assertThat(second.cursor()).isEqualTo("3");
  }

  @Test
  void nothingNewKeepsTheCursor() throws Exception {
    assertThat(adapter.fetch("", 10)).isEqualTo(new OrderBatch(List.of(), ""));
    assertThat(adapter.fetch("41", 10).cursor()).isEqualTo("41");
  }

  @Test
  void theBatchLimitCapsWhatTheCallerAsks() throws Exception {
    adapter.close();
    adapter =
        new SqlStagingAdapter(
            new SqlErpConfig(
                url,
                "sa",
                "",
                SqlErpConfig.DEFAULT_ORDERS_TABLE,
                SqlErpConfig.DEFAULT_CONFIRMATIONS_TABLE,
                SqlErpConfig.DEFAULT_QUERY_TIMEOUT,
                2));
    for (int i = 0; i < 5; i++) {
      order("A" + i, 1);
    }

    assertThat(adapter.fetch("", 100).orders()).hasSize(2);
  }

  @Test
  void aCursorThatIsNotARowIdIsRefusedForGood() {
    for (String bad : new String[] {"abc", "-1", "1.5", "2026-01-01T00:00:00Z"}) {
      assertThatThrownBy(() -> adapter.fetch(bad, 10))
          .isInstanceOfSatisfying(
              ErpException.class,
              e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).contains("cursor").contains(bad);
              });
    }
  }

  @Test
  void aColumnOfTheWrongTypeSpoilsOnlyItsRow() throws Exception {
    // A middleware that made quantity a text column: one row's text is not a number.
    try (Statement s = db.createStatement()) {
      s.execute("DROP TABLE mw_erp_orders");
      s.execute(
          "CREATE TABLE mw_erp_orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
              + " order_number varchar(64), operation varchar(20), product varchar(80),"
              + " quantity varchar(20), machine varchar(80), setpoints varchar,"
              + " ideal_cycle_ms varchar(20), planned_start varchar(40), planned_end varchar(40),"
              + " priority varchar(10))");
      s.execute(
          "INSERT INTO mw_erp_orders (order_number, product, quantity, priority)"
              + " VALUES ('A1', 'P', '10', 'high'), ('A2', 'P', 'ten', '0'), ('A3', 'P', '3', '')");
    }

    OrderBatch batch = adapter.fetch("", 10);

    assertThat(batch.orders()).hasSize(3);
    assertThat(((Incoming.Unreadable) batch.orders().get(0)).reason())
        .isEqualTo("priority is not a whole number: 'high'");
    assertThat(((Incoming.Unreadable) batch.orders().get(1)).reason())
        .isEqualTo("quantity is not a whole number: 'ten'");
    assertThat(batch.orders().get(2)).isInstanceOf(Incoming.Order.class);
    assertThat(batch.cursor()).isEqualTo("3");
  }

  @Test
  void aConfirmationIsInsertedOnceAndARepeatIsADuplicate() throws Exception {
    Confirmation c =
        new Confirmation(
            "c-1",
            "A1",
            "0010",
            "COMPLETED",
            Optional.of("M1"),
            250,
            3,
            Instant.parse("2026-03-29T02:30:00.123456789Z"),
            Optional.empty());

    assertThat(adapter.confirm(c)).isEqualTo(Delivery.ACCEPTED);
    assertThat(adapter.confirm(c)).isEqualTo(Delivery.DUPLICATE);

    try (Statement s = db.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT order_number, operation, status, machine, good, scrap,"
                    + " CAST(confirmed_at AS varchar), reason FROM mw_erp_confirmations")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("A1");
      assertThat(rs.getString(2)).isEqualTo("0010");
      assertThat(rs.getString(3)).isEqualTo("COMPLETED");
      assertThat(rs.getString(4)).isEqualTo("M1");
      assertThat(rs.getLong(5)).isEqualTo(250);
      assertThat(rs.getLong(6)).isEqualTo(3);
      assertThat(rs.getString(7)).isEqualTo("2026-03-29 02:30:00.123456");
      assertThat(rs.getString(8)).isNull();
      assertThat(rs.next()).isFalse();
    }
  }

  @Test
  void anotherConstraintIsARefusalNotADuplicate() throws Exception {
    try (Statement s = db.createStatement()) {
      s.execute(
          "ALTER TABLE mw_erp_confirmations ADD CONSTRAINT known_status CHECK (status <> 'X')");
    }
    Confirmation c =
        new Confirmation(
            "c-9", "A1", "", "X", Optional.empty(), 0, 0, Instant.now(), Optional.empty());

    assertThatThrownBy(() -> adapter.confirm(c))
        .isInstanceOfSatisfying(
            ErpException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage()).contains("a constraint of the table refused the row");
            });
  }

  @Test
  void aMissingTableIsNotRetryableAndSaysWhich() throws Exception {
    try (Statement s = db.createStatement()) {
      s.execute("DROP TABLE mw_erp_confirmations");
    }
    Confirmation c =
        new Confirmation(
            "c-1", "A1", "", "RUNNING", Optional.empty(), 0, 0, Instant.now(), Optional.empty());

    assertThatThrownBy(() -> adapter.confirm(c))
        .isInstanceOfSatisfying(
            ErpException.class,
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.getMessage())
                  .contains("mw_erp_confirmations")
                  .contains("a table or column is missing");
            });
  }

  @Test
  void describeShowsTheUrlWithoutCredentials() {
    SqlStagingAdapter withPassword =
        new SqlStagingAdapter(SqlErpConfig.of(url + ";USER=sa;PASSWORD=topsecret", "sa", "x"));

    assertThat(withPassword.describe()).isEqualTo(url).doesNotContain("topsecret");
    withPassword.close();
  }
}
