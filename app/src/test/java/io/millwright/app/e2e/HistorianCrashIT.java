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
 * RELIABILITY, issue 5's crash test: the historian runs in its own process and is killed with
 * {@code kill -9} while the simulated presses produce; the connectors' edge node (another process,
 * with the broker and the simulator) buffers while the historian is gone, and once a new historian
 * process is online every sample the edge node published is stored exactly once.
 *
 * <p>"Every sample published" is what a second Sparkplug host, this test's recorder, received over
 * the whole run: its connection stays up, so it sees the live data, the edge node's resends and its
 * backfill. The historian's stored Good samples of the two presses' cycle counters must be exactly
 * the recorder's Good samples, by timestamp (a sample received twice is stored once).
 */
class HistorianCrashIT {

  static final String PASSWORD = "crash-test-password";
  static final ObjectMapper JSON = new ObjectMapper();
  static final List<String> TAGS =
      List.of(
          "acme/plant-1/pressing/line-1/press-01/counts/cycles",
          "acme/plant-1/pressing/line-1/press-02/counts/cycles");

  @TempDir Path dir;

  /** Good sample timestamps per tag path, as the recorder received them. */
  final Map<String, NavigableSet<Long>> recorded =
      Map.of(
          TAGS.get(0), new ConcurrentSkipListSet<>(), TAGS.get(1), new ConcurrentSkipListSet<>());

  @Test
  void aKilledHistorianLosesNothingAndStoresNothingTwice() throws Exception {
    Path edgeDir = Files.createDirectories(dir.resolve("edge"));
    Path historianDir = Files.createDirectories(dir.resolve("historian"));
    try (RunningBinary edge =
        RunningBinary.start(
            edgeDir,
            Map.of(
                "MILLWRIGHT_ADMIN_PASSWORD",
                PASSWORD,
                "MILLWRIGHT_CONNECTORS_PRIMARYHOST",
                "historian"),
            "run",
            "--roles",
            "broker,simulator,connectors")) {
      edge.awaitReady(Duration.ofSeconds(120));
      Path machines = edgeDir.resolve("data/simulator/machines.yaml");
      assertThat(machines).exists();
      Map<String, String> historianEnv =
          Map.of(
              "MILLWRIGHT_ADMIN_PASSWORD",
              PASSWORD,
              "MILLWRIGHT_MQTT_URL",
              "mqtt://127.0.0.1:" + edge.mqttPort,
              "MILLWRIGHT_MQTT_USERNAME",
              "admin",
              "MILLWRIGHT_MQTT_PASSWORD",
              PASSWORD,
              "MILLWRIGHT_MACHINES",
              machines.toString());
      try (HostApplicationSession recorder =
          new HostApplicationSession(
              MqttEndpoint.parse("mqtt://127.0.0.1:" + edge.mqttPort, "admin", PASSWORD),
              HostConfig.of("recorder").withGroup("plant-1"),
              new Recorder())) {
        recorder.start();
        assertThat(recorder.awaitOnline(Duration.ofSeconds(30))).isTrue();

        RunningBinary first =
            RunningBinary.start(historianDir, historianEnv, "run", "--roles", "historian");
        try {
          first.awaitReady(Duration.ofSeconds(120));
          await()
              .atMost(Duration.ofSeconds(60))
              .until(() -> stored(first, TAGS.get(1), Long.MAX_VALUE).size() >= 5);
        } finally {
          first.process.destroyForcibly(); // SIGKILL: nothing of the historian's shutdown runs
          first.process.waitFor();
          first.close();
        }
        long killed = System.currentTimeMillis();
        // The presses go on producing while no historian runs; the edge node buffers.
        Thread.sleep(8_000);

        try (RunningBinary second =
            RunningBinary.start(historianDir, historianEnv, "run", "--roles", "historian")) {
          second.awaitReady(Duration.ofSeconds(120));
          long cut = System.currentTimeMillis() + 5_000;
          await()
              .atMost(Duration.ofSeconds(90))
              .pollInterval(Duration.ofSeconds(1))
              .untilAsserted(
                  () -> {
                    assertThat(System.currentTimeMillis()).isGreaterThan(cut + 2_000);
                    for (String tag : TAGS) {
                      assertThat(stored(second, tag, cut))
                          .as("stored samples of %s up to the cut", tag)
                          .containsExactlyElementsOf(recorded.get(tag).headSet(cut, true));
                    }
                  });
          long duringTheOutage =
              TAGS.stream()
                  .mapToLong(t -> recorded.get(t).subSet(killed, killed + 8_000).size())
                  .sum();
          assertThat(duringTheOutage).as("samples made while no historian ran").isPositive();
          assertThat(second.terminate(Duration.ofSeconds(10))).isZero();
        }
      }
      assertThat(edge.terminate(Duration.ofSeconds(10))).isZero();
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

  /** The historian's Good samples of a tag, timestamps up to {@code to}, oldest first. */
  private static NavigableSet<Long> stored(RunningBinary historian, String tag, long to)
      throws Exception {
    NavigableSet<Long> out = new TreeSet<>();
    String path =
        "/api/v1/history?tag="
            + URLEncoder.encode(tag, StandardCharsets.UTF_8)
            + "&from=-1h&limit=10000";
    var response = historian.get(path, "admin", PASSWORD);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode samples = JSON.readTree(response.body()).get("samples");
    for (JsonNode s : samples) {
      long timestamp = Instant.parse(s.get("timestamp").asText()).toEpochMilli();
      if (s.get("quality").asText().equals("Good") && timestamp <= to) {
        assertThat(out.add(timestamp)).as("%s stored once at %d", tag, timestamp).isTrue();
      }
    }
    return out;
  }
}
