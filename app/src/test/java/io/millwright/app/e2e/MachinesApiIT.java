package io.millwright.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Machines added, changed and deleted through the API of the real binary, connected to the
 * simulated plant's real Modbus slaves: live, checked with the configuration file's rules, and
 * still so after a restart.
 */
class MachinesApiIT {

  static final String PASSWORD = "machines-api-test-pw";
  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration STOP_LIMIT = Duration.ofSeconds(30);

  static final String NOT_MIRRORED =
      "machine 'press-11' is not configured; its tags are not mirrored";

  @TempDir Path dir;

  private static HttpResponse<String> send(
      RunningBinary binary, String method, String path, String body) {
    return binary.send(method, path, body, "admin", PASSWORD);
  }

  private static JsonNode json(RunningBinary binary, String path) throws Exception {
    HttpResponse<String> r = binary.get(path, "admin", PASSWORD);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static List<String> ids(RunningBinary binary) throws Exception {
    List<String> out = new ArrayList<>();
    json(binary, "/api/v1/machines").forEach(m -> out.add(m.get("id").asText()));
    return out;
  }

  /** A machine on press-01's Modbus slave, with the first {@code tags} of press-01's tags. */
  private static ObjectNode pressCopy(JsonNode press01, String endpoint, int tags) {
    ObjectNode machine = JSON.createObjectNode();
    machine.put("id", "press-11");
    machine.put("name", "Press 01 seen again");
    machine.put("area", "pressing");
    machine.put("line", "line-9");
    machine.put("protocol", "modbus");
    machine.put("endpoint", endpoint);
    machine.putObject("options").put("unitId", 1).put("timeout", "500ms");
    machine.put("pollInterval", "200ms");
    ArrayNode list = machine.putArray("tags");
    for (int i = 0; i < tags; i++) {
      JsonNode tag = press01.get("tags").get(i);
      list.addObject()
          .put("name", tag.get("name").asText())
          .put("address", tag.get("address").asText())
          .put("type", tag.get("type").asText());
    }
    return machine;
  }

  @Test
  void machinesAreAddedChangedAndDeletedLiveAndStaySoAfterARestart() throws Exception {
    // The same simulator ports for both runs: the added machine's endpoint names one.
    Map<String, String> env =
        Map.of(
            "MILLWRIGHT_ADMIN_PASSWORD",
            PASSWORD,
            "MILLWRIGHT_SIMULATOR_MODBUS_PORT",
            Integer.toString(RunningBinary.freePortRange(RunningBinary.MODBUS_MACHINES)),
            "MILLWRIGHT_SIMULATOR_OPCUA_PORT",
            Integer.toString(RunningBinary.freePort()),
            "MILLWRIGHT_SIMULATOR_S7_PORT",
            Integer.toString(RunningBinary.freePortRange(RunningBinary.S7_MACHINES)),
            "MILLWRIGHT_SIMULATOR_SQL_PORT",
            Integer.toString(RunningBinary.freePortRange(RunningBinary.SQL_MACHINES)),
            "MILLWRIGHT_MQTT_MIRROR",
            "true");
    // With the web role: its pages follow the machines added, changed and deleted.
    String[] args = {"run", "--roles", "simulator,connectors,web"};
    Path managedFile = dir.resolve("data").resolve("connectors").resolve("machines.yaml");
    try (RunningBinary binary = RunningBinary.start(dir, env, args)) {
      binary.awaitReady(Duration.ofSeconds(120));
      assertThat(ids(binary)).contains("press-01", "washer-01").hasSize(11);
      JsonNode press01 = json(binary, "/api/v1/machines/press-01");
      String endpoint = press01.get("machine").get("endpoint").asText();

      // Checked with the configuration file's rules; each error names its field.
      ObjectNode bad = pressCopy(press01, endpoint, 2);
      ((ObjectNode) bad.get("tags").get(1)).put("address", "holding:0").put("type", "string");
      HttpResponse<String> refused =
          send(binary, "POST", "/api/v1/machines/validate", bad.toString());
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(refused.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
      JsonNode problem = JSON.readTree(refused.body());
      assertThat(problem.get("status").asInt()).isEqualTo(400);
      assertThat(problem.get("errors")).hasSize(1);
      assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("tags[1].address");
      assertThat(problem.get("errors").get(0).get("message").asText())
          .startsWith("a string needs its length in registers");
      assertThat(send(binary, "POST", "/api/v1/machines", bad.toString()).statusCode())
          .isEqualTo(400);
      assertThat(ids(binary)).doesNotContain("press-11");
      assertThat(
              binary
                  .send("POST", "/api/v1/machines/validate", bad.toString(), null, null)
                  .statusCode())
          .isEqualTo(401);
      HttpResponse<String> notJson = send(binary, "POST", "/api/v1/machines", "{\"id\": ");
      assertThat(notJson.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(notJson.body()).get("errors").get(0).get("message").asText())
          .startsWith("not valid JSON");

      ObjectNode added = pressCopy(press01, endpoint, 3);
      HttpResponse<String> valid =
          send(binary, "POST", "/api/v1/machines/validate", added.toString());
      assertThat(valid.statusCode()).as(valid.body()).isEqualTo(200);
      assertThat(ids(binary)).doesNotContain("press-11");

      // Added: connected at once, values flowing.
      HttpResponse<String> created = send(binary, "POST", "/api/v1/machines", added.toString());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      assertThat(created.headers().firstValue("Location"))
          .hasValueSatisfying(l -> assertThat(l).endsWith("/api/v1/machines/press-11"));
      assertThat(ids(binary)).contains("press-11").hasSize(12);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                JsonNode m = json(binary, "/api/v1/machines/press-11").get("machine");
                assertThat(m.get("status").asText()).isEqualTo("connected");
                assertThat(m.get("samples").asLong()).isPositive();
                assertThat(m.get("tagCount").asInt()).isEqualTo(3);
              });
      assertThat(send(binary, "POST", "/api/v1/machines", added.toString()).statusCode())
          .isEqualTo(409);
      // The JSON mirror placed the machines once, at its start: not this one, until a restart.
      await().atMost(Duration.ofSeconds(10)).until(() -> binary.stdout().contains(NOT_MIRRORED));

      // Changed: the id must match; then the new tag set is live.
      ObjectNode changed = pressCopy(press01, endpoint, 5);
      changed.put("line", "line-7");
      HttpResponse<String> wrongId =
          send(binary, "PUT", "/api/v1/machines/press-01", changed.toString());
      assertThat(wrongId.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(wrongId.body()).get("errors").get(0).get("field").asText())
          .isEqualTo("id");
      assertThat(
              send(binary, "PUT", "/api/v1/machines/nosuch", changed.put("id", "nosuch").toString())
                  .statusCode())
          .isEqualTo(404);
      changed.put("id", "press-11");
      HttpResponse<String> edited =
          send(binary, "PUT", "/api/v1/machines/press-11", changed.toString());
      assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                JsonNode detail = json(binary, "/api/v1/machines/press-11");
                assertThat(detail.get("machine").get("line").asText()).isEqualTo("line-7");
                assertThat(detail.get("tags")).hasSize(5);
                assertThat(detail.get("machine").get("status").asText()).isEqualTo("connected");
                assertThat(detail.get("machine").get("samples").asLong()).isPositive();
              });

      // Deleted: a machine of the simulated plant.
      assertThat(send(binary, "DELETE", "/api/v1/machines/washer-01", null).statusCode())
          .isEqualTo(204);
      assertThat(ids(binary)).doesNotContain("washer-01").hasSize(11);
      assertThat(send(binary, "DELETE", "/api/v1/machines/washer-01", null).statusCode())
          .isEqualTo(404);
      JsonNode plant = json(binary, "/api/v1/plant").get("machines");
      assertThat(plant.findValuesAsText("id")).contains("press-11").doesNotContain("washer-01");
      for (JsonNode tile : plant) {
        if (tile.get("id").asText().equals("press-11")) {
          assertThat(tile.get("line").asText()).isEqualTo("line-7");
        }
      }

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(binary.stdout())
                      .contains("user admin added the machine press-11")
                      .contains("user admin changed the machine press-11")
                      .contains("user admin deleted the machine washer-01"));
      assertThat(binary.terminate(STOP_LIMIT)).isZero();
    }

    String kept = Files.readString(managedFile);
    assertThat(kept).contains("id: press-11").contains("line: line-7").contains("- washer-01");
    assertThat(managedFile.resolveSibling("machines.yaml.tmp")).doesNotExist();

    try (RunningBinary again = RunningBinary.start(dir, env, args)) {
      again.awaitReady(Duration.ofSeconds(120));
      assertThat(ids(again)).contains("press-11", "press-01").doesNotContain("washer-01");
      JsonNode detail = json(again, "/api/v1/machines/press-11");
      assertThat(detail.get("machine").get("line").asText()).isEqualTo("line-7");
      assertThat(detail.get("tags")).hasSize(5);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(
                          json(again, "/api/v1/machines/press-11")
                              .get("machine")
                              .get("status")
                              .asText())
                      .isEqualTo("connected"));
      long samples =
          json(again, "/api/v1/machines/press-11").get("machine").get("samples").asLong();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  json(again, "/api/v1/machines/press-11").get("machine").get("samples").asLong()
                      > samples);
      assertThat(again.stdout()).doesNotContain(NOT_MIRRORED);
      assertThat(again.terminate(STOP_LIMIT)).isZero();
    }
  }
}
