package io.millwright.simulator.erp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.millwright.simulator.plant.MachineProducts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ERP simulator over real HTTP. */
class ErpSimulatorIT {

  private static final String TOKEN = "erp-demo-token";
  private static final List<MachineProducts> MACHINES =
      List.of(
          new MachineProducts("press-01", List.of("BRACKET-A", "BRACKET-B"), 2_000),
          new MachineProducts("imm-01", List.of("CLIP-HOUSING-7"), 30_000),
          new MachineProducts("cnc-03", List.of("SHAFT-20"), 60_000));
  private static final String NEW_ORDER =
      "{\"orderNumber\":\"5000000001\",\"operation\":\"0010\",\"product\":\"SHAFT-20\","
          + "\"quantity\":40,\"machine\":\"cnc-03\",\"setpoints\":{\"spindle/speed\":2800},"
          + "\"idealCycleSeconds\":60,\"priority\":5}";

  private final SettableClock clock = new SettableClock(Instant.parse("2025-03-03T05:00:00Z"));
  private ErpSimulator erp;
  private ErpHttp http;

  @BeforeEach
  void start() {
    erp = new ErpSimulator(ErpSimulatorConfig.of(MACHINES, clock).withBearerToken(TOKEN)).start();
    http = new ErpHttp(erp.baseUrl(), TOKEN);
  }

  @AfterEach
  void stop() {
    http.close();
    erp.close();
  }

  @Test
  void servesTheSeededOrdersPageByPage() throws Exception {
    List<String> numbers = new ArrayList<>();
    String cursor = "";
    for (int i = 0; i < 10; i++) {
      JsonNode page = http.get("/orders?after=" + cursor + "&limit=4").json();
      page.get("orders").forEach(o -> numbers.add(o.get("orderNumber").asText()));
      if (page.get("orders").isEmpty()) {
        assertThat(page.get("cursor").asText()).isEqualTo(cursor);
        break;
      }
      cursor = page.get("cursor").asText();
    }

    assertThat(erp.baseUrl()).isEqualTo("http://127.0.0.1:" + erp.port() + "/api");
    assertThat(numbers)
        .containsExactly(
            "4711000001", "4711000002", "4711000003", "4711000004", "4711000005", "4711000006");
    assertThat(cursor).isEqualTo("6");
    assertThat(http.get("/orders?limit=3").body())
        .contains("\"idealCycleSeconds\":2,")
        .contains("\"idealCycleSeconds\":30,")
        .contains("\"idealCycleSeconds\":60,");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/orders?after=abc", "/orders?after=-1", "/orders?limit=0", "/orders?limit=x"})
  void aBadCursorOrLimitIsA400Problem(String path) throws Exception {
    ErpHttp.Answer a = http.get(path);

    assertThat(a.status()).isEqualTo(400);
    assertThat(a.contentType()).isEqualTo("application/problem+json");
    assertThat(a.json().get("detail").asText()).isNotBlank();
    assertThat(erp.counters().rejected()).isEqualTo(1);
  }

  @Test
  void anOrderPostedIsServedAndPostingItAgainIsIdempotent() throws Exception {
    ErpHttp.Answer created = http.post("/orders", NEW_ORDER);
    ErpHttp.Answer again = http.post("/orders", NEW_ORDER);
    ErpHttp.Answer changed =
        http.post("/orders", NEW_ORDER.replace("\"quantity\":40", "\"quantity\":41"));

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().get("setpoints").get("spindle/speed").asText()).isEqualTo("2800");
    assertThat(again.status()).isEqualTo(200);
    assertThat(changed.status()).isEqualTo(409);
    JsonNode page = http.get("/orders?after=6").json();
    assertThat(page.get("orders")).hasSize(1);
    assertThat(page.get("orders").get(0).get("orderNumber").asText()).isEqualTo("5000000001");
    assertThat(page.get("cursor").asText()).isEqualTo("7");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"product\":\"P\",\"quantity\":1}",
        "{\"orderNumber\":\"1\",\"product\":\"P\",\"quantity\":0}",
        "{\"orderNumber\":\"1\",\"product\":\"P\",\"quantity\":\"5\"}",
        "{\"orderNumber\":\"1\",\"product\":\"P\",\"quantity\":1,\"plannedStart\":\"soon\"}",
        "{\"orderNumber\":\"1\",\"product\":\"P\",\"quantity\":1,\"setpoints\":{\"a\":[1]}}",
        "[1,2]",
        "not json",
        ""
      })
  void aBadOrderIsA400WithAReason(String body) throws Exception {
    ErpHttp.Answer a = http.post("/orders", body);

    assertThat(a.status()).isEqualTo(400);
    assertThat(a.json().get("detail").asText()).isNotBlank();
    assertThat(erp.orderCount()).isEqualTo(6);
  }

  @Test
  void confirmationsUpdateTheOrderOnceAndRepeatsAreDuplicates() throws Exception {
    String progress = confirmation("site/1", "4711000001", "PROGRESS", 100, 2);
    String done = confirmation("site/2", "4711000001", "COMPLETED", 480, 5);

    ErpHttp.Answer first = http.post("/confirmations", progress, "Idempotency-Key", "site/1");
    ErpHttp.Answer repeat = http.post("/confirmations", progress, "Idempotency-Key", "site/1");
    ErpHttp.Answer completed = http.post("/confirmations", done);

    assertThat(first.status()).isEqualTo(201);
    assertThat(first.json().get("duplicate").asBoolean()).isFalse();
    assertThat(repeat.status()).isEqualTo(200);
    assertThat(repeat.json().get("duplicate").asBoolean()).isTrue();
    assertThat(completed.status()).isEqualTo(201);
    JsonNode order = http.get("/orders/4711000001").json();
    assertThat(order.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(order.get("good").asLong()).isEqualTo(480);
    assertThat(order.get("scrap").asLong()).isEqualTo(5);
    assertThat(order.get("confirmations").asInt()).isEqualTo(2);
    JsonNode received = http.get("/confirmations?order=4711000001").json();
    assertThat(received).hasSize(2);
    assertThat(received.get(0).get("id").asText()).isEqualTo("site/1");
    // The completed order's machine gets a new one.
    assertThat(erp.openOrders("press-01")).isEqualTo(2);
    assertThat(erp.orderCount()).isEqualTo(7);
  }

  @Test
  void anUnknownOrderIs404ButARejectionOfItIsRecorded() throws Exception {
    ErpHttp.Answer unknown =
        http.post("/confirmations", confirmation("s/9", "999", "RUNNING", 0, 0));
    ErpHttp.Answer rejection =
        http.post("/confirmations", confirmation("s/10", "999", "REJECTED", 0, 0));

    assertThat(unknown.status()).isEqualTo(404);
    assertThat(rejection.status()).isEqualTo(201);
    assertThat(http.get("/confirmations?order=999").json()).hasSize(1);
    assertThat(http.get("/orders/999").status()).isEqualTo(404);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"orderNumber\":\"4711000001\",\"operation\":\"0010\",\"status\":\"DONE\",\"good\":1,\"scrap\":0,\"at\":\"2025-03-03T05:00:00Z\"}",
        "{\"id\":\"a\",\"orderNumber\":\"4711000001\",\"operation\":\"0010\",\"status\":\"RUNNING\",\"good\":-1,\"scrap\":0,\"at\":\"2025-03-03T05:00:00Z\"}",
        "{\"id\":\"a\",\"orderNumber\":\"4711000001\",\"operation\":\"0010\",\"status\":\"RUNNING\",\"good\":1,\"scrap\":0}",
        "{\"orderNumber\":\"4711000001\",\"operation\":\"0010\",\"status\":\"RUNNING\",\"at\":\"2025-03-03T05:00:00Z\"}",
        "{{{"
      })
  void aMalformedConfirmationIsA400(String body) throws Exception {
    ErpHttp.Answer a = http.post("/confirmations", body);

    assertThat(a.status()).isEqualTo(400);
    assertThat(a.json().get("detail").asText()).isNotBlank();
  }

  @Test
  void anIdempotencyKeyThatContradictsTheIdIsA400() throws Exception {
    ErpHttp.Answer a =
        http.post(
            "/confirmations",
            confirmation("site/1", "4711000001", "RUNNING", 0, 0),
            "Idempotency-Key",
            "site/2");

    assertThat(a.status()).isEqualTo(400);
    assertThat(a.json().get("detail").asText()).contains("differ");
  }

  @Test
  void anOutageAnswers503UntilItEnds() throws Exception {
    assertThat(http.post("/outage", "{\"seconds\":30}").status()).isEqualTo(200);

    ErpHttp.Answer during = http.get("/orders");
    clock.advance(Duration.ofSeconds(31));
    ErpHttp.Answer after = http.get("/orders");
    http.post("/outage", "{\"seconds\":600}");
    http.post("/outage", "{\"seconds\":0}");
    ErpHttp.Answer ended = http.get("/orders");

    assertThat(during.status()).isEqualTo(503);
    assertThat(after.status()).isEqualTo(200);
    assertThat(ended.status()).isEqualTo(200);
    assertThat(erp.counters().unavailable()).isEqualTo(1);
  }

  @Test
  void withoutTheTokenEveryEndpointIs401() throws Exception {
    try (ErpHttp stranger = new ErpHttp(erp.baseUrl(), null);
        ErpHttp wrong = new ErpHttp(erp.baseUrl(), "guess")) {
      assertThat(stranger.get("/orders").status()).isEqualTo(401);
      assertThat(wrong.get("/orders/4711000001").status()).isEqualTo(401);
      assertThat(stranger.post("/confirmations", "{}").status()).isEqualTo(401);
      assertThat(stranger.post("/outage", "{\"seconds\":10}").status()).isEqualTo(401);
    }
    assertThat(http.get("/orders").status()).isEqualTo(200);
    assertThat(erp.counters().unauthorized()).isEqualTo(4);
    assertThat(erp.toString()).doesNotContain(TOKEN);
  }

  @Test
  void aBodyAboveOneMegabyteIs413AndTheServerCarriesOn() throws Exception {
    String huge = "{\"orderNumber\":\"" + "9".repeat(ErpApi.MAX_BODY_BYTES) + "\"}";

    assertThat(http.post("/orders", huge).status()).isEqualTo(413);
    assertThat(http.get("/orders?limit=1").status()).isEqualTo(200);
  }

  @Test
  void unknownPathsAndMethodsAreRefusedPolitely() throws Exception {
    assertThat(http.get("/nothing").status()).isEqualTo(404);
    assertThat(http.get("/outage").status()).isEqualTo(405);
    assertThat(http.post("/orders/4711000001", "{}").status()).isEqualTo(405);
    assertThat(http.get("/orders?limit=2").status()).isEqualTo(200);
    assertThat(erp.counters().failed()).isZero();
  }

  private static String confirmation(
      String id, String order, String status, long good, long scrap) {
    return "{\"id\":\""
        + id
        + "\",\"orderNumber\":\""
        + order
        + "\",\"operation\":\""
        + (order.startsWith("4711") ? "0010" : "")
        + "\",\"status\":\""
        + status
        + "\",\"machine\":null,\"good\":"
        + good
        + ",\"scrap\":"
        + scrap
        + ",\"at\":\"2025-03-03T05:10:00Z\",\"reason\":null}";
  }
}
