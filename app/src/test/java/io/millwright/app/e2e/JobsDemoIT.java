package io.millwright.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole jobs loop in the running demo, in real time: the ERP simulator plans an order, the jobs
 * role imports it, releases it onto the machine and dispatches it through the connector (an OPC UA
 * or Modbus write, confirmed by reading it back), the simulated machine makes the parts, the job
 * completes on its target, and the ERP simulator receives the confirmation with the right counts.
 * Around it: a paused job resumed, a machine offline mid-job, an order the site cannot map (a dead
 * letter, and the ERP is told), bad requests, and a restart after which nothing runs twice.
 */
class JobsDemoIT {

  static final String PASSWORD = "jobs-demo-password";
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void ordersFromTheErpRunOnTheMachinesAndAreConfirmedBack() throws Exception {
    int erpPort = RunningBinary.freePort();
    String erp = "http://127.0.0.1:" + erpPort + "/api";
    Map<String, String> env =
        Map.of(
            "MILLWRIGHT_ADMIN_PASSWORD",
            PASSWORD,
            "MILLWRIGHT_SIMULATOR_ERP_PORT",
            Integer.toString(erpPort));
    long seeded;
    long mine;
    try (RunningBinary demo = RunningBinary.start(dir, env, "demo")) {
      demo.awaitReady(Duration.ofSeconds(120));

      // The ERP simulator planned an order per machine; each went to its machine by itself.
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  current(demo, "press-02") != null
                      && status(current(demo, "press-02")).equals("running"));
      JsonNode first = current(demo, "press-02");
      seeded = first.get("id").asLong();
      assertThat(first.get("source").asText()).isEqualTo("erp");

      // A rush order of five parts for press-02, planned in the ERP.
      String order =
          "{\"orderNumber\":\"E2E-0001\",\"operation\":\"0010\",\"product\":\"BRACKET-A\","
              + "\"quantity\":5,\"machine\":\"press-02\",\"priority\":9}";
      assertThat(post(erp + "/orders", order).statusCode()).isEqualTo(201);
      mine =
          await().atMost(Duration.ofSeconds(30)).until(() -> jobId(demo, "E2E-0001"), id -> id > 0);
      JsonNode queued = job(demo, mine);
      assertThat(queued.get("status").asText()).isEqualTo("released");
      assertThat(queued.get("machine").asText()).isEqualTo("press-02");
      assertThat(queued.get("queuePosition").asInt()).isEqualTo(1);

      // The machine is busy: dispatching now is refused, with the reason.
      var busy = demo.send("POST", "/api/v1/jobs/" + mine + "/dispatch", null, "admin", PASSWORD);
      assertThat(busy.statusCode()).isEqualTo(409);
      assertThat(busy.body()).contains("press-02 is busy with job " + seeded);

      // Pausing the running job frees the machine; the rush order goes next, by itself.
      var paused =
          demo.send(
              "POST",
              "/api/v1/jobs/" + seeded + "/pause",
              "{\"reason\":\"rush order\"}",
              "admin",
              PASSWORD);
      assertThat(paused.statusCode()).isEqualTo(200);
      try {
        await()
            .atMost(Duration.ofSeconds(120))
            .until(() -> status(job(demo, mine)).equals("completed"));
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError(
            "the rush job did not complete: "
                + job(demo, mine)
                + "\npress-02: "
                + json(demo, "/api/v1/jobs?machine=press-02"),
            e);
      }
      JsonNode done = job(demo, mine);
      assertThat(done.get("good").asLong()).isEqualTo(5);
      long scrap = done.get("scrap").asLong();
      List<String> steps = new ArrayList<>();
      done.get("history")
          .forEach(t -> steps.add(t.get("to").asText() + " by " + t.get("by").asText()));
      assertThat(steps)
          .contains("released by site", "dispatched by machine", "completed by machine");

      // The ERP has the completion with the right counts, once.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  JSON.readTree(get(erp + "/orders/E2E-0001").body())
                      .get("status")
                      .asText()
                      .equals("COMPLETED"));
      JsonNode confirmed = JSON.readTree(get(erp + "/orders/E2E-0001").body());
      assertThat(confirmed.get("good").asLong()).isEqualTo(5);
      assertThat(confirmed.get("scrap").asLong()).isEqualTo(scrap);
      List<String> told = new ArrayList<>();
      JSON.readTree(get(erp + "/confirmations?order=E2E-0001").body())
          .forEach(c -> told.add(c.get("status").asText()));
      assertThat(told).containsSubsequence("RELEASED", "DISPATCHED", "COMPLETED");
      assertThat(told.stream().filter("COMPLETED"::equals).count()).isEqualTo(1);

      // The next order went on meanwhile: the paused job goes back into the queue, first, and
      // takes the machine when an operator closes the other job early.
      long next;
      try {
        // As long as the other dispatch waits here: the next job is written and read back over S7.
        next =
            await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> onMachine(demo, "press-02"), id -> id > 0);
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError(
            "no next job took press-02: " + json(demo, "/api/v1/jobs?machine=press-02"), e);
      }
      assertThat(next).isNotIn(seeded, mine);
      var resumed =
          demo.send("POST", "/api/v1/jobs/" + seeded + "/resume", null, "admin", PASSWORD);
      assertThat(resumed.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(resumed.body()).get("status").asText()).isEqualTo("released");
      assertThat(job(demo, seeded).get("queuePosition").asInt()).isEqualTo(1);
      var closed =
          demo.send(
              "POST",
              "/api/v1/jobs/" + next + "/complete",
              "{\"reason\":\"enough for today\"}",
              "admin",
              PASSWORD);
      assertThat(closed.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(closed.body()).get("status").asText()).isEqualTo("completed");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> List.of("dispatched", "running").contains(status(job(demo, seeded))));
      assertThat(job(demo, seeded).get("good").asLong())
          .isGreaterThanOrEqualTo(first.get("good").asLong());

      // A machine that goes offline mid-job: the job pauses, and goes on when the machine is back.
      long onCmm =
          await()
              .atMost(Duration.ofSeconds(60))
              .until(() -> onMachine(demo, "cmm-01"), id -> id > 0);
      assertThat(
              demo.send(
                      "POST",
                      "/api/v1/simulator/machines/cmm-01/link-drop",
                      null,
                      "admin",
                      PASSWORD)
                  .statusCode())
          .isEqualTo(204);
      await().atMost(Duration.ofSeconds(60)).until(() -> status(job(demo, onCmm)).equals("paused"));
      assertThat(job(demo, onCmm).get("note").asText()).contains("cmm-01 went offline");
      demo.send("DELETE", "/api/v1/simulator/machines/cmm-01/link-drop", null, "admin", PASSWORD);
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> List.of("dispatched", "running").contains(status(job(demo, onCmm))));

      // An order for a machine the site does not have: a dead letter, and the ERP is told.
      String lost =
          "{\"orderNumber\":\"E2E-0002\",\"product\":\"BRACKET-A\",\"quantity\":10,\"machine\":\"lathe-9\"}";
      assertThat(post(erp + "/orders", lost).statusCode()).isEqualTo(201);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> json(demo, "/api/v1/jobs/dead-letters").toString().contains("E2E-0002"));
      JsonNode letter = json(demo, "/api/v1/jobs/dead-letters").get(0);
      assertThat(letter.get("reason").asText())
          .isEqualTo("unknown machine or machine group \"lathe-9\"");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  JSON.readTree(get(erp + "/orders/E2E-0002").body())
                      .get("status")
                      .asText()
                      .equals("REJECTED"));

      // Bad requests get a clear answer.
      assertThat(
              demo.send("POST", "/api/v1/jobs/" + mine + "/abort", "{}", "admin", PASSWORD)
                  .statusCode())
          .isEqualTo(400);
      assertThat(
              demo.send("POST", "/api/v1/jobs/" + mine + "/pause", "{}", "admin", PASSWORD)
                  .statusCode())
          .isEqualTo(409);
      assertThat(
              demo.send("POST", "/api/v1/jobs/999999/release", "{}", "admin", PASSWORD)
                  .statusCode())
          .isEqualTo(404);
      var zero =
          demo.send(
              "POST",
              "/api/v1/jobs",
              "{\"orderNumber\":\"X-1\",\"product\":\"BRACKET-A\",\"quantity\":0,\"machine\":\"press-01\"}",
              "admin",
              PASSWORD);
      assertThat(zero.statusCode()).isEqualTo(400);
      assertThat(zero.body()).contains("not positive");
      // A form puts the message next to its field.
      assertThat(zero.body()).contains("\"field\":\"quantity\"");
      assertThat(demo.send("POST", "/api/v1/jobs", "{not json", "admin", PASSWORD).statusCode())
          .isEqualTo(400);
      assertThat(demo.get("/api/v1/jobs").statusCode()).isEqualTo(401);
    }

    // After a restart the completed job stays completed and is not written again; nothing doubles.
    try (RunningBinary demo = RunningBinary.start(dir, env, "demo")) {
      demo.awaitReady(Duration.ofSeconds(120));
      // The site stopped while the job ran; the simulated PLC starts again without it: the job is
      // written to it again. (A failure shows the job as the API has it.)
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                JsonNode j = job(demo, seeded);
                assertThat(status(j))
                    .as("job %d: %s", seeded, j)
                    .isIn("dispatched", "running", "completed");
              });
      JsonNode done = job(demo, mine);
      assertThat(done.get("status").asText()).isEqualTo("completed");
      assertThat(done.get("good").asLong()).isEqualTo(5);
      JsonNode all = json(demo, "/api/v1/jobs?limit=5000");
      long copies = 0;
      for (JsonNode j : all) {
        if (j.get("orderNumber").asText().equals("E2E-0001")) {
          copies++;
        }
      }
      assertThat(copies).isEqualTo(1);
      List<String> steps = new ArrayList<>();
      job(demo, mine).get("history").forEach(t -> steps.add(t.get("to").asText()));
      assertThat(steps.stream().filter("dispatched"::equals).count()).isEqualTo(1);
    }
  }

  static JsonNode json(RunningBinary demo, String path) throws Exception {
    HttpResponse<String> r = demo.get(path, "admin", PASSWORD);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  static JsonNode job(RunningBinary demo, long id) throws Exception {
    return json(demo, "/api/v1/jobs/" + id);
  }

  static String status(JsonNode job) {
    return job.get("status").asText();
  }

  static JsonNode current(RunningBinary demo, String machine) throws Exception {
    for (JsonNode m : json(demo, "/api/v1/jobs/machines")) {
      if (m.get("machine").asText().equals(machine)) {
        JsonNode c = m.get("current");
        return c == null || c.isNull() ? null : c;
      }
    }
    throw new AssertionError("no machine " + machine);
  }

  /** The job the machine has taken (dispatched, maybe still in changeover, or running). */
  static long onMachine(RunningBinary demo, String machine) throws Exception {
    JsonNode c = current(demo, machine);
    return c != null && List.of("dispatched", "running").contains(status(c))
        ? c.get("id").asLong()
        : 0;
  }

  static long jobId(RunningBinary demo, String orderNumber) throws Exception {
    for (JsonNode j : json(demo, "/api/v1/jobs?limit=5000")) {
      if (j.get("orderNumber").asText().equals(orderNumber)) {
        return j.get("id").asLong();
      }
    }
    return 0;
  }

  static HttpResponse<String> post(String url, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
