package io.millwright.jobs.erp;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the site tells the ERP about an order: a status change, produced quantities, or a rejection.
 * Quantities are totals so far (not increments), so a repeated or reordered delivery never adds up
 * wrongly.
 *
 * @param id stable across retries, unique per site: the ERP recognises a repeat by it (REST: also
 *     the {@code Idempotency-Key} header; SQL: the confirmations table's key)
 * @param orderNumber the ERP's order number (for a rejection of an unreadable entry, its reference)
 * @param operation the order's operation, empty if none
 * @param status {@code RELEASED}, {@code DISPATCHED}, {@code RUNNING}, {@code PAUSED}, {@code
 *     COMPLETED}, {@code ABORTED}, {@code PROGRESS} (quantities while running) or {@code REJECTED}
 * @param machine the machine the job is on, if any
 * @param good good parts made so far
 * @param scrap scrap so far
 * @param at when it happened on the site
 * @param reason why, for a rejection, an abort or a pause; a plain sentence
 */
public record Confirmation(
    String id,
    String orderNumber,
    String operation,
    String status,
    Optional<String> machine,
    long good,
    long scrap,
    Instant at,
    Optional<String> reason) {

  public Confirmation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(orderNumber, "orderNumber");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(machine, "machine");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(reason, "reason");
  }
}
