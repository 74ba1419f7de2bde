package io.millwright.jobs.book;

import java.util.Objects;
import java.util.Optional;

/**
 * A message for the ERP, before the journal gives it its stable id: a status change, quantities
 * while running, or a rejection (see {@link io.millwright.jobs.erp.Confirmation}).
 */
public record Outgoing(
    String orderNumber,
    String operation,
    String status,
    Optional<String> machine,
    long good,
    long scrap,
    long at,
    Optional<String> reason) {

  public Outgoing {
    Objects.requireNonNull(orderNumber, "orderNumber");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(machine, "machine");
    Objects.requireNonNull(reason, "reason");
  }

  /** The job's status (or {@code PROGRESS}) with its quantities. */
  static Outgoing of(Job job, String status, long at) {
    return new Outgoing(
        job.order().orderNumber(),
        job.order().operation(),
        status,
        job.machine(),
        job.good(),
        job.scrap(),
        at,
        job.note());
  }
}
