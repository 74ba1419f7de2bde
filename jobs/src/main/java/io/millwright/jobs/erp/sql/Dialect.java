package io.millwright.jobs.erp.sql;

import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

/**
 * The database kinds the staging tables live in. The adapter's queries are the same for all; the
 * dialect only chooses the DDL script and how the driver is told its timeouts.
 */
public enum Dialect {
  /** PostgreSQL, {@code jdbc:postgresql:}. */
  POSTGRESQL("postgresql.sql"),
  /**
   * MariaDB or MySQL through MariaDB Connector/J: {@code jdbc:mariadb:}, or {@code jdbc:mysql:}
   * (which that driver only accepts with the URL option {@code permitMysqlScheme}).
   */
  MARIADB("mariadb.sql"),
  /** H2, for quick tests and demos only. */
  H2("h2.sql");

  private final String script;

  Dialect(String script) {
    this.script = script;
  }

  /** The dialect a JDBC URL speaks. */
  public static Dialect of(String jdbcUrl) {
    String url = jdbcUrl.toLowerCase(Locale.ROOT);
    if (url.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
      return MARIADB;
    }
    if (url.startsWith("jdbc:h2:")) {
      return H2;
    }
    throw new IllegalArgumentException(
        "not a PostgreSQL, MariaDB/MySQL or H2 JDBC URL: " + JdbcUrls.withoutCredentials(jdbcUrl));
  }

  /** The DDL resource's name beside this class. */
  String script() {
    return script;
  }

  /**
   * Driver properties bounding connect and socket waits: without them a server that stops answering
   * (rather than refusing) would hang the sync thread forever. The socket timeout is longer than
   * the query timeout so that a slow query ends as a clean query timeout first.
   */
  Properties timeouts(Duration queryTimeout) {
    long seconds = Math.max(1, queryTimeout.toSeconds());
    long socketSeconds = seconds + 15;
    Properties p = new Properties();
    switch (this) {
      case POSTGRESQL -> {
        p.setProperty("connectTimeout", Long.toString(seconds));
        p.setProperty("loginTimeout", Long.toString(seconds));
        p.setProperty("socketTimeout", Long.toString(socketSeconds));
      }
      case MARIADB -> {
        p.setProperty("connectTimeout", Long.toString(seconds * 1000));
        p.setProperty("socketTimeout", Long.toString(socketSeconds * 1000));
      }
      case H2 -> {
        // In-process or local: nothing to wait for on a network.
      }
    }
    return p;
  }
}
