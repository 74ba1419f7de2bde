package io.millwright.jobs.erp.sql;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the staging tables are and how long to wait for them.
 *
 * <p>The table names are put into SQL text (a statement cannot take a table name as a parameter),
 * so they must be plain identifiers, optionally schema-qualified: letters, digits and underscores,
 * not starting with a digit, at most 63 characters each. Anything else (quotes, spaces, semicolons)
 * is refused here, so no configuration can inject SQL.
 *
 * @param jdbcUrl e.g. {@code jdbc:postgresql://erp-db:5432/middleware} or {@code
 *     jdbc:mariadb://erp-db:3306/middleware}
 * @param user the database user; empty to use one given in the URL
 * @param password the user's password, a secret: never shown by {@link #toString()}
 * @param ordersTable where the ERP writes production orders
 * @param confirmationsTable where the site writes its confirmations
 * @param queryTimeout the longest a query or a connect may take (whole seconds, at least one)
 * @param batchLimit the most rows one fetch reads, whatever the caller asks
 */
public record SqlErpConfig(
    String jdbcUrl,
    String user,
    String password,
    String ordersTable,
    String confirmationsTable,
    Duration queryTimeout,
    int batchLimit) {

  public static final String DEFAULT_ORDERS_TABLE = "mw_erp_orders";
  public static final String DEFAULT_CONFIRMATIONS_TABLE = "mw_erp_confirmations";
  public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_BATCH_LIMIT = 500;
  public static final int MAX_BATCH_LIMIT = 10_000;

  private static final Pattern IDENTIFIER =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");

  public SqlErpConfig {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(queryTimeout, "queryTimeout");
    Dialect.of(jdbcUrl);
    requireIdentifier("ordersTable", ordersTable);
    requireIdentifier("confirmationsTable", confirmationsTable);
    if (ordersTable.equalsIgnoreCase(confirmationsTable)) {
      throw new IllegalArgumentException("the orders and confirmations tables must differ");
    }
    if (queryTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("queryTimeout must be at least one second");
    }
    if (batchLimit < 1 || batchLimit > MAX_BATCH_LIMIT) {
      throw new IllegalArgumentException(
          "batchLimit must be between 1 and " + MAX_BATCH_LIMIT + ", not " + batchLimit);
    }
  }

  /** A configuration with the default table names, timeout and batch limit. */
  public static SqlErpConfig of(String jdbcUrl, String user, String password) {
    return new SqlErpConfig(
        jdbcUrl,
        user,
        password,
        DEFAULT_ORDERS_TABLE,
        DEFAULT_CONFIRMATIONS_TABLE,
        DEFAULT_QUERY_TIMEOUT,
        DEFAULT_BATCH_LIMIT);
  }

  /** This configuration with other table names. */
  public SqlErpConfig withTables(String orders, String confirmations) {
    return new SqlErpConfig(
        jdbcUrl, user, password, orders, confirmations, queryTimeout, batchLimit);
  }

  /** The dialect the URL speaks. */
  public Dialect dialect() {
    return Dialect.of(jdbcUrl);
  }

  /** Whether a table name is a plain identifier, optionally schema-qualified. */
  public static boolean isIdentifier(String name) {
    return name != null && IDENTIFIER.matcher(name).matches();
  }

  private static void requireIdentifier(String field, String name) {
    if (!isIdentifier(name)) {
      throw new IllegalArgumentException(
          field
              + " must be a plain SQL identifier, optionally schema-qualified"
              + " (letters, digits, underscores): "
              + (name == null ? "null" : "'" + name + "'"));
    }
  }

  /** Without the password, and the URL without credentials. */
  @Override
  public String toString() {
    return "SqlErpConfig[jdbcUrl="
        + JdbcUrls.withoutCredentials(jdbcUrl)
        + ", user="
        + user
        + ", password="
        + (password.isEmpty() ? "(none)" : "(hidden)")
        + ", ordersTable="
        + ordersTable
        + ", confirmationsTable="
        + confirmationsTable
        + ", queryTimeout="
        + queryTimeout
        + ", batchLimit="
        + batchLimit
        + "]";
  }
}
