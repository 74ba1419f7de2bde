package io.millwright.jobs.erp.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.millwright.jobs.erp.Confirmation;
import io.millwright.jobs.erp.Delivery;
import io.millwright.jobs.erp.ErpException;
import io.millwright.jobs.erp.Incoming;
import io.millwright.jobs.erp.OrderBatch;
import io.millwright.jobs.erp.json.FieldNames;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The REST adapter against a real HTTP server on a local port. */
class RestErpAdapterTest {

  private static final String TOKEN = "s3cr3t-t0ken";
  private static final String ORDER =
      "{\"orderNumber\":\"4711000001\",\"operation\":\"0010\",\"product\":\"BRACKET-A\","
          + "\"quantity\":500,\"machine\":\"press-01\"}";
  private static final Confirmation DONE =
      new Confirmation(
          "site-1/17",
          "4711000001",
          "0010",
          "COMPLETED",
          Optional.of("press-01"),
          500,
          4,
          Instant.parse("2025-03-03T07:00:00Z"),
          Optional.empty());

  private ScriptedHttpServer erp;
  private RestErpAdapter adapter;

  @BeforeEach
  void start() throws IOException {
    erp = new ScriptedHttpServer();
    adapter = new RestErpAdapter(RestErpConfig.of(erp.base()).withBearerToken(TOKEN));
  }

  @AfterEach
  void stop() {
    adapter.close();
    erp.close();
  }

  @Test
  void fetchesAPageOfOrdersWithTheTokenAndCursor() throws Exception {
    erp.answer(200, "{\"orders\":[" + ORDER + "],\"cursor\":\"17\"}");

    OrderBatch batch = adapter.fetch("a b&c", 50);

    assertThat(batch.cursor()).isEqualTo("17");
    assertThat(batch.orders()).singleElement().isInstanceOf(Incoming.Order.class);
    ScriptedHttpServer.Request r = erp.requests().getFirst();
    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.uri().getPath()).isEqualTo("/api/orders");
    assertThat(r.uri().getRawQuery()).isEqualTo("after=a+b%26c&limit=50");
    assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void pagesOnWithTheCursorTheErpGave() throws Exception {
    erp.answer(200, "{\"orders\":[" + ORDER + "],\"cursor\":\"1\"}");
    erp.answer(200, "{\"orders\":[],\"cursor\":\"1\"}");

    OrderBatch first = adapter.fetch("", 1);
    OrderBatch second = adapter.fetch(first.cursor(), 1);

    assertThat(second.orders()).isEmpty();
    assertThat(second.cursor()).isEqualTo("1");
    assertThat(erp.requests())
        .extracting(r -> r.uri().getRawQuery())
        .containsExactly("after=&limit=1", "after=1&limit=1");
  }

  @Test
  void anUnavailableErpIsRetryableAndTheNextTryWorks() throws Exception {
    erp.answer(503, "{\"title\":\"maintenance\"}");
    erp.answer(200, "{\"orders\":[],\"cursor\":\"9\"}");

    ErpException e = catchThrowableOfType(ErpException.class, () -> adapter.fetch("", 10));
    OrderBatch batch = adapter.fetch("", 10);

    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("503").contains("maintenance");
    assertThat(batch.cursor()).isEqualTo("9");
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 403, 404, 408, 429, 500, 502, 504})
  void anErpThatIsUnusableNowIsRetried(int status) {
    erp.answer(status, "");

    ErpException e = catchThrowableOfType(ErpException.class, () -> adapter.fetch("", 10));

    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains(String.valueOf(status));
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 413, 422})
  void aRefusalIsNotRetryable(int status) {
    erp.answer(status, "{\"detail\":\"bad limit\"}");

    ErpException e = catchThrowableOfType(ErpException.class, () -> adapter.fetch("", 10));

    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains(String.valueOf(status)).contains("refused");
  }

  @Test
  void aSlowErpTimesOutRetryably() throws Exception {
    RestErpAdapter impatient =
        new RestErpAdapter(RestErpConfig.of(erp.base()).withRequestTimeout(Duration.ofMillis(200)));
    erp.answer(new ScriptedHttpServer.Answer(200, "{\"orders\":[]}", 3_000, 0));

    ErpException e = catchThrowableOfType(ErpException.class, () -> impatient.fetch("", 10));
    impatient.close();

    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("took longer than");
  }

  @Test
  void anAnswerThatStallsMidBodyTimesOutRetryably() {
    RestErpAdapter impatient =
        new RestErpAdapter(RestErpConfig.of(erp.base()).withRequestTimeout(Duration.ofMillis(300)));
    erp.answer(new ScriptedHttpServer.Answer(200, "{\"orders\":[],\"cursor\":\"1\"}", 0, 5_000));

    ErpException e = catchThrowableOfType(ErpException.class, () -> impatient.fetch("", 10));
    impatient.close();

    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("took longer than");
  }

  @Test
  void anAnswerAboveTenMegabytesIsRefusedNotRead() {
    erp.answer(
        200, "{\"orders\":[],\"pad\":\"" + "x".repeat(RestErpAdapter.MAX_ANSWER_BYTES) + "\"}");

    ErpException e = catchThrowableOfType(ErpException.class, () -> adapter.fetch("", 10));

    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("larger than");
  }

  @Test
  void anUnreachableErpIsRetryable() throws Exception {
    int freePort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      freePort = s.getLocalPort();
    }
    RestErpAdapter nowhere =
        new RestErpAdapter(RestErpConfig.of(URI.create("http://127.0.0.1:" + freePort)));

    ErpException e = catchThrowableOfType(ErpException.class, () -> nowhere.fetch("", 10));
    nowhere.close();

    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("cannot reach the ERP");
  }

  @ParameterizedTest
  @ValueSource(strings = {"<html>oops</html>", "[]", "{\"orders\":5}", ""})
  void aGarbage200IsNotRetryableAndGivesNoCursor(String body) {
    erp.answer(200, body);

    ErpException e = catchThrowableOfType(ErpException.class, () -> adapter.fetch("old", 10));

    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("not a page of orders");
  }

  @Test
  void aBadOrderInAPageIsUnreadableNotAFailure() throws Exception {
    erp.answer(
        200,
        "{\"orders\":[{\"orderNumber\":\"4711000002\",\"product\":\"P\",\"quantity\":-1},"
            + ORDER
            + "],\"cursor\":\"2\"}");

    OrderBatch batch = adapter.fetch("", 10);

    assertThat(batch.orders()).hasSize(2);
    assertThat(batch.orders().getFirst())
        .isEqualTo(
            new Incoming.Unreadable(
                "4711000002",
                "{\"orderNumber\":\"4711000002\",\"product\":\"P\",\"quantity\":-1}",
                "quantity is not positive: -1; an order makes at least one part"));
  }

  @Test
  void confirmsWithTheIdAsIdempotencyKey() throws Exception {
    erp.answer(201, "{\"duplicate\":false}");

    Delivery d = adapter.confirm(DONE);

    assertThat(d).isEqualTo(Delivery.ACCEPTED);
    ScriptedHttpServer.Request r = erp.requests().getFirst();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.uri().getPath()).isEqualTo("/api/confirmations");
    assertThat(r.idempotencyKey()).isEqualTo("site-1/17");
    assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN);
    assertThat(r.body()).contains("\"status\":\"COMPLETED\"").contains("\"good\":500");
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 202, 204})
  void otherSuccessesAreAccepted(int status) throws Exception {
    erp.answer(status, "");

    assertThat(adapter.confirm(DONE)).isEqualTo(Delivery.ACCEPTED);
  }

  @Test
  void aDuplicateIsRecognisedByItsBodyOrA409() throws Exception {
    erp.answer(200, "{\"duplicate\":true}");
    erp.answer(409, "{\"title\":\"already have it\"}");

    assertThat(adapter.confirm(DONE)).isEqualTo(Delivery.DUPLICATE);
    assertThat(adapter.confirm(DONE)).isEqualTo(Delivery.DUPLICATE);
  }

  @Test
  void aRefusedConfirmationIsNotRetryableAndABusyOneIs() {
    erp.answer(422, "{\"detail\":\"unknown order\"}");
    erp.answer(503, "");

    ErpException refused = catchThrowableOfType(ErpException.class, () -> adapter.confirm(DONE));
    ErpException busy = catchThrowableOfType(ErpException.class, () -> adapter.confirm(DONE));

    assertThat(refused.retryable()).isFalse();
    assertThat(refused.getMessage()).contains("unknown order");
    assertThat(busy.retryable()).isTrue();
  }

  @Test
  void theTokenIsSentButNeverShown() throws Exception {
    erp.answer(200, "{\"orders\":[],\"cursor\":\"\"}");
    adapter.fetch("", 1);

    assertThat(erp.requests().getFirst().authorization()).isEqualTo("Bearer " + TOKEN);
    assertThat(adapter.describe()).contains(erp.base().toString()).doesNotContain(TOKEN);
    assertThat(adapter.toString()).doesNotContain(TOKEN);
    assertThat(RestErpConfig.of(erp.base()).withBearerToken(TOKEN).toString())
        .doesNotContain(TOKEN);
  }

  @Test
  void renamedFieldsReachTheReader() throws Exception {
    RestErpAdapter sap =
        new RestErpAdapter(
            RestErpConfig.of(erp.base())
                .withFieldNames(FieldNames.of(Map.of("orderNumber", "AUFNR")))
                .withPaths("/v2/prod-orders", "/v2/confirm"));
    erp.answer(
        200, "{\"orders\":[{\"AUFNR\":\"9\",\"product\":\"P\",\"quantity\":1}],\"cursor\":\"c\"}");

    OrderBatch batch = sap.fetch("", 5);
    sap.close();

    assertThat(batch.orders().getFirst()).isInstanceOf(Incoming.Order.class);
    assertThat(erp.requests().getFirst().uri().getPath()).isEqualTo("/api/v2/prod-orders");
  }

  @Test
  void aConfigRefusesWhatWouldLeakOrBreak() {
    assertThatThrownBy(() -> RestErpConfig.of(URI.create("ftp://erp/x")))
        .hasMessageContaining("http or https");
    assertThatThrownBy(() -> RestErpConfig.of(URI.create("https://user:pw@erp/x")))
        .hasMessageContaining("must not hold credentials");
    assertThatThrownBy(() -> RestErpConfig.of(erp.base()).withBearerToken("a\r\nX-Evil: 1"))
        .hasMessageContaining("printable ASCII");
    assertThatThrownBy(() -> RestErpConfig.of(erp.base()).withPaths("orders", "/c"))
        .hasMessageContaining("must start with /");
    assertThatThrownBy(() -> RestErpConfig.of(erp.base()).withRequestTimeout(Duration.ZERO))
        .hasMessageContaining("requestTimeout");
    assertThat(RestErpConfig.of(URI.create("https://erp.example.com/api/")).baseUrl())
        .hasToString("https://erp.example.com/api");
  }
}
