package io.millwright.bench;

import static io.millwright.bench.EdgeToCloudBenchmark.format;
import static io.millwright.bench.EdgeToCloudBenchmark.seconds;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One run of the edge-to-cloud benchmark: the three processes, the outage and the figures. */
final class EdgeToCloudRun {

  private static final String P = "millwright_publisher_";
  private static final String C = "millwright_cloud_";

  private final EdgeToCloudBenchmark.Options o;
  private final Path work;
  private final Path publisherData;
  private int publisherStarts;

  EdgeToCloudRun(EdgeToCloudBenchmark.Options o, Path work) {
    this.o = o;
    this.work = work;
    this.publisherData = work.resolve("publisher-data");
  }

  int run() throws Exception {
    System.out.println(
        format(
            "edge-to-cloud benchmark: edge (broker, simulator, connectors, historian), cloud, and"
                + " the publisher behind a cuttable link; outage %.1f min with a SIGKILL of the"
                + " publisher halfway; drainRate %s",
            o.minutes(), o.drainRate() == 0 ? "0 (unlimited)" : o.drainRate() + " readings/s"));
    Path cloudConfig =
        Files.writeString(
            Files.createDirectories(work.resolve("cloud")).resolve("millwright.yaml"),
            "cloud:\n  sites:\n    - id: plant-1\n      token: \"${SITE_TOKEN}\"\n");
    Path edgeDir = Files.createDirectories(work.resolve("edge"));
    try (MillwrightProcess cloud =
            start(
                "cloud",
                List.of("run", "--roles", "cloud", "--config", cloudConfig.toString()),
                Map.of("SITE_TOKEN", EdgeToCloudBenchmark.TOKEN));
        MillwrightProcess edge =
            start(
                "edge",
                List.of("run", "--roles", "broker,simulator,connectors,historian"),
                EdgeToCloudBenchmark.edgeEnvironment());
        LinkProxy link = new LinkProxy(cloud.httpPort())) {
      Path publisherConfig =
          Files.writeString(
              Files.createDirectories(work.resolve("publisher")).resolve("millwright.yaml"),
              "publisher:\n  transport: https\n  url: http://127.0.0.1:"
                  + link.port()
                  + "\n  token: \"${SITE_TOKEN}\"\n  timeout: 3s\n  drainRate: "
                  + o.drainRate()
                  + "\n");
      Map<String, String> publisherEnv =
          Map.of(
              "SITE_TOKEN",
              EdgeToCloudBenchmark.TOKEN,
              "MILLWRIGHT_DATA",
              publisherData.toString(),
              "MILLWRIGHT_MQTT_URL",
              "mqtt://127.0.0.1:" + mqttPort(edge),
              "MILLWRIGHT_MQTT_USERNAME",
              "admin",
              "MILLWRIGHT_MQTT_PASSWORD",
              MillwrightProcess.PASSWORD,
              "MILLWRIGHT_MACHINES",
              edgeDir.resolve("data/simulator/machines.yaml").toString());
      List<String> publisherArgs =
          List.of("run", "--roles", "publisher", "--config", publisherConfig.toString());
      return phases(edge, cloud, link, publisherArgs, publisherEnv);
    }
  }

  private int phases(
      MillwrightProcess edge,
      MillwrightProcess cloud,
      LinkProxy link,
      List<String> publisherArgs,
      Map<String, String> publisherEnv)
      throws Exception {
    MillwrightProcess publisher = start("publisher", publisherArgs, publisherEnv);
    try {
      Instant ready = Instant.now();
      Instant firstLive = awaitNewer(cloud, ready, 120);
      // The window starts once data flows, so everything in it went through the publisher.
      Instant windowFrom = Instant.now();
      System.out.println(
          format(
              "live data in the cloud %.1f s after the publisher was ready",
              seconds(ready, firstLive)));

      // 1. R
      Map<String, Double> r0 = publisher.metrics(P);
      Instant t0 = Instant.now();
      Thread.sleep(o.measure() * 1000L);
      Map<String, Double> r1 = publisher.metrics(P);
      double rate = delta(r0, r1, "readings_received_total") / seconds(t0, Instant.now());
      double liveBytes = delta(r0, r1, "bytes_sent_total") / delta(r0, r1, "readings_sent_total");
      System.out.println(
          format(
              "production rate R = %,.0f readings/s (over %d s); %.2f bytes per reading on the wire"
                  + " while live",
              rate, o.measure(), liveBytes));

      // 2. outage with a SIGKILL halfway
      long outageMillis = Math.round(o.minutes() * 60_000);
      Instant cutAt = Instant.now();
      link.cut();
      System.out.println(format("link cut at %s for %.1f min", cutAt, o.minutes()));
      Thread.sleep(outageMillis / 2);
      Map<String, Double> beforeKill = publisher.metrics(P);
      publisher.kill();
      Instant killedAt = Instant.now();
      publisher = start("publisher", publisherArgs, publisherEnv);
      System.out.println(
          format(
              "publisher killed (SIGKILL) %.0f s into the outage with a backlog of %,.0f readings;"
                  + " started again and ready in %.1f s",
              seconds(cutAt, killedAt),
              beforeKill.getOrDefault(P + "backlog_readings", Double.NaN),
              seconds(killedAt, Instant.now())));
      long left = outageMillis - (System.currentTimeMillis() - cutAt.toEpochMilli());
      Thread.sleep(Math.max(0, left));
      Map<String, Double> end = publisher.metrics(P);
      long bufferDir = DiskUsage.bytes(publisherData.resolve("publisher"));
      double backlog = end.get(P + "backlog_readings");
      System.out.println(
          format(
              "end of outage (%.0f s): backlog %,.0f readings in %,.0f batches, oldest %.0f s;"
                  + " buffer %,.0f payload bytes, %,.0f file bytes (%,d bytes under"
                  + " <data>/publisher) = %.2f payload and %.2f disk bytes per buffered sample",
              seconds(cutAt, Instant.now()),
              backlog,
              end.get(P + "backlog_batches"),
              end.get(P + "backlog_age_seconds"),
              end.get(P + "buffer_bytes"),
              end.get(P + "buffer_file_bytes"),
              bufferDir,
              end.get(P + "buffer_bytes") / backlog,
              end.get(P + "buffer_file_bytes") / backlog));

      // 3. restore: live first, the backlog behind it
      Drain drain = Drain.measure(publisher, cloud, link, o.drainTimeout());
      double multiple = drain.rate() / rate;
      System.out.println(
          format(
              "link restored: live data in the cloud after %.1f s; backlog of %,.0f readings"
                  + " drained in %.1f s = %,.0f readings/s = %.1f x R (target >= %.0f x); the"
                  + " publisher's drain-rate gauge peaked at %,.0f readings/s",
              drain.liveSeconds(),
              drain.backlogSent(),
              drain.seconds(),
              drain.rate(),
              multiple,
              EdgeToCloudBenchmark.TARGET_DRAIN_MULTIPLE,
              drain.gaugePeak()));

      // 4. wire
      Map<String, Double> after = publisher.metrics(P);
      double wire = after.get(P + "bytes_sent_total") / after.get(P + "readings_sent_total");
      System.out.println(
          format(
              "on the wire since the restart: %,.0f bytes for %,.0f readings (%,.0f of them"
                  + " backlog; %,.0f batches live, %,.0f backlog) = %.2f bytes per sample (target"
                  + " < %.0f)",
              after.get(P + "bytes_sent_total"),
              after.get(P + "readings_sent_total"),
              after.get(P + "backlog_readings_sent_total"),
              after.get(P + "batches_sent_live_total"),
              after.get(P + "batches_sent_backlog_total"),
              wire,
              EdgeToCloudBenchmark.TARGET_WIRE_BYTES));

      // 5. completeness, over a window ending a few seconds ago so live data has arrived
      Thread.sleep(8_000);
      Instant windowTo = Instant.now().minusSeconds(5);
      List<String> tags = SiteHistory.tags(edge, "acme/plant-1/#", EdgeToCloudBenchmark.CHECKED);
      Completeness.Result check = Completeness.check(edge, cloud, tags, windowFrom, windowTo);
      Map<String, Double> cm = cloud.metrics(C);
      System.out.println(
          format(
              "completeness over %.0f s (%s .. %s), %d tags of press-01 and cnc-01: edge historian"
                  + " %,d samples, cloud %,d; Good samples missing %d, doubled %d, unexpected %d,"
                  + " out of order %d; host stale markers the cloud never saw %d%s -> %s",
              seconds(windowFrom, windowTo),
              windowFrom,
              windowTo,
              check.tags(),
              check.edge(),
              check.cloud(),
              check.missing(),
              check.doubled(),
              check.unexpected(),
              check.misordered(),
              check.hostMarkersNotInTheCloud(),
              check.missingByQuality().isEmpty()
                  ? ""
                  : "; missing by quality and time: " + check.missingByQuality(),
              check.ok() ? "OK" : "FAILED"));
      System.out.println(
          format(
              "cloud: %,.0f batches stored, %,.0f duplicates refused, %,.0f readings stored",
              cm.getOrDefault(C + "batches_stored_total", Double.NaN),
              cm.getOrDefault(C + "batches_duplicate_total", Double.NaN),
              cm.getOrDefault(C + "readings_stored_total", Double.NaN)));
      return verdict(check, multiple, wire, drain);
    } finally {
      publisher.close();
    }
  }

  /** Fails on any completeness error, and on figures an order of magnitude off their target. */
  private static int verdict(Completeness.Result check, double multiple, double wire, Drain drain) {
    int status = 0;
    if (!check.ok()) {
      System.out.println("FAILED: the cloud does not hold exactly the edge's samples");
      status = 1;
    }
    if (!drain.drained()) {
      System.out.println("FAILED: the backlog did not drain within the drain timeout");
      status = 1;
    }
    if (!(multiple >= EdgeToCloudBenchmark.TARGET_DRAIN_MULTIPLE / 10)) {
      System.out.println("FAILED: the backlog drains an order of magnitude below its target");
      status = 1;
    }
    if (!(wire <= EdgeToCloudBenchmark.TARGET_WIRE_BYTES * 10)) {
      System.out.println("FAILED: bytes per sample an order of magnitude above the target");
      status = 1;
    }
    return status;
  }

  private MillwrightProcess start(String name, List<String> args, Map<String, String> env)
      throws IOException, InterruptedException {
    String dir = name.equals("publisher") ? name + "-" + ++publisherStarts : name;
    MillwrightProcess binary =
        MillwrightProcess.start(
            new MillwrightProcess.Launch(o.javaHome(), o.jar(), o.javaOptions(), "", args, env),
            Files.createDirectories(work.resolve(dir)));
    System.out.println(
        format("%s ready in %.1f s (pid %d)", dir, binary.startSeconds(), binary.pid()));
    return binary;
  }

  private static int mqttPort(MillwrightProcess edge) {
    return edge.mqtt().port();
  }

  static Instant awaitNewer(MillwrightProcess cloud, Instant than, int timeoutSeconds)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (SiteHistory.newest(cloud).isAfter(than)) {
        return Instant.now();
      }
      Thread.sleep(200);
    }
    throw new IOException("no live data in the cloud within " + timeoutSeconds + " s");
  }

  private static double delta(Map<String, Double> a, Map<String, Double> b, String name) {
    return b.get(P + name) - a.get(P + name);
  }
}
