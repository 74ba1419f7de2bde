package io.millwright.jobs.erp;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A production order as the ERP sends it, read but not yet checked against the site (that its
 * machine and product exist is the job book's business).
 *
 * @param orderNumber the ERP's production order number, e.g. {@code 4711000123}
 * @param operation the operation of the order's routing this job is, e.g. {@code 0010}; an order
 *     with one operation has an empty one
 * @param product the material number / part made
 * @param quantity good parts to make; positive
 * @param machine a machine id or a machine group; empty lets the site choose among the machines
 *     that make the product
 * @param setpoints recipe values written to the machine with the job: tag path to value as text
 *     (typed by the tag when written), in the ERP's order
 * @param idealCycle the planned time per part, when the ERP knows it
 * @param priority higher runs first within a machine's queue; 0 is normal
 */
public record ErpOrder(
    String orderNumber,
    String operation,
    String product,
    long quantity,
    Optional<String> machine,
    Map<String, String> setpoints,
    Optional<Duration> idealCycle,
    Optional<Instant> plannedStart,
    Optional<Instant> plannedEnd,
    int priority) {

  public ErpOrder {
    Objects.requireNonNull(orderNumber, "orderNumber");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(product, "product");
    Objects.requireNonNull(machine, "machine");
    setpoints = Collections.unmodifiableMap(new LinkedHashMap<>(setpoints));
    Objects.requireNonNull(idealCycle, "idealCycle");
    Objects.requireNonNull(plannedStart, "plannedStart");
    Objects.requireNonNull(plannedEnd, "plannedEnd");
  }

  /** The order's identity on the site: an order imported twice with this key is one job. */
  public String key() {
    return operation.isEmpty() ? orderNumber : orderNumber + "/" + operation;
  }
}
