package io.millwright.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millwright.historian.postgres.PostgresServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The historian in the demo: the simulated machines' samples are stored as they arrive through the
 * namespace, and the history API answers latest values, raw ranges and aggregates, and refuses bad
 * parameters with the reason.
 */
class HistorianIT {

  static final String PASSWORD = "historian-password";
  static final ObjectMapper JSON = new ObjectMapper();
  static final String SPEED = "acme/plant-1/machining/cell-1/cnc-01/spindle/speed";

  @TempDir Path dir;

  @Test
  void theDemoPlantsHistoryIsStoredAndQueried() throws Exception {
    try (RunningBinary demo =
        RunningBinary.start(dir, Map.of("MILLWRIGHT_ADMIN_PASSWORD", PASSWORD), "demo")) {
      await().atMost(Duration.ofSeconds(90)).until(demo::ready);

      // The first queries of a just-started JVM on a busy machine may exceed the client's 5 s.
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
      await().atMost(Duration.ofSeconds(90)).until(demo::ready);
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
      assertThat(demo.stdout() + demo.stderr()).doesNotContain(postgres.password());
      assertThat(demo.terminate(Duration.ofSeconds(10))).isZero();
    }
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
