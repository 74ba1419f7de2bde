package io.millwright.jobs.erp.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.jobs.erp.ErpException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import org.junit.jupiter.api.Test;

class SqlFailuresTest {

  private static ErpException classify(SQLException e) {
    return SqlFailures.classify("fetching orders", e, false);
  }

  @Test
  void connectionLossesTimeoutsAndBusyServersAreRetryable() {
    for (String state : new String[] {"08006", "08001", "40001", "40P01", "53300", "57P01"}) {
      assertThat(classify(new SQLException("gone", state)).retryable()).as(state).isTrue();
    }
    assertThat(classify(new SQLException("cancelled", "57014")).getMessage())
        .contains("busy or timed out");
    assertThat(classify(new SQLTimeoutException("slow", "HY008")).retryable()).isTrue();
    assertThat(classify(new SQLRecoverableException("reset")).retryable()).isTrue();
    assertThat(SqlFailures.classify("x", new SQLException("odd", "HY000"), true).retryable())
        .isTrue();
  }

  @Test
  void refusalsAreNotRetryableAndSayWhy() {
    assertThat(classify(new SQLException("no", "28P01")).getMessage())
        .isEqualTo(
            "fetching orders: the database refused the login; will retry (SQLState 28P01): no");
    assertThat(classify(new SQLException("no table", "42P01")).getMessage())
        .contains("a table or column is missing");
    assertThat(classify(new SQLException("too long", "22001")).getMessage())
        .contains("a value does not fit its column");
    assertThat(classify(new SQLException("huh", (String) null)).getMessage())
        .contains("(SQLState none)");
    for (String state : new String[] {"22001", "23505", "HY000"}) {
      assertThat(classify(new SQLException("x", state)).retryable()).as(state).isFalse();
    }
    // A refused login or a missing table stops every statement alike: the ERP side is unusable
    // now, not this one confirmation, so it is retried rather than given up.
    for (String state : new String[] {"28000", "28P01", "42S02", "42P01"}) {
      assertThat(classify(new SQLException("x", state)).retryable()).as(state).isTrue();
    }
  }

  @Test
  void whichFailuresBreakTheConnection() {
    assertThat(SqlFailures.connectionBroken(new SQLException("x", "08S01"))).isTrue();
    assertThat(SqlFailures.connectionBroken(new SQLRecoverableException("x"))).isTrue();
    assertThat(SqlFailures.connectionBroken(new SQLException("x", "42P01"))).isFalse();
    assertThat(SqlFailures.constraintViolation(new SQLException("x", "23000"))).isTrue();
    assertThat(SqlFailures.constraintViolation(new SQLException("x", "22001"))).isFalse();
  }
}
