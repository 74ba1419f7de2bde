package io.millwright.simulator.plant;

import java.util.List;
import java.util.Objects;

/**
 * What one production machine can make and how fast: the part of the plant a planning system (the
 * ERP simulator) needs to make up orders for it.
 *
 * @param machineId the machine's id, e.g. {@code press-01}
 * @param products the parts it makes, in DEMO-PLANT.md's order
 * @param idealCycleMillis its fastest sustainable cycle
 */
public record MachineProducts(String machineId, List<String> products, long idealCycleMillis) {

  public MachineProducts {
    Objects.requireNonNull(machineId, "machineId");
    products = List.copyOf(products);
    if (products.isEmpty()) {
      throw new IllegalArgumentException(machineId + " makes no products");
    }
    if (idealCycleMillis <= 0) {
      throw new IllegalArgumentException(
          machineId + ": ideal cycle must be positive, not " + idealCycleMillis + " ms");
    }
  }
}
