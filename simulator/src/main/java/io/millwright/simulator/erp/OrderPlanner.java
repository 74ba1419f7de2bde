package io.millwright.simulator.erp;

import io.millwright.simulator.plant.MachineProducts;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Makes up the next order for a machine as a planner would: one of its products, a few hundred to a
 * few thousand parts, planned back to back after the machine's last order. Not thread-safe: the
 * order book calls it under its lock.
 */
final class OrderPlanner {

  static final long FIRST_ORDER_NUMBER = 4_711_000_001L;
  static final String OPERATION = "0010";
  private static final int MIN_QUANTITY = 200;
  private static final int MAX_QUANTITY = 3_000;
  // Planners round to a box or a pallet.
  private static final int LOT = 50;

  private final SplittableRandom rnd;
  private final Map<String, Instant> plannedUntil = new HashMap<>();
  private long nextNumber = FIRST_ORDER_NUMBER;

  OrderPlanner(long seed) {
    this.rnd = new SplittableRandom(seed);
  }

  /**
   * @param taken whether an order number is in use already (a test may have posted it)
   */
  ProductionOrder next(MachineProducts machine, Instant now, Predicate<String> taken) {
    String number;
    do {
      number = Long.toString(nextNumber++);
    } while (taken.test(number));
    String product = machine.products().get(rnd.nextInt(machine.products().size()));
    long quantity = (long) LOT * rnd.nextInt(MIN_QUANTITY / LOT, MAX_QUANTITY / LOT + 1);
    Instant start = plannedUntil.getOrDefault(machine.machineId(), now);
    if (start.isBefore(now)) {
      start = now;
    }
    Instant end = start.plus(Duration.ofMillis(machine.idealCycleMillis()).multipliedBy(quantity));
    plannedUntil.put(machine.machineId(), end);
    return new ProductionOrder(
        number,
        OPERATION,
        product,
        quantity,
        Optional.of(machine.machineId()),
        Map.of(),
        Optional.of(BigDecimal.valueOf(machine.idealCycleMillis()).movePointLeft(3)),
        Optional.of(start),
        Optional.of(end),
        0);
  }
}
