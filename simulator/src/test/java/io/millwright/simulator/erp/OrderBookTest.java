package io.millwright.simulator.erp;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.simulator.plant.MachineProducts;
import io.millwright.simulator.plant.Plant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OrderBookTest {

  private static final Instant NOW = Instant.parse("2025-03-03T05:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final List<MachineProducts> MACHINES =
      List.of(
          new MachineProducts("press-01", List.of("BRACKET-A", "BRACKET-B"), 2_000),
          new MachineProducts("cnc-03", List.of("SHAFT-20"), 60_000));

  private final OrderBook book = new OrderBook(MACHINES, 7, CLOCK, 2, 100);

  @Test
  void seedingGivesEveryMachineAnOrderFirstThenTopsUp() {
    book.seed();

    List<OrderBook.OrderView> all = book.after(0, 100);
    assertThat(all).hasSize(4);
    assertThat(all)
        .extracting(v -> v.order().machine().orElseThrow())
        .containsExactly("press-01", "cnc-03", "press-01", "cnc-03");
    assertThat(all)
        .extracting(v -> v.order().orderNumber())
        .containsExactly("4711000001", "4711000002", "4711000003", "4711000004");
    assertThat(all).extracting(OrderBook.OrderView::status).containsOnly("RELEASED");
  }

  @Test
  void plannedOrdersLookLikeAPlannersOrders() {
    book.seed();

    for (OrderBook.OrderView v : book.after(0, 100)) {
      ProductionOrder o = v.order();
      MachineProducts m =
          MACHINES.stream()
              .filter(x -> x.machineId().equals(o.machine().orElseThrow()))
              .findFirst()
              .orElseThrow();
      assertThat(o.operation()).isEqualTo("0010");
      assertThat(m.products()).contains(o.product());
      assertThat(o.quantity()).isBetween(200L, 3_000L);
      assertThat(o.quantity() % 50).isZero();
      assertThat(o.priority()).isZero();
      assertThat(Duration.between(o.plannedStart().orElseThrow(), o.plannedEnd().orElseThrow()))
          .isEqualTo(Duration.ofMillis(m.idealCycleMillis()).multipliedBy(o.quantity()));
    }
    List<OrderBook.OrderView> press =
        book.after(0, 100).stream()
            .filter(v -> v.order().machine().orElseThrow().equals("press-01"))
            .toList();
    // Back to back on one machine.
    assertThat(press.get(1).order().plannedStart()).isEqualTo(press.get(0).order().plannedEnd());
  }

  @Test
  void theSameSeedPlansTheSameOrders() {
    OrderBook other = new OrderBook(MACHINES, 7, CLOCK, 2, 100);
    book.seed();
    other.seed();

    assertThat(other.after(0, 100)).isEqualTo(book.after(0, 100));
  }

  @Test
  void aCompletedOrderIsReplacedByANewOne() {
    book.seed();
    OrderBook.OrderView first = book.after(0, 1).getFirst();

    OrderBook.Taken taken = book.confirm(confirmation("c1", first, "COMPLETED", 500, 3, NOW));

    assertThat(taken).isEqualTo(OrderBook.Taken.APPLIED);
    assertThat(book.size()).isEqualTo(5);
    assertThat(book.openOrders("press-01")).isEqualTo(2);
    assertThat(book.after(4, 10).getFirst().order().machine()).contains("press-01");
  }

  @Test
  void progressChangesTotalsButNotStatus() {
    book.seed();
    OrderBook.OrderView first = book.after(0, 1).getFirst();

    book.confirm(confirmation("c1", first, "RUNNING", 0, 0, NOW));
    book.confirm(confirmation("c2", first, "PROGRESS", 120, 2, NOW.plusSeconds(60)));

    OrderBook.OrderView v = find(first);
    assertThat(v.status()).isEqualTo("RUNNING");
    assertThat(v.good()).isEqualTo(120);
    assertThat(v.scrap()).isEqualTo(2);
    assertThat(v.confirmations()).isEqualTo(2);
    assertThat(book.size()).isEqualTo(4);
  }

  @Test
  void totalsAreReplacedNotAddedAndALateOlderOneChangesNothing() {
    book.seed();
    OrderBook.OrderView first = book.after(0, 1).getFirst();

    book.confirm(confirmation("c1", first, "PROGRESS", 100, 1, NOW.plusSeconds(10)));
    book.confirm(confirmation("c2", first, "PROGRESS", 150, 2, NOW.plusSeconds(20)));
    book.confirm(confirmation("c0", first, "PROGRESS", 50, 0, NOW.plusSeconds(5)));

    assertThat(find(first).good()).isEqualTo(150);
    assertThat(find(first).scrap()).isEqualTo(2);
  }

  @Test
  void aRepeatedIdIsADuplicateAndChangesNothing() {
    book.seed();
    OrderBook.OrderView first = book.after(0, 1).getFirst();

    book.confirm(confirmation("c1", first, "PROGRESS", 100, 1, NOW));
    OrderBook.Taken again =
        book.confirm(confirmation("c1", first, "COMPLETED", 999, 9, NOW.plusSeconds(1)));

    assertThat(again).isEqualTo(OrderBook.Taken.DUPLICATE);
    assertThat(find(first).good()).isEqualTo(100);
    assertThat(find(first).status()).isEqualTo("RELEASED");
    assertThat(book.confirmations(Optional.empty(), 100)).hasSize(1);
  }

  @Test
  void anUnknownOrderIsRefusedUnlessTheSiteRejectsIt() {
    book.seed();
    ReceivedConfirmation running =
        new ReceivedConfirmation(
            "x1", "999", "", "RUNNING", Optional.empty(), 0, 0, NOW, Optional.empty(), NOW);
    ReceivedConfirmation rejected =
        new ReceivedConfirmation(
            "x2",
            "999",
            "",
            "REJECTED",
            Optional.empty(),
            0,
            0,
            NOW,
            Optional.of("machine lathe-9 unknown"),
            NOW);

    assertThat(book.confirm(running)).isEqualTo(OrderBook.Taken.UNKNOWN_ORDER);
    assertThat(book.confirm(rejected)).isEqualTo(OrderBook.Taken.REJECTION_RECORDED);
    assertThat(book.confirmations(Optional.of("999"), 10)).containsExactly(rejected);
  }

  @Test
  void confirmationsAreCappedOldestFirstAndCounted() {
    OrderBook small = new OrderBook(MACHINES, 7, CLOCK, 1, 3);
    small.seed();
    OrderBook.OrderView first = small.after(0, 1).getFirst();

    for (int i = 1; i <= 5; i++) {
      small.confirm(confirmation("c" + i, first, "PROGRESS", i, 0, NOW.plusSeconds(i)));
    }

    assertThat(small.confirmations(Optional.empty(), 100))
        .extracting(ReceivedConfirmation::id)
        .containsExactly("c3", "c4", "c5");
    assertThat(small.droppedConfirmations()).isEqualTo(2);
  }

  @Test
  void anOrderAddedTwiceIsOneAndDifferentContentConflicts() {
    ProductionOrder o =
        new ProductionOrder(
            "5000000001",
            "0010",
            "SHAFT-20",
            10,
            Optional.of("cnc-03"),
            Map.of("spindle/speed", "2800"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            0);

    assertThat(book.add(o).outcome()).isEqualTo(OrderBook.Added.CREATED);
    assertThat(book.add(o).outcome()).isEqualTo(OrderBook.Added.SAME_EXISTS);
    ProductionOrder more =
        new ProductionOrder(
            "5000000001",
            "0010",
            "SHAFT-20",
            11,
            Optional.of("cnc-03"),
            Map.of("spindle/speed", "2800"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            0);
    assertThat(book.add(more).outcome()).isEqualTo(OrderBook.Added.CONFLICT);
    assertThat(book.size()).isEqualTo(1);
  }

  @Test
  void theDemoPlantsMachinesAllGetOrders() {
    List<MachineProducts> demo = Plant.demo(1).machineProducts();
    OrderBook plant = new OrderBook(demo, 1, CLOCK, 2, 100);

    plant.seed();

    assertThat(demo).hasSize(11);
    for (MachineProducts m : demo) {
      assertThat(plant.openOrders(m.machineId())).isEqualTo(2);
    }
    assertThat(plant.after(0, 11))
        .extracting(v -> v.order().machine().orElseThrow())
        .containsExactlyElementsOf(demo.stream().map(MachineProducts::machineId).toList());
  }

  private OrderBook.OrderView find(OrderBook.OrderView v) {
    return book.find(v.order().orderNumber(), Optional.of(v.order().operation())).orElseThrow();
  }

  private static ReceivedConfirmation confirmation(
      String id, OrderBook.OrderView v, String status, long good, long scrap, Instant at) {
    return new ReceivedConfirmation(
        id,
        v.order().orderNumber(),
        v.order().operation(),
        status,
        v.order().machine(),
        good,
        scrap,
        at,
        Optional.empty(),
        NOW);
  }
}
