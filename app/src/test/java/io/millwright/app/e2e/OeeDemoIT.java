package io.millwright.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code oee} role in the running demo, in real time: machine states from the namespace, the
 * current shift's OEE, an operator classifying a stop the machine gave no reason for, a cut link
 * showing as unknown, the role's figures published back into the namespace and stored by the
 * historian, and the API's answers to bad requests.
 */
class OeeDemoIT {

  static final String PASSWORD = "oee-demo-password";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void statesOeeAndClassificationInTheDemo() throws Exception {
    try (RunningBinary demo =
        RunningBinary.start(dir, Map.of("MILLWRIGHT_ADMIN_PASSWORD", PASSWORD), "demo")) {
      demo.awaitReady(Duration.ofSeconds(120));

      // Every machine gets a state from its tags once its connector reads it.
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                JsonNode states = json(demo, "/api/v1/states");
                assertThat(states).hasSize(11);
                List<String> unknown = new ArrayList<>();
                states.forEach(
                    s -> {
                      if (s.get("state").asText().equals("unknown")
                          && !s.get("machine").asText().equals("washer-01")) {
                        unknown.add(s.get("machine").asText());
                      }
                    });
                assertThat(unknown).isEmpty();
              });

      JsonNode live =
          await().atMost(Duration.ofSeconds(30)).until(() -> liveOrNull(demo), l -> l != null);
      assertThat(live.get("shift").get("name").asText()).isIn("early", "late", "night");
      assertThat(live.get("machines")).hasSize(11);
      assertThat(live.get("lines").size()).isEqualTo(5);
      assertThat(live.get("site").has("sixBigLosses")).isTrue();

      // The simulated machines stop by themselves now and then; an injected stop must begin a stop
      // of its own, so the machines used are ones producing or on a break right now.
      String waiting = notStopped(demo, "press-01", "press-02", "imm-01", "imm-02", "imm-03");
      String faulty = notStopped(demo, "cnc-01", "cnc-02", "cnc-03", "laser-01", "cmm-01");

      // A stop the machine cannot explain (no operator): it reports none, an operator classifies
      // it.
      assertThat(
              demo.send(
                      "POST",
                      "/api/v1/simulator/machines/" + waiting + "/stop",
                      "{\"code\": 120, \"seconds\": 120}",
                      "admin",
                      PASSWORD)
                  .statusCode())
          .isEqualTo(204);
      AtomicReference<JsonNode> stop = new AtomicReference<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                JsonNode stops = json(demo, "/api/v1/states/" + waiting + "/stops?from=-1h");
                assertThat(stops.size()).isPositive();
                JsonNode last = stops.get(stops.size() - 1);
                assertThat(last.get("state").asText()).isEqualTo("unplanned-stop");
                assertThat(last.get("reason").asInt()).isZero();
                assertThat(last.get("reasonLabel").asText()).isEqualTo("unclassified");
                stop.set(last);
              });
      String start = stop.get().get("start").asText();
      String classify = "/api/v1/states/" + waiting + "/stops/" + start + "/classification";
      var answer =
          demo.send(
              "POST",
              classify,
              "{\"reason\": 120, \"comment\": \"shift handover\"}",
              "admin",
              PASSWORD);
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      assertThat(JSON.readTree(answer.body()).get("user").asText()).isEqualTo("admin");
      JsonNode classified = json(demo, "/api/v1/states/" + waiting + "/stops?from=-1h");
      JsonNode same = find(classified, start);
      assertThat(same.get("classification").get("label").asText()).isEqualTo("no operator");
      assertThat(same.get("classification").get("comment").asText()).isEqualTo("shift handover");

      // Bad requests are 400s that say why; unknown things are 404s; a machine's own reason, 409.
      assertThat(demo.send("POST", classify, "{\"reason\": 999}", "admin", PASSWORD).statusCode())
          .isEqualTo(400);
      assertThat(demo.send("POST", classify, "{}", "admin", PASSWORD).statusCode()).isEqualTo(400);
      assertThat(demo.send("POST", classify, "not json", "admin", PASSWORD).statusCode())
          .isEqualTo(400);
      assertThat(
              demo.send("POST", classify, "{\"reason\": \"abc\"}", "admin", PASSWORD).statusCode())
          .isEqualTo(400);
      assertThat(
              demo.send(
                      "POST",
                      "/api/v1/states/press-01/stops/yesterday/classification",
                      "{\"reason\": 120}",
                      "admin",
                      PASSWORD)
                  .statusCode())
          .isEqualTo(400);
      assertThat(
              demo.send(
                      "POST",
                      "/api/v1/states/press-01/stops/2020-01-01T00:00:00Z/classification",
                      "{\"reason\": 120}",
                      "admin",
                      PASSWORD)
                  .statusCode())
          .isEqualTo(404);
      var inverted =
          demo.get(
              "/api/v1/oee/site?from="
                  + enc("2026-01-02T00:00:00Z")
                  + "&to="
                  + enc("2026-01-01T00:00:00Z"),
              "admin",
              PASSWORD);
      assertThat(inverted.statusCode()).isEqualTo(400);
      assertThat(inverted.body()).contains("must be before");
      assertThat(demo.get("/api/v1/oee/machines/nope", "admin", PASSWORD).statusCode())
          .isEqualTo(404);
      assertThat(demo.get("/api/v1/oee/site?by=week", "admin", PASSWORD).statusCode())
          .isEqualTo(400);
      assertThat(demo.get("/api/v1/oee/site").statusCode()).isEqualTo(401);

      assertThat(
              demo.send(
                      "POST",
                      "/api/v1/simulator/machines/" + faulty + "/fault",
                      "{\"code\": 530}",
                      "admin",
                      PASSWORD)
                  .statusCode())
          .isEqualTo(204);
      AtomicReference<JsonNode> fault = new AtomicReference<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                JsonNode stops = json(demo, "/api/v1/states/" + faulty + "/stops?from=-1h");
                assertThat(stops.size()).isPositive();
                JsonNode last = stops.get(stops.size() - 1);
                assertThat(last.get("reason").asInt()).isEqualTo(530);
                fault.set(last);
              });
      assertThat(
              demo.send(
                      "POST",
                      "/api/v1/states/"
                          + faulty
                          + "/stops/"
                          + fault.get().get("start").asText()
                          + "/classification",
                      "{\"reason\": 120}",
                      "admin",
                      PASSWORD)
                  .statusCode())
          .isEqualTo(409);

      // A machine that cannot be reached is unknown, not running.
      demo.send("POST", "/api/v1/simulator/machines/laser-01/link-drop", null, "admin", PASSWORD);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> json(demo, "/api/v1/states/laser-01").get("state").asText().equals("unknown"));

      // Per-shift figures over a range, and the timeline.
      JsonNode byShift = json(demo, "/api/v1/oee/machines/press-01?from=-1h&by=shift");
      assertThat(byShift.size()).isBetween(1, 2);
      assertThat(json(demo, "/api/v1/states/press-01/timeline").size()).isPositive();

      // The role's own figures are in the namespace: the historian stores them as press-01's tags.
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(
                          json(
                                  demo,
                                  "/api/v1/history/latest?tags="
                                      + enc("acme/plant-1/pressing/line-1/press-01/oee/#"))
                              .toString())
                      .contains("oee/state")
                      .contains("oee/shift/availability"));
      assertThat(demo.get("/q/metrics").body()).contains("millwright_oee_messages_total");

      // Lines and the site: retained JSON beside the machines' levels.
      Mqtt5BlockingClient mqtt =
          MqttClient.builder()
              .useMqttVersion5()
              .serverHost("127.0.0.1")
              .serverPort(demo.mqttPort)
              .simpleAuth()
              .username("admin")
              .password(PASSWORD.getBytes(StandardCharsets.UTF_8))
              .applySimpleAuth()
              .buildBlocking();
      mqtt.connect();
      try (var received = mqtt.publishes(MqttGlobalPublishFilter.ALL)) {
        mqtt.subscribeWith().topicFilter("acme/plant-1/_oee").qos(MqttQos.AT_LEAST_ONCE).send();
        mqtt.subscribeWith()
            .topicFilter("acme/plant-1/moulding/line-2/_oee")
            .qos(MqttQos.AT_LEAST_ONCE)
            .send();
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          Mqtt5Publish p = received.receive(30, TimeUnit.SECONDS).orElseThrow();
          JsonNode figures =
              JSON.readTree(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8));
          assertThat(figures.get("shift").asText())
              .matches("\\d{4}-\\d{2}-\\d{2}/(early|late|night)");
          assertThat(figures.has("availability")).isTrue();
          topics.add(p.getTopic().toString());
        }
        assertThat(topics)
            .containsExactlyInAnyOrder("acme/plant-1/_oee", "acme/plant-1/moulding/line-2/_oee");
      }
      mqtt.disconnect();
      assertThat(demo.terminate(Duration.ofSeconds(10))).isZero();
    }
  }

  /** The first of these machines that is producing or on a planned stop, not in a stop. */
  private static String notStopped(RunningBinary demo, String... machines) {
    AtomicReference<String> found = new AtomicReference<>();
    await()
        .atMost(Duration.ofMinutes(3))
        .until(
            () -> {
              for (String m : machines) {
                String state = json(demo, "/api/v1/states/" + m).get("state").asText();
                if (state.equals("producing") || state.equals("planned-stop")) {
                  found.set(m);
                  return true;
                }
              }
              return false;
            });
    return found.get();
  }

  private static JsonNode liveOrNull(RunningBinary demo) throws Exception {
    var r = demo.get("/api/v1/oee", "admin", PASSWORD);
    return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
  }

  private static JsonNode json(RunningBinary demo, String path) throws Exception {
    var r = demo.get(path, "admin", PASSWORD);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static JsonNode find(JsonNode stops, String start) {
    for (JsonNode s : stops) {
      if (s.get("start").asText().equals(start)) {
        return s;
      }
    }
    throw new AssertionError("no stop starting " + start + " in " + stops);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
