package io.millwright.connect.sql;

import io.millwright.connect.PasswordOption;
import io.millwright.core.machine.DefinitionException;
import io.millwright.core.time.Durations;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * The {@code options} of an SQL machine, checked once when the connector is created.
 *
 * @param table the results table the machine appends to
 * @param watermark the column that orders the rows and says how far the connector has read: an
 *     increasing whole number (an identity column) or a timestamp
 * @param timestamp the column with each row's own time; empty to use the time the row was read
 * @param batchSize rows per query; a full batch is followed by the next at once
 * @param user the database user; empty when the JDBC URL carries it
 * @param password the database password ({@code password}, or the environment variable {@code
 *     passwordEnv} names); empty when the JDBC URL carries it
 * @param commandTable where writes are inserted for the machine to carry out; empty for a machine
 *     that takes no writes
 * @param writeTimeout how long a write waits for the machine's acknowledgement
 * @param timeout how long one query may take before the link counts as lost
 * @param timeZone the zone of timestamp columns without a time zone
 * @param start where a machine without a checkpoint starts reading
 */
record SqlOptions(
    TableName table,
    SqlIdentifier watermark,
    Optional<SqlIdentifier> timestamp,
    int batchSize,
    Optional<String> user,
    Optional<String> password,
    Optional<TableName> commandTable,
    Duration writeTimeout,
    Duration timeout,
    ZoneId timeZone,
    Start start) {

  /** Where reading starts when the connector has no checkpoint for the table yet. */
  enum Start {
    /** Every row already in the table is delivered: nothing the machine recorded is lost. */
    BEGINNING,
    /** Only rows added after the first connection: for tables with years of history. */
    LATEST
  }

  static final int DEFAULT_BATCH_SIZE = 1000;
  static final int MAX_BATCH_SIZE = 100_000;
  static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(10);
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);
  static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

  static final Set<String> NAMES =
      new TreeSet<>(
          Set.of(
              "table",
              "watermark",
              "timestamp",
              "batchSize",
              "user",
              "password",
              "passwordEnv",
              "commandTable",
              "writeTimeout",
              "timeout",
              "timeZone",
              "start"));

  /** The statement timeout as JDBC takes it: whole seconds, at least one. */
  int timeoutSeconds() {
    return (int) Math.max(1, timeout.toSeconds());
  }

  /**
   * @param environment looks up the variable {@code passwordEnv} names
   * @throws DefinitionException naming {@code options.<key>}
   */
  static SqlOptions parse(Map<String, String> options, UnaryOperator<String> environment) {
    TableName table = null;
    SqlIdentifier watermark = null;
    Optional<SqlIdentifier> timestamp = Optional.empty();
    int batchSize = DEFAULT_BATCH_SIZE;
    Optional<String> user = Optional.empty();
    Optional<TableName> commandTable = Optional.empty();
    Duration writeTimeout = DEFAULT_WRITE_TIMEOUT;
    Duration timeout = DEFAULT_TIMEOUT;
    ZoneId timeZone = ZoneOffset.UTC;
    Start start = Start.BEGINNING;
    for (Map.Entry<String, String> e : new TreeMap<>(options).entrySet()) {
      String key = e.getKey();
      String field = "options." + key;
      String raw = e.getValue() == null ? "" : e.getValue();
      String value = raw.strip();
      switch (key) {
        case "table" -> table = TableName.parse(field, value);
        case "watermark" -> watermark = SqlIdentifier.parse(field, value);
        case "timestamp" -> timestamp = Optional.of(SqlIdentifier.parse(field, value));
        case "batchSize" -> batchSize = integer(field, value, 1, MAX_BATCH_SIZE);
        case "user" -> user = Optional.of(nonEmpty(field, value));
        case "password", "passwordEnv" -> {} // below: the JDBC URL may carry the user
        case "commandTable" -> commandTable = Optional.of(TableName.parse(field, value));
        case "writeTimeout" -> writeTimeout = duration(field, value);
        case "timeout" -> timeout = duration(field, value);
        case "timeZone" -> timeZone = zone(field, value);
        case "start" -> start = start(field, value);
        default ->
            throw new DefinitionException(
                field, "is not an SQL option; use " + String.join(", ", NAMES));
      }
    }
    Optional<String> password = PasswordOption.read(options, null, environment);
    if (table == null) {
      throw new DefinitionException("options.table", "is missing; name the results table");
    }
    if (watermark == null) {
      throw new DefinitionException(
          "options.watermark",
          "is missing; name the column that increases with every row (an id or a timestamp)");
    }
    return new SqlOptions(
        table,
        watermark,
        timestamp,
        batchSize,
        user,
        password,
        commandTable,
        writeTimeout,
        timeout,
        timeZone,
        start);
  }

  private static String nonEmpty(String field, String value) {
    if (value.isEmpty()) {
      throw new DefinitionException(field, "is empty; leave it out to take it from the URL");
    }
    return value;
  }

  private static int integer(String field, String value, int min, int max) {
    int n;
    try {
      n = Integer.parseInt(value);
    } catch (NumberFormatException ex) {
      throw new DefinitionException(
          field, "must be a whole number from " + min + " to " + max + ", not \"" + value + "\"");
    }
    if (n < min || n > max) {
      throw new DefinitionException(field, "must be from " + min + " to " + max + ", not " + n);
    }
    return n;
  }

  private static Duration duration(String field, String value) {
    Duration d;
    try {
      d = Durations.parse(value);
    } catch (IllegalArgumentException ex) {
      throw new DefinitionException(field, ex.getMessage());
    }
    if (d.compareTo(MIN_TIMEOUT) < 0 || d.compareTo(MAX_TIMEOUT) > 0) {
      throw new DefinitionException(
          field,
          "must be between "
              + Durations.format(MIN_TIMEOUT)
              + " and "
              + Durations.format(MAX_TIMEOUT)
              + ", not "
              + Durations.format(d));
    }
    return d;
  }

  private static ZoneId zone(String field, String value) {
    try {
      return ZoneId.of(value);
    } catch (DateTimeException ex) {
      throw new DefinitionException(
          field, "\"" + value + "\" is not a time zone; write e.g. UTC or Europe/Berlin");
    }
  }

  private static Start start(String field, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "beginning" -> Start.BEGINNING;
      case "latest" -> Start.LATEST;
      default ->
          throw new DefinitionException(
              field, "must be beginning or latest, not \"" + value + "\"");
    };
  }
}
