package io.millwright.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code alarms} role in the running demo, in real time: every machine ships definitions; a
 * fault, a drifting oil temperature and a cut link raise their alarms once each, on the namespace
 * (the events topic and each alarm's retained topic), on the live stream and in the journal;
 * operators acknowledge and shelve with their name on it; bad requests are refused; and the alarms'
 * states and journal survive a restart.
 */
class AlarmsDemoIT {

  static final String PASSWORD = "alarms-demo-password";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void alarmsInTheDemo() throws Exception {
    Map<String, String> env = Map.of("MILLWRIGHT_ADMIN_PASSWORD", PASSWORD);
    try (RunningBinary demo = RunningBinary.start(dir, env, "demo")) {
      demo.awaitReady(Duration.ofSeconds(120));

      // Every machine ships its link and fault alarms, and the ones its process calls for.
      JsonNode definitions = json(demo, "/api/v1/alarms/definitions");
      Set<String> machines = new HashSet<>();
      Set<String> ids = new HashSet<>();
      definitions.forEach(
          d -> {
            machines.add(d.get("machine").asText());
            ids.add(d.get("id").asText());
          });
      assertThat(machines).hasSize(11);
      assertThat(ids)
          .contains(
              "press-01/comms-lost",
              "press-01/fault",
              "press-01/hydraulics-oil-temperature-high",
              "cnc-02/spindle-bearing-temperature-high",
              "cnc-02/spindle-bearing-temperature-high-high",
              "cnc-02/overheating",
              "washer-01/water-conductivity-high");

      Mqtt5BlockingClient mqtt = mqtt(demo);
      BlockingQueue<String> stream = stream(demo);
      try (var received = mqtt.publishes(MqttGlobalPublishFilter.ALL)) {
        mqtt.subscribeWith()
            .topicFilter("acme/plant-1/_alarms/events")
            .qos(MqttQos.AT_LEAST_ONCE)
            .send();

        // A fault: the oee role decides the state, the alarms role raises the state alarm once.
        String machine = "laser-01";
        assertThat(
                demo.send(
                        "POST",
                        "/api/v1/simulator/machines/" + machine + "/fault",
                        "{\"code\": 520}",
                        "admin",
                        PASSWORD)
                    .statusCode())
            .isEqualTo(204);
        JsonNode raised = event(received, machine, "fault", "activated");
        assertThat(raised.get("state").asText()).isEqualTo("active-unacknowledged");
        assertThat(raised.get("priority").asText()).isEqualTo("high");
        assertThat(raised.get("message").asText()).isEqualTo("laser-01 stopped on fault 520");
        assertThat(streamed(stream, "laser-01/fault", "activated")).isTrue();
        // Between transitions the stream says it is alive, so a browser can tell a dead one.
        assertThat(heartbeat(stream)).isTrue();
        String alarm = "/api/v1/alarms/" + machine + "/fault";
        assertThat(json(demo, "/api/v1/alarms?machine=" + machine))
            .anySatisfy(a -> assertThat(a.get("id").asText()).isEqualTo("laser-01/fault"));

        // Acknowledged by the signed-in user, with the comment, once.
        var ack =
            demo.send(
                "POST", alarm + "/ack", "{\"comment\": \"fitter called\"}", "admin", PASSWORD);
        assertThat(ack.statusCode()).isEqualTo(200);
        JsonNode acked = JSON.readTree(ack.body());
        assertThat(acked.get("state").asText()).isEqualTo("active-acknowledged");
        assertThat(acked.get("user").asText()).isEqualTo("admin");
        assertThat(event(received, machine, "fault", "acknowledged").get("comment").asText())
            .isEqualTo("fitter called");
        assertThat(demo.send("POST", alarm + "/ack", "{}", "admin", PASSWORD).statusCode())
            .isEqualTo(409);

        // The retained topic of the alarm holds its latest transition.
        Mqtt5BlockingClient late = mqtt(demo);
        try (var retained = late.publishes(MqttGlobalPublishFilter.ALL)) {
          late.subscribeWith()
              .topicFilter("acme/plant-1/finishing/line-3/laser-01/_alarms/fault")
              .qos(MqttQos.AT_LEAST_ONCE)
              .send();
          Mqtt5Publish p = retained.receive(10, TimeUnit.SECONDS).orElseThrow();
          assertThat(p.isRetain()).isTrue();
          assertThat(JSON.readTree(p.getPayloadAsBytes()).get("state").asText())
              .isEqualTo("active-acknowledged");
        }
        late.disconnect();

        demo.send(
            "DELETE", "/api/v1/simulator/machines/" + machine + "/fault", null, "admin", PASSWORD);
        assertThat(event(received, machine, "fault", "cleared").get("state").asText())
            .isEqualTo("normal");

        // A drifting oil temperature: the high limit (60 degC, 10 s on-delay) raises one alarm.
        demo.send(
            "POST",
            "/api/v1/simulator/machines/press-01/drift",
            "{\"tag\": \"hydraulics/oil-temperature\", \"perMinute\": 30}",
            "admin",
            PASSWORD);
        JsonNode hot = event(received, "press-01", "hydraulics-oil-temperature-high", "activated");
        assertThat(Double.parseDouble(hot.get("value").asText())).isGreaterThan(60);
        String oil = "/api/v1/alarms/press-01/hydraulics-oil-temperature-high";

        // Shelving needs a reason and at most a day.
        assertThat(
                demo.send("POST", oil + "/shelve", "{\"duration\": \"30m\"}", "admin", PASSWORD)
                    .statusCode())
            .isEqualTo(400);
        assertThat(
                demo.send(
                        "POST",
                        oil + "/shelve",
                        "{\"duration\": \"25h\", \"comment\": \"x\"}",
                        "admin",
                        PASSWORD)
                    .statusCode())
            .isEqualTo(400);
        var shelved =
            demo.send(
                "POST",
                oil + "/shelve",
                "{\"duration\": \"30m\", \"comment\": \"cooler being cleaned\"}",
                "admin",
                PASSWORD);
        assertThat(shelved.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(shelved.body()).get("state").asText()).isEqualTo("shelved");
        event(received, "press-01", "hydraulics-oil-temperature-high", "shelved");
        // Still hot: unshelving raises it again at once, as one alarm.
        demo.send("POST", oil + "/unshelve", "{}", "admin", PASSWORD);
        event(received, "press-01", "hydraulics-oil-temperature-high", "unshelved");
        event(received, "press-01", "hydraulics-oil-temperature-high", "activated");
        demo.send(
            "POST", "/api/v1/simulator/machines/press-01/maintenance", null, "admin", PASSWORD);

        // A cut link: the lost-communication alarm after its 15 s on-delay.
        demo.send("POST", "/api/v1/simulator/machines/cmm-01/link-drop", null, "admin", PASSWORD);
        JsonNode lost = event(received, "cmm-01", "comms-lost", "activated");
        assertThat(lost.get("message").asText()).isEqualTo("cmm-01: communication lost");
        demo.send("DELETE", "/api/v1/simulator/machines/cmm-01/link-drop", null, "admin", PASSWORD);
        event(received, "cmm-01", "comms-lost", "cleared");

        // Out of service, for the restart below.
        assertThat(
                demo.send(
                        "POST",
                        "/api/v1/alarms/cmm-01/room-temperature-high/out-of-service",
                        "{\"comment\": \"sensor replaced next week\"}",
                        "admin",
                        PASSWORD)
                    .statusCode())
            .isEqualTo(200);
      }
      mqtt.disconnect();

      // Bad requests.
      assertThat(
              demo.send("POST", "/api/v1/alarms/nope/fault/ack", "{}", "admin", PASSWORD)
                  .statusCode())
          .isEqualTo(404);
      assertThat(
              demo.send("POST", "/api/v1/alarms/laser-01/fault/ack", "not json", "admin", PASSWORD)
                  .statusCode())
          .isEqualTo(400);
      assertThat(demo.get("/api/v1/alarms?state=burning", "admin", PASSWORD).statusCode())
          .isEqualTo(400);
      assertThat(demo.get("/api/v1/alarms/history?limit=0", "admin", PASSWORD).statusCode())
          .isEqualTo(400);
      assertThat(demo.get("/api/v1/alarms").statusCode()).isEqualTo(401);

      // The journal: every transition with who and why.
      JsonNode history = json(demo, "/api/v1/alarms/history?machine=laser-01&alarm=fault");
      List<String> transitions = new ArrayList<>();
      history.forEach(e -> transitions.add(e.get("transition").asText()));
      assertThat(transitions).containsSubsequence("cleared", "acknowledged", "activated");
      assertThat(history).anySatisfy(e -> assertThat(e.get("user").asText()).isEqualTo("admin"));
      assertThat(json(demo, "/api/v1/alarms/kpis"))
          .anySatisfy(k -> assertThat(k.get("area").asText()).isEqualTo("finishing"));
      assertThat(demo.get("/q/metrics").body()).contains("millwright_alarms_transitions_total");
      assertThat(demo.terminate(Duration.ofSeconds(15))).isZero();
    }

    // After a restart the alarm is still out of service and the journal still has its history.
    try (RunningBinary again = RunningBinary.start(dir, env, "demo")) {
      again.awaitReady(Duration.ofSeconds(120));
      JsonNode room = json(again, "/api/v1/alarms/cmm-01/room-temperature-high");
      assertThat(room.get("state").asText()).isEqualTo("out-of-service");
      assertThat(room.get("comment").asText()).isEqualTo("sensor replaced next week");
      assertThat(json(again, "/api/v1/alarms/history?machine=laser-01&alarm=fault"))
          .hasSizeGreaterThanOrEqualTo(3);
      assertThat(again.terminate(Duration.ofSeconds(15))).isZero();
    }
  }

  private static Mqtt5BlockingClient mqtt(RunningBinary demo) {
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
    return mqtt;
  }

  /** The next event of the alarm with that transition; other alarms' events are skipped. */
  private static JsonNode event(
      Mqtt5BlockingClient.Mqtt5Publishes received, String machine, String alarm, String transition)
      throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < until) {
      var p = received.receive(5, TimeUnit.SECONDS);
      if (p.isEmpty()) {
        continue;
      }
      JsonNode e = JSON.readTree(p.get().getPayloadAsBytes());
      if (e.get("machine").asText().equals(machine)
          && e.get("alarm").asText().equals(alarm)
          && e.get("transition").asText().equals(transition)) {
        return e;
      }
    }
    throw new AssertionError("no " + transition + " of " + machine + "/" + alarm + " within 90 s");
  }

  /** Reads the live stream in the background, one data line per event. */
  private static BlockingQueue<String> stream(RunningBinary demo) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + demo.httpPort + "/api/v1/alarms/stream"))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
            .build();
    var response =
        HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines());
    // On a thread of its own: a plain thenAccept may run the (endless) read on whichever thread
    // completes or joins the future, the test's own in the get() below, which then never returns.
    response.thenAcceptAsync(
        r -> r.body().filter(l -> l.startsWith("data:")).forEach(lines::add),
        task -> Thread.ofPlatform().name("alarm-stream-reader").daemon().start(task));
    // The stream listens from when the server has subscribed, before its headers go out: wait for
    // them so that the transitions the test then causes are not missed (sign-in by Basic takes a
    // hash's time, longer on a busy machine). Should the headers wait for a first event, carry on.
    try {
      response.get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      // no headers yet: the check below still waits 30 s for the event
    } catch (Exception e) {
      throw new IllegalStateException("the alarm stream did not open", e);
    }
    return lines;
  }

  private static boolean streamed(BlockingQueue<String> lines, String id, String transition)
      throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < until) {
      String line = lines.poll(1, TimeUnit.SECONDS);
      if (line != null) {
        JsonNode e = JSON.readTree(line.substring(5).strip());
        if (e.path("id").asText().equals(id) && e.path("transition").asText().equals(transition)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether an empty event, the stream's heartbeat, arrives within two of its periods. */
  private static boolean heartbeat(BlockingQueue<String> lines) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < until) {
      String line = lines.poll(1, TimeUnit.SECONDS);
      if (line != null && JSON.readTree(line.substring(5).strip()).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode json(RunningBinary demo, String path) throws Exception {
    var r = demo.get(path, "admin", PASSWORD);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }
}
