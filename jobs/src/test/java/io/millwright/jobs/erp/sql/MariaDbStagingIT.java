package io.millwright.jobs.erp.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.jobs.erp.Delivery;
import io.millwright.jobs.erp.ErpException;
import io.millwright.uns.testkit.MariaDbServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SQL adapter against a real MariaDB server (whose session zone is +05:30). */
class MariaDbStagingIT extends StagingAdapterContract {

  private static MariaDbServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = MariaDbServer.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Override
  SqlErpConfig config() {
    return SqlErpConfig.of(server.url(), MariaDbServer.USER, server.password());
  }

  @Override
  Connection connect() throws SQLException {
    return DriverManager.getConnection(server.url(), MariaDbServer.USER, server.password());
  }

  @Override
  String timestampText(String column) {
    return "DATE_FORMAT(" + column + ", '%Y-%m-%d %H:%i:%s.%f')";
  }

  @Override
  String otherSessionsQuery() {
    return "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = '"
        + MariaDbServer.USER
        + "' AND ID <> CONNECTION_ID()";
  }

  @Test
  void aStoppedDatabaseIsRetryableAndTheNextCallAfterItsReturnWorks() throws Exception {
    insertOrder("O1");
    assertThat(orderNumbers(adapter.fetch("", 10))).containsExactly("O1");

    server.halt();
    // The open connection is lost, then no new one can be made: both are worth retrying.
    for (int i = 0; i < 3; i++) {
      assertRetryable(() -> adapter.fetch("1", 10));
      assertRetryable(() -> adapter.confirm(confirmation("x-1", "RUNNING", Instant.now())));
    }
    server.resume();

    db.close();
    db = connect();
    insertOrder("O2");
    assertThat(orderNumbers(adapter.fetch("1", 10))).containsExactly("O2");
    assertThat(adapter.confirm(confirmation("x-1", "RUNNING", Instant.now())))
        .isEqualTo(Delivery.ACCEPTED);
    // The dead connections were closed, not kept: the adapter holds exactly one.
    awaitOtherSessions(1);
  }

  private static void assertRetryable(ThrowingCall call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            ErpException.class,
            e -> {
              assertThat(e.retryable()).as(e.getMessage()).isTrue();
              assertThat(e.getMessage()).doesNotContain(server.password());
            });
  }

  @FunctionalInterface
  private interface ThrowingCall {
    void run() throws Exception;
  }
}
