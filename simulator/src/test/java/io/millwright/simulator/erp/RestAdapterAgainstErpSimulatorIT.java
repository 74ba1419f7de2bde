package io.millwright.simulator.erp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.millwright.jobs.erp.Confirmation;
import io.millwright.jobs.erp.Delivery;
import io.millwright.jobs.erp.ErpException;
import io.millwright.jobs.erp.ErpOrder;
import io.millwright.jobs.erp.Incoming;
import io.millwright.jobs.erp.OrderBatch;
import io.millwright.jobs.erp.rest.RestErpAdapter;
import io.millwright.jobs.erp.rest.RestErpConfig;
import io.millwright.simulator.plant.MachineProducts;
import io.millwright.simulator.plant.Plant;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The site's generic REST adapter against the simulated ERP: the two sides agree on the JSON. */
class RestAdapterAgainstErpSimulatorIT {

  private static final String TOKEN = "plant-1-erp";

  private final SettableClock clock = new SettableClock(Instant.parse("2025-03-03T05:00:00Z"));
  private final List<MachineProducts> machines = Plant.demo(3).machineProducts();
  private ErpSimulator erp;
  private RestErpAdapter adapter;

  @BeforeEach
  void start() {
    erp =
        new ErpSimulator(ErpSimulatorConfig.of(machines, clock).withBearerToken(TOKEN).withSeed(3))
            .start();
    adapter =
        new RestErpAdapter(
            RestErpConfig.of(URI.create(erp.baseUrl()))
                .withBearerToken(TOKEN)
                .withRequestTimeout(Duration.ofSeconds(5)));
  }

  @AfterEach
  void stop() {
    adapter.close();
    erp.close();
  }

  @Test
  void fetchesEverySeededOrderReadablyAcrossPages() throws Exception {
    List<ErpOrder> orders = fetchAll("");

    assertThat(orders).hasSize(machines.size() * 2);
    assertThat(orders.subList(0, machines.size()))
        .extracting(o -> o.machine().orElseThrow())
        .containsExactlyElementsOf(machines.stream().map(MachineProducts::machineId).toList());
    ErpOrder first = orders.getFirst();
    MachineProducts press = machines.getFirst();
    assertThat(first.orderNumber()).isEqualTo("4711000001");
    assertThat(first.operation()).isEqualTo("0010");
    assertThat(press.products()).contains(first.product());
    assertThat(first.idealCycle()).contains(Duration.ofMillis(press.idealCycleMillis()));
    assertThat(first.plannedStart()).contains(clock.instant());
  }

  @Test
  void aCompletionIsAcceptedOnceThenDuplicateAndBringsANewOrder() throws Exception {
    List<ErpOrder> before = fetchAll("");
    String cursor = Integer.toString(before.size());
    ErpOrder first = before.getFirst();
    Confirmation done =
        new Confirmation(
            "plant-1/1",
            first.orderNumber(),
            first.operation(),
            "COMPLETED",
            first.machine(),
            first.quantity(),
            7,
            clock.instant().plusSeconds(3_600),
            Optional.empty());

    Delivery delivered = adapter.confirm(done);
    Delivery again = adapter.confirm(done);
    List<ErpOrder> next = fetchAll(cursor);

    assertThat(delivered).isEqualTo(Delivery.ACCEPTED);
    assertThat(again).isEqualTo(Delivery.DUPLICATE);
    assertThat(next)
        .singleElement()
        .extracting(o -> o.machine().orElseThrow())
        .isEqualTo(first.machine().orElseThrow());
    assertThat(erp.openOrders(first.machine().orElseThrow())).isEqualTo(2);
  }

  @Test
  void aRejectionOfAnOrderTheErpNeverSentIsAccepted() throws Exception {
    Confirmation rejection =
        new Confirmation(
            "plant-1/r1",
            "#3",
            "",
            "REJECTED",
            Optional.empty(),
            0,
            0,
            clock.instant(),
            Optional.of("quantity is not positive: 0"));

    assertThat(adapter.confirm(rejection)).isEqualTo(Delivery.ACCEPTED);
  }

  @Test
  void aConfirmationForAnUnknownOrderIsRefusedForGood() {
    Confirmation stray =
        new Confirmation(
            "plant-1/x",
            "123",
            "",
            "RUNNING",
            Optional.empty(),
            0,
            0,
            clock.instant(),
            Optional.empty());

    ErpException e = catchThrowableOfType(ErpException.class, () -> adapter.confirm(stray));

    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("404");
  }

  @Test
  void anOutageIsRetryableAndTheCursorStillWorksAfterIt() throws Exception {
    OrderBatch firstPage = adapter.fetch("", 5);
    erp.outage(Duration.ofMinutes(5));

    ErpException during =
        catchThrowableOfType(ErpException.class, () -> adapter.fetch(firstPage.cursor(), 5));
    clock.advance(Duration.ofMinutes(6));
    OrderBatch after = adapter.fetch(firstPage.cursor(), 5);

    assertThat(during.retryable()).isTrue();
    assertThat(during.getMessage()).contains("503");
    assertThat(after.orders()).hasSize(5);
    assertThat(after.cursor()).isEqualTo("10");
  }

  @Test
  void aWrongTokenIsRetriedNotGivenUp() {
    // Credentials that expired fail every request alike: retried until they are put right, so
    // no confirmation is given up for them.
    try (RestErpAdapter wrong =
        new RestErpAdapter(RestErpConfig.of(URI.create(erp.baseUrl())).withBearerToken("nope"))) {
      ErpException e = catchThrowableOfType(ErpException.class, () -> wrong.fetch("", 5));

      assertThat(e.retryable()).isTrue();
      assertThat(e.getMessage()).contains("401").contains("credentials");
    }
  }

  private List<ErpOrder> fetchAll(String from) throws ErpException {
    List<ErpOrder> out = new ArrayList<>();
    String cursor = from;
    for (int page = 0; page < 100; page++) {
      OrderBatch batch = adapter.fetch(cursor, 7);
      for (Incoming i : batch.orders()) {
        assertThat(i).isInstanceOf(Incoming.Order.class);
        out.add(((Incoming.Order) i).order());
      }
      if (batch.orders().isEmpty()) {
        assertThat(batch.cursor()).isEqualTo(cursor);
        return out;
      }
      cursor = batch.cursor();
    }
    throw new AssertionError("the ERP never ran out of orders");
  }
}
