package io.millwright.jobs.erp.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SqlErpConfigTest {

  private static final String URL = "jdbc:postgresql://erp-db:5432/middleware";

  @Test
  void defaults() {
    SqlErpConfig c = SqlErpConfig.of(URL, "mw", "s3cret");

    assertThat(c.ordersTable()).isEqualTo("mw_erp_orders");
    assertThat(c.confirmationsTable()).isEqualTo("mw_erp_confirmations");
    assertThat(c.queryTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.batchLimit()).isEqualTo(500);
    assertThat(c.dialect()).isEqualTo(Dialect.POSTGRESQL);
  }

  @Test
  void tableNamesArePlainIdentifiersOptionallyQualified() {
    SqlErpConfig c = SqlErpConfig.of(URL, "mw", "");

    assertThat(c.withTables("erp.Orders_2", "_confirm").ordersTable()).isEqualTo("erp.Orders_2");
    for (String bad :
        new String[] {
          "",
          "1orders",
          "orders; DROP TABLE x",
          "a.b.c",
          "\"orders\"",
          "orders--",
          "or ders",
          "orders.",
          "x".repeat(64),
          "ördres"
        }) {
      assertThatThrownBy(() -> c.withTables(bad, "confirmations"))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("ordersTable must be a plain SQL identifier");
      assertThatThrownBy(() -> c.withTables("orders", bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("confirmationsTable");
    }
    assertThatThrownBy(() -> c.withTables("same", "SAME"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void limitsAndUrlsAreChecked() {
    assertThatThrownBy(() -> new SqlErpConfig(URL, "u", "p", "o", "c", Duration.ofMillis(500), 10))
        .hasMessageContaining("queryTimeout");
    assertThatThrownBy(() -> new SqlErpConfig(URL, "u", "p", "o", "c", Duration.ofSeconds(5), 0))
        .hasMessageContaining("batchLimit");
    assertThatThrownBy(() -> SqlErpConfig.of("jdbc:oracle:thin:@x:1521/y", "u", "p"))
        .hasMessageContaining("not a PostgreSQL, MariaDB/MySQL or H2 JDBC URL");
  }

  @Test
  void toStringShowsNoSecret() {
    SqlErpConfig c =
        SqlErpConfig.of("jdbc:mariadb://db:3306/mw?user=mw&password=urlSecret", "mw", "s3cret");

    assertThat(c.toString())
        .doesNotContain("s3cret")
        .doesNotContain("urlSecret")
        .contains("password=(hidden)")
        .contains("jdbc:mariadb://db:3306/mw");
  }

  @Test
  void dialectFromTheUrl() {
    assertThat(Dialect.of("jdbc:postgresql://h/db")).isEqualTo(Dialect.POSTGRESQL);
    assertThat(Dialect.of("jdbc:mariadb://h/db")).isEqualTo(Dialect.MARIADB);
    assertThat(Dialect.of("JDBC:MySQL://h/db?permitMysqlScheme")).isEqualTo(Dialect.MARIADB);
    assertThat(Dialect.of("jdbc:h2:mem:x")).isEqualTo(Dialect.H2);
  }
}
