package io.millwright.jobs.erp.sql;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;

/**
 * Timestamps of the staging tables, which hold UTC wall-clock times without a zone ({@code
 * timestamp} in PostgreSQL, {@code DATETIME} in MariaDB). Going through text and {@link
 * LocalDateTime} keeps both the JVM's and the database session's time zone out of the value.
 */
final class SqlTimestamps {

  /**
   * What the databases print: {@code 2026-03-29 02:30:00[.ffffff]}, with a {@code T} also taken,
   * and an offset ({@code +00}, {@code +05:30}, {@code Z}) when the column has a time zone.
   */
  private static final DateTimeFormatter TEXT =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .optionalStart()
          .appendOffset("+HH:mm", "Z")
          .optionalEnd()
          .toFormatter();

  private SqlTimestamps() {}

  /**
   * The instant a column's text names, read as UTC when it has no offset.
   *
   * @throws DateTimeParseException when it is not a timestamp
   */
  static Instant parse(String text) {
    TemporalAccessor parsed = TEXT.parse(text.strip());
    LocalDateTime local = LocalDateTime.from(parsed);
    ZoneOffset offset =
        parsed.isSupported(java.time.temporal.ChronoField.OFFSET_SECONDS)
            ? ZoneOffset.from(parsed)
            : ZoneOffset.UTC;
    return local.toInstant(offset);
  }

  /**
   * The value to bind for a UTC timestamp column: its UTC wall-clock time, cut to microseconds, the
   * finest both PostgreSQL and MariaDB keep (so both store the same value).
   */
  static LocalDateTime utc(Instant at) {
    return LocalDateTime.ofInstant(at.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
  }
}
