package io.millwright.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millwright.uns.testkit.PostgresServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The historian in the demo: the simulated machines' samples are stored as they arrive through the
 * namespace, and the history API answers latest values, raw ranges, aggregates, downsampled charts,
 * time-weighted averages, time per state and CSV exports, and refuses bad parameters with the
 * reason.
 */
class HistorianIT {

  static final String PASSWORD = "historian-password";
  static final ObjectMapper JSON = new ObjectMapper();
  static final String SPEED = "acme/plant-1/machining/cell-1/cnc-01/spindle/speed";
  static final String STATE = "acme/plant-1/machining/cell-1/cnc-01/state";
  static final String BEARING = "acme/plant-1/machining/cell-1/cnc-01/spindle/bearing-temperature";

  @TempDir Path dir;

  @Test
  void theDemoPlantsHistoryIsStoredAndQueried() throws Exception {
    try (RunningBinary demo =
        RunningBinary.start(dir, Map.of("MILLWRIGHT_ADMIN_PASSWORD", PASSWORD), "demo")) {
      demo.awaitReady(Duration.ofSeconds(120));

      // The first queries of a just-started JVM on a busy machine may exceed the client's timeout.
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                JsonNode latest =
                    get(demo, "/api/v1/history/latest?tags=" + encode("acme/plant-1/#"));
                assertThat(latest.size()).isGreaterThan(100);
                assertThat(latest.findValuesAsText("tag")).contains(SPEED);
              });
      // Samples keep arriving: a few seconds later the raw range holds several of them.
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(
                          get(demo, "/api/v1/history?tag=" + encode(SPEED) + "&from=-10m")
                              .get("samples")
                              .size())
                      .isGreaterThan(2));
      JsonNode page = get(demo, "/api/v1/history?tag=" + encode(SPEED) + "&from=-10m&limit=2");
      assertThat(page.get("samples")).hasSize(2);
      assertThat(page.get("next").asText()).isNotBlank();
      JsonNode buckets =
          get(demo, "/api/v1/history/aggregate?tag=" + encode(SPEED) + "&from=-10m&bucket=1s");
      assertThat(buckets.size()).isGreaterThan(0);
      assertThat(buckets.get(0).get("count").asLong()).isPositive();

      assertThat(status(demo, "/api/v1/history?tag=acme/plant-1/nothing/here&from=-1h"))
          .isEqualTo(400);
      assertThat(status(demo, "/api/v1/history?tag=" + encode(SPEED) + "&from=now&to=-1h"))
          .isEqualTo(400);
      assertThat(status(demo, "/api/v1/history?tag=" + encode(SPEED) + "&from=yesterday"))
          .isEqualTo(400);
      assertThat(status(demo, "/api/v1/history/latest?tags=" + encode("a/#/b"))).isEqualTo(400);
      assertThat(status(demo, "/api/v1/history?tag=" + encode(SPEED) + "&limit=0")).isEqualTo(400);
      advancedQueries(demo);

      assertThat(demo.get("/q/metrics").body())
          .contains("millwright_historian_samples_stored_total")
          .contains("millwright_historian_rollup_buckets_written_total")
          .contains("millwright_historian_samples_expired_total");
      assertThat(demo.terminate(Duration.ofSeconds(10))).isZero();
    }
  }

  @Test
  void withHistorianStorePostgresqlTheSamplesGoToPostgresql() throws Exception {
    try (PostgresServer postgres = PostgresServer.start();
        RunningBinary demo =
            RunningBinary.start(
                dir,
                Map.of(
                    "MILLWRIGHT_ADMIN_PASSWORD",
                    PASSWORD,
                    "MILLWRIGHT_HISTORIAN_STORE",
                    "postgresql",
                    "MILLWRIGHT_HISTORIAN_POSTGRESQL_URL",
                    postgres.url(),
                    "MILLWRIGHT_HISTORIAN_POSTGRESQL_USER",
                    PostgresServer.USER,
                    "MILLWRIGHT_HISTORIAN_POSTGRESQL_PASSWORD",
                    postgres.password()),
                "demo")) {
      demo.awaitReady(Duration.ofSeconds(120));
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(
                          get(demo, "/api/v1/history?tag=" + encode(SPEED) + "&from=-10m")
                              .get("samples")
                              .size())
                      .isGreaterThan(2));
      try (Connection c =
              DriverManager.getConnection(
                  postgres.url(), PostgresServer.USER, postgres.password());
          ResultSet rows =
              c.createStatement().executeQuery("SELECT count(*) FROM millwright.sample")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getLong(1)).isGreaterThan(100);
      }
      // The queries built on the store's SPI answer alike on either store.
      advancedQueries(demo);
      assertThat(demo.stdout() + demo.stderr()).doesNotContain(postgres.password());
      assertThat(demo.terminate(Duration.ofSeconds(10))).isZero();
    }
  }

  /**
   * Over a fixed range ending a few seconds ago, so that every sample of it is stored before the
   * first query and all queries see the same samples.
   */
  private static void advancedQueries(RunningBinary demo) throws Exception {
    AtomicReference<String> settled = new AtomicReference<>();
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              Instant end = Instant.now().minusSeconds(10).truncatedTo(ChronoUnit.MILLIS);
              String r = "&from=" + end.minus(Duration.ofMinutes(10)) + "&to=" + end;
              JsonNode samples = get(demo, "/api/v1/history?tag=" + encode(SPEED) + r);
              assertThat(good(samples)).as(samples.toString()).hasSizeGreaterThan(2);
              settled.set(r);
            });
    String range = settled.get();
    long span = Duration.ofMinutes(10).toMillis();
    JsonNode raw = get(demo, "/api/v1/history?tag=" + encode(SPEED) + range + "&limit=100000");
    List<JsonNode> good = good(raw);

    JsonNode chart =
        get(demo, "/api/v1/history/aggregate?tag=" + encode(SPEED) + range + "&mode=lttb&points=3");
    assertThat(chart).hasSize(3);
    assertThat(chart.get(0).get("timestamp")).isEqualTo(good.getFirst().get("timestamp"));
    assertThat(chart.get(2).get("timestamp")).isEqualTo(good.getLast().get("timestamp"));
    assertThat(chart.get(1).get("value").isNumber()).isTrue();

    // Several tags in one request: each answers as /aggregate does, in the order asked.
    JsonNode both =
        get(
            demo,
            "/api/v1/history/aggregates?tag="
                + encode(BEARING)
                + "&tag="
                + encode(SPEED)
                + range
                + "&mode=lttb&points=3");
    assertThat(both).hasSize(2);
    assertThat(both.get(0).get("tag").asText()).isEqualTo(BEARING);
    assertThat(both.get(0).get("aggregate")).hasSize(3);
    assertThat(both.get(1).get("tag").asText()).isEqualTo(SPEED);
    assertThat(both.get(1).get("aggregate")).isEqualTo(chart);
    JsonNode buckets =
        get(demo, "/api/v1/history/aggregate?tag=" + encode(SPEED) + range + "&points=4");
    assertThat(
            get(demo, "/api/v1/history/aggregates?tag=" + encode(SPEED) + range + "&points=4")
                .get(0)
                .get("aggregate"))
        .isEqualTo(buckets);
    String many = ("&tag=" + encode(SPEED)).repeat(21).substring(1);
    assertThat(status(demo, "/api/v1/history/aggregates?" + many + range)).isEqualTo(400);
    assertThat(status(demo, "/api/v1/history/aggregates?from=-1h")).isEqualTo(400);
    assertThat(
            status(
                demo,
                "/api/v1/history/aggregates?tag="
                    + encode(SPEED)
                    + "&tag=acme/plant-1/nothing"
                    + range))
        .isEqualTo(400);

    JsonNode twa = get(demo, "/api/v1/history/twa?tag=" + encode(SPEED) + range);
    assertThat(twa.get("average").isNumber()).isTrue();
    assertThat(twa.get("goodMillis").asLong()).isPositive();
    assertThat(
            twa.get("goodMillis").asLong()
                + twa.get("uncertainMillis").asLong()
                + twa.get("badMillis").asLong()
                + twa.get("unknownMillis").asLong())
        .isEqualTo(span);

    JsonNode states = get(demo, "/api/v1/history/durations?tag=" + encode(STATE) + range);
    assertThat(states.get("values").size()).isPositive();
    long stated = states.get("uncertainMillis").asLong() + states.get("badMillis").asLong();
    stated += states.get("unknownMillis").asLong();
    for (JsonNode v : states.get("values")) {
      assertThat(v.get("value").isTextual()).as(v.toString()).isTrue();
      assertThat(v.get("occurrences").asLong()).isPositive();
      stated += v.get("millis").asLong();
    }
    assertThat(stated).isEqualTo(span);

    var csv =
        demo.get(
            "/api/v1/history/export.csv?tag=" + encode(SPEED) + "&tag=" + encode(STATE) + range,
            "admin",
            PASSWORD);
    assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
    assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow())
        .startsWith("attachment; filename=\"history-")
        .endsWith(".csv\"");
    List<String> rows = csv.body().lines().toList();
    assertThat(rows.getFirst()).isEqualTo("timestamp,tag,value,quality");
    assertThat(rows.stream().filter(r -> r.contains("," + SPEED + ",")))
        .hasSize(raw.get("samples").size());
    // The export lists the first tag first, oldest first, with the same timestamps as raw.
    assertThat(Instant.parse(rows.get(1).substring(0, rows.get(1).indexOf(','))))
        .isEqualTo(Instant.parse(raw.get("samples").get(0).get("timestamp").asText()));
    assertThat(rows).anyMatch(r -> r.contains("," + STATE + ","));

    String badRange = "/api/v1/history/aggregate?tag=" + encode(SPEED) + range;
    assertThat(status(demo, badRange + "&mode=lttb&points=2")).isEqualTo(400);
    assertThat(status(demo, badRange + "&mode=lttb&bucket=1m")).isEqualTo(400);
    assertThat(status(demo, badRange + "&mode=spline")).isEqualTo(400);
    var text = demo.get("/api/v1/history/twa?tag=" + encode(STATE) + range, "admin", PASSWORD);
    assertThat(text.statusCode()).isEqualTo(400);
    assertThat(text.body()).contains("text values");
    assertThat(status(demo, "/api/v1/history/durations?tag=acme/plant-1/nothing&from=-1h"))
        .isEqualTo(400);
    var tooMany =
        demo.get("/api/v1/history/export.csv?tags=" + encode("acme/#"), "admin", PASSWORD);
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(tooMany.body()).contains("more than 100 tags");
    assertThat(status(demo, "/api/v1/history/export.csv?from=-1h")).isEqualTo(400);
  }

  private static List<JsonNode> good(JsonNode page) {
    List<JsonNode> good = new ArrayList<>();
    for (JsonNode s : page.get("samples")) {
      if (s.get("quality").asText().equals("Good")) {
        good.add(s);
      }
    }
    return good;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static JsonNode get(RunningBinary demo, String path) throws Exception {
    var response = demo.get(path, "admin", PASSWORD);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static int status(RunningBinary demo, String path) {
    return demo.get(path, "admin", PASSWORD).statusCode();
  }
}
