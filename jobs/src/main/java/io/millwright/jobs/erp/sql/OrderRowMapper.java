package io.millwright.jobs.erp.sql;

import io.millwright.jobs.erp.ErpOrder;
import io.millwright.jobs.erp.Incoming;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a row of the orders table into an order, or into an unreadable entry naming the column at
 * fault. Never throws for any row content: one bad row must not stop the rows after it.
 */
final class OrderRowMapper {

  /** Raw rows are cut to this many characters for the dead-letter list. */
  static final int RAW_LIMIT = 4096;

  private OrderRowMapper() {}

  static Incoming map(StagedRow row) {
    try {
      return new Incoming.Order(order(row));
    } catch (BadColumn e) {
      return unreadable(row, e.getMessage());
    } catch (RuntimeException e) {
      // Not expected (every column's failures are BadColumn); kept as unreadable all the same so
      // that a parser surprise costs one row, not the batch.
      return unreadable(row, "the row could not be read: " + e);
    }
  }

  private static Incoming.Unreadable unreadable(StagedRow row, String reason) {
    String raw = row.raw();
    if (raw.length() > RAW_LIMIT) {
      raw = raw.substring(0, RAW_LIMIT);
    }
    String reference = blank(row.orderNumber()) ? "row " + row.id() : row.orderNumber().strip();
    return new Incoming.Unreadable(reference, raw, reason);
  }

  private static ErpOrder order(StagedRow row) {
    String orderNumber = required("order_number", row.orderNumber());
    String operation = row.operation() == null ? "" : row.operation().strip();
    String product = required("product", row.product());
    long quantity = wholeNumber("quantity", row.quantity());
    if (quantity <= 0) {
      throw new BadColumn("quantity is not positive: " + quantity);
    }
    Optional<String> machine =
        blank(row.machine()) ? Optional.empty() : Optional.of(row.machine().strip());
    Map<String, String> setpoints = setpoints(row.setpoints());
    Optional<Duration> idealCycle = Optional.empty();
    if (!blank(row.idealCycleMs())) {
      long ms = wholeNumber("ideal_cycle_ms", row.idealCycleMs());
      if (ms <= 0) {
        throw new BadColumn("ideal_cycle_ms is not positive: " + ms);
      }
      idealCycle = Optional.of(Duration.ofMillis(ms));
    }
    Optional<Instant> start = timestamp("planned_start", row.plannedStart());
    Optional<Instant> end = timestamp("planned_end", row.plannedEnd());
    if (start.isPresent() && end.isPresent() && end.get().isBefore(start.get())) {
      throw new BadColumn("planned_end is before planned_start");
    }
    int priority = 0;
    if (!blank(row.priority())) {
      long p = wholeNumber("priority", row.priority());
      if (p < Integer.MIN_VALUE || p > Integer.MAX_VALUE) {
        throw new BadColumn("priority is out of range: " + p);
      }
      priority = (int) p;
    }
    return new ErpOrder(
        orderNumber,
        operation,
        product,
        quantity,
        machine,
        setpoints,
        idealCycle,
        start,
        end,
        priority);
  }

  private static String required(String column, String value) {
    if (blank(value)) {
      throw new BadColumn(column + " is missing");
    }
    return value.strip();
  }

  private static long wholeNumber(String column, String value) {
    if (blank(value)) {
      throw new BadColumn(column + " is missing");
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new BadColumn(column + " is not a whole number: '" + shortened(value) + "'");
    }
  }

  private static Map<String, String> setpoints(String json) {
    if (blank(json)) {
      return Map.of();
    }
    try {
      return SetpointsJson.parse(json);
    } catch (IllegalArgumentException e) {
      throw new BadColumn("setpoints " + e.getMessage());
    }
  }

  private static Optional<Instant> timestamp(String column, String value) {
    if (blank(value)) {
      return Optional.empty();
    }
    try {
      return Optional.of(SqlTimestamps.parse(value));
    } catch (DateTimeException e) {
      throw new BadColumn(column + " is not a timestamp: '" + shortened(value) + "'");
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static String shortened(String value) {
    return value.length() <= 80 ? value : value.substring(0, 80) + "...";
  }

  /** A column the site cannot read; the message names it. */
  private static final class BadColumn extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadColumn(String message) {
      super(message, null, false, false);
    }
  }
}
