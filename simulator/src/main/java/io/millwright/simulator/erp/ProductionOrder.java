package io.millwright.simulator.erp;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A production order as the simulated ERP holds it, in the fields of the documented order JSON. Two
 * orders are the same content when these records are equal.
 */
record ProductionOrder(
    String orderNumber,
    String operation,
    String product,
    long quantity,
    Optional<String> machine,
    Map<String, String> setpoints,
    Optional<BigDecimal> idealCycleSeconds,
    Optional<Instant> plannedStart,
    Optional<Instant> plannedEnd,
    int priority) {

  ProductionOrder {
    Objects.requireNonNull(orderNumber, "orderNumber");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(product, "product");
    Objects.requireNonNull(machine, "machine");
    setpoints = Collections.unmodifiableMap(new LinkedHashMap<>(setpoints));
    // 2.50 and 2.5 are the same cycle.
    idealCycleSeconds = idealCycleSeconds.map(BigDecimal::stripTrailingZeros);
    Objects.requireNonNull(plannedStart, "plannedStart");
    Objects.requireNonNull(plannedEnd, "plannedEnd");
  }

  /** Order number and operation: what makes an order one order. */
  String key() {
    return orderNumber + "/" + operation;
  }
}
