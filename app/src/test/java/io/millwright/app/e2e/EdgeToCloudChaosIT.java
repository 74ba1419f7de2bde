package io.millwright.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millwright.uns.mqtt.MqttEndpoint;
import io.millwright.uns.sparkplug.host.DeviceKey;
import io.millwright.uns.sparkplug.host.HostApplicationSession;
import io.millwright.uns.sparkplug.host.HostConfig;
import io.millwright.uns.sparkplug.host.MetricSample;
import io.millwright.uns.sparkplug.host.SparkplugListener;
import io.millwright.uns.testkit.TcpProxy;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RELIABILITY T3 at small scale (bench/edge-to-cloud.sh runs it at full scale): the demo factory
 * produces; the link from the publisher to the cloud is cut (a proxy that resets every connection
 * and refuses new ones); during the outage the publisher is killed with {@code kill -9} and started
 * again; the link returns. Every Good sample the factory's edge node published (as a second
 * Sparkplug host, this test's recorder, saw them) must then be in the cloud's historian, once, in
 * order, and live data must be flowing again soon after the link returned.
 *
 * <p>Three processes, as in a plant: the edge (broker, simulated factory, connectors naming the
 * publisher as their primary host), the publisher, and the cloud.
 */
class EdgeToCloudChaosIT {

  static final String PASSWORD = "chaos-test-password";
  static final String TOKEN = "plant-1-site-token-for-the-chaos-test";
  static final ObjectMapper JSON = new ObjectMapper();
  static final List<String> TAGS =
      List.of(
          "acme/plant-1/pressing/line-1/press-01/counts/cycles",
          "acme/plant-1/pressing/line-1/press-02/counts/cycles");

  @TempDir Path dir;

  final Map<String, NavigableSet<Long>> recorded =
      Map.of(
          TAGS.get(0), new ConcurrentSkipListSet<>(), TAGS.get(1), new ConcurrentSkipListSet<>());

  @Test
  void aCutLinkAndAKilledPublisherLoseNothingAndDuplicateNothing() throws Exception {
    Path edgeDir = Files.createDirectories(dir.resolve("edge"));
    Path cloudDir = Files.createDirectories(dir.resolve("cloud"));
    Path publisherDir = Files.createDirectories(dir.resolve("publisher"));
    Path cloudConfig =
        Files.writeString(
            cloudDir.resolve("millwright.yaml"),
            "cloud:\n  sites:\n    - id: plant-1\n      token: \"${SITE_TOKEN}\"\n");
    try (RunningBinary edge =
            RunningBinary.start(
                edgeDir,
                Map.of(
                    "MILLWRIGHT_ADMIN_PASSWORD",
                    PASSWORD,
                    "MILLWRIGHT_CONNECTORS_PRIMARYHOST",
                    "publisher"),
                "run",
                "--roles",
                "broker,simulator,connectors");
        RunningBinary cloud =
            RunningBinary.start(
                cloudDir,
                Map.of("MILLWRIGHT_ADMIN_PASSWORD", PASSWORD, "SITE_TOKEN", TOKEN),
                "run",
                "--roles",
                "cloud",
                "--config",
                cloudConfig.toString());
        TcpProxy link = new TcpProxy(cloud.httpPort)) {
      edge.awaitReady(Duration.ofSeconds(120));
      cloud.awaitReady(Duration.ofSeconds(120));
      Path publisherConfig =
          Files.writeString(
              publisherDir.resolve("millwright.yaml"),
              "publisher:\n  transport: https\n  url: http://127.0.0.1:"
                  + link.port()
                  + "\n  token: \"${SITE_TOKEN}\"\n  timeout: 3s\n");
      Map<String, String> publisherEnv =
          Map.of(
              "MILLWRIGHT_ADMIN_PASSWORD",
              PASSWORD,
              "SITE_TOKEN",
              TOKEN,
              "MILLWRIGHT_MQTT_URL",
              "mqtt://127.0.0.1:" + edge.mqttPort,
              "MILLWRIGHT_MQTT_USERNAME",
              "admin",
              "MILLWRIGHT_MQTT_PASSWORD",
              PASSWORD,
              "MILLWRIGHT_MACHINES",
              edgeDir.resolve("data/simulator/machines.yaml").toString());
      String[] publisherArgs = {
        "run", "--roles", "publisher", "--config", publisherConfig.toString()
      };
      try (HostApplicationSession recorder =
          new HostApplicationSession(
              MqttEndpoint.parse("mqtt://127.0.0.1:" + edge.mqttPort, "admin", PASSWORD),
              HostConfig.of("recorder").withGroup("plant-1"),
              new Recorder())) {
        recorder.start();
        assertThat(recorder.awaitOnline(Duration.ofSeconds(30))).isTrue();

        RunningBinary first = RunningBinary.start(publisherDir, publisherEnv, publisherArgs);
        try {
          first.awaitReady(Duration.ofSeconds(120));
          await()
              .atMost(Duration.ofSeconds(60))
              .until(() -> inTheCloud(cloud, TAGS.get(1), Long.MAX_VALUE).size() >= 5);
          link.cut();
          Thread.sleep(6_000);
        } finally {
          first.process.destroyForcibly(); // SIGKILL during the outage: no shutdown runs
          first.process.waitFor();
          first.close();
        }
        // Nobody takes the factory's data for a while: the edge node buffers for its primary host.
        Thread.sleep(4_000);
        try (RunningBinary second =
            RunningBinary.start(publisherDir, publisherEnv, publisherArgs)) {
          second.awaitReady(Duration.ofSeconds(120));
          // Still cut: the publisher buffers what the edge node hands it.
          Thread.sleep(6_000);
          JsonNode during = json(second, "/api/v1/publisher");
          assertThat(during.get("linkUp").asBoolean()).isFalse();
          assertThat(during.get("backlog").get("batches").asLong()).isPositive();

          long restored = System.currentTimeMillis();
          link.restore();
          long live =
              await()
                  .atMost(Duration.ofSeconds(60))
                  .pollInterval(Duration.ofMillis(200))
                  .until(() -> newestInTheCloud(cloud), t -> t > restored);
          long resumedAfter = System.currentTimeMillis() - restored;
          System.out.printf(
              "edge to cloud: live data in the cloud %d ms after the link returned%n",
              resumedAfter);

          long cut = System.currentTimeMillis() + 3_000;
          await()
              .atMost(Duration.ofSeconds(120))
              .pollInterval(Duration.ofSeconds(1))
              .untilAsserted(
                  () -> {
                    assertThat(System.currentTimeMillis()).isGreaterThan(cut + 2_000);
                    for (String tag : TAGS) {
                      assertThat(inTheCloud(cloud, tag, cut))
                          .as("the cloud's samples of %s up to the cut", tag)
                          .containsExactlyElementsOf(recorded.get(tag).headSet(cut, true));
                    }
                  });
          JsonNode after = json(second, "/api/v1/publisher");
          assertThat(after.get("sent").get("backlogBatches").asLong())
              .as("the backlog went as history")
              .isPositive();
          JsonNode fleet = json(cloud, "/api/v1/fleet/plant-1");
          assertThat(fleet.get("online").asBoolean()).isTrue();
          assertThat(live).isGreaterThan(restored);
          assertThat(second.terminate(Duration.ofSeconds(20))).isZero();
        }
      }
      assertThat(cloud.terminate(Duration.ofSeconds(20))).isZero();
      assertThat(edge.terminate(Duration.ofSeconds(20))).isZero();
    }
  }

  /** Good samples of the cycle counters, as a second host sees them. */
  final class Recorder implements SparkplugListener {
    @Override
    public void onSamples(DeviceKey device, List<MetricSample> samples) {
      for (MetricSample s : samples) {
        String tag = "acme/plant-1/pressing/line-1/" + device.device() + "/" + s.metric();
        NavigableSet<Long> into = recorded.get(tag);
        if (into != null && s.sample().quality().isGood()) {
          into.add(s.sample().timestamp());
        }
      }
    }
  }

  /** The cloud historian's Good samples of a tag up to {@code to}, each at most once. */
  static NavigableSet<Long> inTheCloud(RunningBinary cloud, String tag, long to) throws Exception {
    NavigableSet<Long> out = new TreeSet<>();
    String path =
        "/api/v1/history?tag="
            + URLEncoder.encode(tag, StandardCharsets.UTF_8)
            + "&from=-1h&limit=10000";
    var response = cloud.get(path, "admin", PASSWORD);
    if (response.statusCode() == 400 && response.body().contains("unknown tag")) {
      return out; // nothing of that tag has reached the cloud yet
    }
    JsonNode samples = json(cloud, path).get("samples");
    long previous = Long.MIN_VALUE;
    for (JsonNode s : samples) {
      long timestamp = Instant.parse(s.get("timestamp").asText()).toEpochMilli();
      assertThat(timestamp).as("%s in order", tag).isGreaterThan(previous);
      previous = timestamp;
      if (s.get("quality").asText().equals("Good") && timestamp <= to) {
        assertThat(out.add(timestamp)).as("%s stored once at %d", tag, timestamp).isTrue();
      }
    }
    return out;
  }

  /** The newest sample of any of the site's tags in the cloud: live data shows here first. */
  static long newestInTheCloud(RunningBinary cloud) throws Exception {
    long newest = 0;
    JsonNode latest =
        json(
            cloud,
            "/api/v1/history/latest?limit=1000&tags="
                + URLEncoder.encode("acme/plant-1/#", StandardCharsets.UTF_8));
    for (JsonNode s : latest) {
      newest = Math.max(newest, Instant.parse(s.get("timestamp").asText()).toEpochMilli());
    }
    return newest;
  }

  static JsonNode json(RunningBinary process, String path) throws Exception {
    var response = process.get(path, "admin", PASSWORD);
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
