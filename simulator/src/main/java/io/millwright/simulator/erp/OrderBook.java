package io.millwright.simulator.erp;

import io.millwright.simulator.plant.MachineProducts;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The simulated ERP's orders, their ERP-side status and confirmed totals, and the confirmations
 * received. Keeps a few open orders per machine, planning new ones as orders close. Thread-safe:
 * every method holds the book's lock, and the book is small.
 */
final class OrderBook {

  /** What the ERP shows for an order: the order, its status and the site's last totals. */
  record OrderView(
      long sequence,
      ProductionOrder order,
      String status,
      long good,
      long scrap,
      int confirmations) {}

  enum Added {
    CREATED,
    SAME_EXISTS,
    CONFLICT
  }

  record AddResult(Added outcome, OrderView order) {}

  enum Taken {
    APPLIED,
    DUPLICATE,
    UNKNOWN_ORDER,
    REJECTION_RECORDED
  }

  static final String RELEASED = "RELEASED";
  private static final Set<String> CLOSED = Set.of("COMPLETED", "ABORTED", "REJECTED");

  /**
   * Notices about an order that leave its status as it is: quantities, a failed dispatch, a refused
   * change.
   */
  private static final Set<String> NOTICES =
      Set.of("PROGRESS", "DISPATCH_FAILED", "CHANGE_REFUSED");

  private final List<Entry> bySequence = new ArrayList<>();
  private final Map<String, Entry> byKey = new HashMap<>();
  private final Set<String> numbers = new HashSet<>();
  private final Map<String, Boolean> seenIds = new LinkedHashMap<>();
  private final Deque<ReceivedConfirmation> received = new ArrayDeque<>();
  private final List<MachineProducts> machines;
  private final OrderPlanner planner;
  private final Clock clock;
  private final int openPerMachine;
  private final int maxConfirmations;
  private long dropped;

  OrderBook(
      List<MachineProducts> machines,
      long seed,
      Clock clock,
      int openPerMachine,
      int maxConfirmations) {
    this.machines = List.copyOf(machines);
    this.planner = new OrderPlanner(seed);
    this.clock = clock;
    this.openPerMachine = openPerMachine;
    this.maxConfirmations = maxConfirmations;
  }

  /** One order per machine first, so every machine has work at once, then the rest. */
  synchronized void seed() {
    for (MachineProducts m : machines) {
      if (open(m.machineId()) == 0) {
        plan(m);
      }
    }
    machines.forEach(this::topUp);
  }

  synchronized AddResult add(ProductionOrder order) {
    Entry existing = byKey.get(order.key());
    if (existing != null) {
      return new AddResult(
          existing.order.equals(order) ? Added.SAME_EXISTS : Added.CONFLICT, existing.view());
    }
    return new AddResult(Added.CREATED, put(order).view());
  }

  /** Orders created after {@code sequence}, oldest first. */
  synchronized List<OrderView> after(long sequence, int limit) {
    List<OrderView> out = new ArrayList<>();
    // Sequence n is at index n - 1.
    for (long i = Math.max(0, sequence); i < bySequence.size() && out.size() < limit; i++) {
      out.add(bySequence.get((int) i).view());
    }
    return out;
  }

  /** The order with this number and operation; without an operation the first with the number. */
  synchronized Optional<OrderView> find(String orderNumber, Optional<String> operation) {
    if (operation.isPresent()) {
      return Optional.ofNullable(byKey.get(orderNumber + "/" + operation.get())).map(Entry::view);
    }
    return bySequence.stream()
        .filter(e -> e.order.orderNumber().equals(orderNumber))
        .findFirst()
        .map(Entry::view);
  }

  synchronized Taken confirm(ReceivedConfirmation c) {
    if (seenIds.containsKey(c.id())) {
      return Taken.DUPLICATE;
    }
    Entry e = byKey.get(c.orderNumber() + "/" + c.operation());
    if (e == null && !c.status().equals("REJECTED")) {
      return Taken.UNKNOWN_ORDER;
    }
    remember(c);
    if (e == null) {
      return Taken.REJECTION_RECORDED;
    }
    e.confirmations++;
    // Totals, not increments: a late older confirmation must not undo a newer one.
    if (e.lastAt == null || !c.at().isBefore(e.lastAt)) {
      e.lastAt = c.at();
      e.good = c.good();
      e.scrap = c.scrap();
      if (!NOTICES.contains(c.status())) {
        boolean wasOpen = !CLOSED.contains(e.status);
        e.status = c.status();
        if (wasOpen && CLOSED.contains(e.status)) {
          e.order.machine().flatMap(this::machine).ifPresent(this::topUp);
        }
      }
    }
    return Taken.APPLIED;
  }

  /** The most recent {@code limit} confirmations received, for one order or all, oldest first. */
  synchronized List<ReceivedConfirmation> confirmations(Optional<String> orderNumber, int limit) {
    List<ReceivedConfirmation> matching =
        received.stream()
            .filter(c -> orderNumber.isEmpty() || c.orderNumber().equals(orderNumber.get()))
            .toList();
    return List.copyOf(matching.subList(Math.max(0, matching.size() - limit), matching.size()));
  }

  synchronized long droppedConfirmations() {
    return dropped;
  }

  synchronized int size() {
    return bySequence.size();
  }

  synchronized int openOrders(String machineId) {
    return open(machineId);
  }

  private void remember(ReceivedConfirmation c) {
    seenIds.put(c.id(), Boolean.TRUE);
    received.addLast(c);
    // Bounded: a site that confirms for weeks must not fill the simulator's memory; the oldest
    // go, and with them the memory of their ids.
    while (received.size() > maxConfirmations) {
      ReceivedConfirmation old = received.removeFirst();
      seenIds.remove(old.id());
      dropped++;
    }
  }

  private Optional<MachineProducts> machine(String id) {
    return machines.stream().filter(m -> m.machineId().equals(id)).findFirst();
  }

  private void topUp(MachineProducts m) {
    while (open(m.machineId()) < openPerMachine) {
      plan(m);
    }
  }

  private void plan(MachineProducts m) {
    put(planner.next(m, clock.instant(), numbers::contains));
  }

  private int open(String machineId) {
    int n = 0;
    for (Entry e : bySequence) {
      if (!CLOSED.contains(e.status) && e.order.machine().filter(machineId::equals).isPresent()) {
        n++;
      }
    }
    return n;
  }

  private Entry put(ProductionOrder order) {
    Entry e = new Entry(bySequence.size() + 1L, order);
    bySequence.add(e);
    byKey.put(order.key(), e);
    numbers.add(order.orderNumber());
    return e;
  }

  private static final class Entry {
    final long sequence;
    final ProductionOrder order;
    String status = RELEASED;
    long good;
    long scrap;
    int confirmations;
    java.time.Instant lastAt;

    Entry(long sequence, ProductionOrder order) {
      this.sequence = sequence;
      this.order = order;
    }

    OrderView view() {
      return new OrderView(sequence, order, status, good, scrap, confirmations);
    }
  }
}
