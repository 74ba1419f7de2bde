package io.millwright.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.millwright.uns.mqtt.MqttEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The alarms benchmark of issue 8: the real binary ({@code run --roles broker,alarms --machines
 * FILE}) watches M machines x T tags, one {@code high} limit alarm per tag; Sparkplug edge nodes in
 * this JVM publish S samples/s into its broker with X excursions/s above the limits; a subscriber
 * to {@code <enterprise>/<site>/_alarms/events} matches every {@code activated} event to its
 * excursion. Prints p50/p99/max from the sample's publish to the event's arrival, events matched
 * (missing, duplicate or unexpected ones), samples/s the role evaluated (its metrics), the binary's
 * CPU and RSS, the role's queue, this load generator's CPU, and the load average around the run.
 *
 * <p>Run with {@code bench/alarms.sh [options]}; an unknown option lists them.
 */
public final class AlarmsBenchmark {

  static final String ENTERPRISE = MillwrightProcess.ENTERPRISE;
  static final String SITE = MillwrightProcess.SITE;

  /** Issue 8's target. */
  static final double TARGET_P99_MS = 20;

  record Options(
      int machines,
      int tags,
      int edges,
      double rate,
      double excursions,
      int warmupSeconds,
      int measureSeconds,
      List<String> javaOptions,
      String cpus,
      Path jar,
      Path javaHome) {

    static Options parse(String[] args) {
      Map<String, String> o = new LinkedHashMap<>();
      o.put("machines", "1000");
      o.put("tags", "50");
      o.put("edges", "4");
      o.put("rate", "100000");
      o.put("excursions", "200");
      o.put("warmup", "20");
      o.put("measure", "60");
      o.put("java-opts", "");
      o.put("cpus", "");
      o.put("jar", "app/target/quarkus-app/quarkus-run.jar");
      o.put("java-home", System.getProperty("java.home"));
      for (int i = 0; i < args.length; i++) {
        String key = args[i].startsWith("--") ? args[i].substring(2) : "";
        if (!o.containsKey(key) || i + 1 == args.length) {
          throw new IllegalArgumentException(
              "unknown option or missing value: " + args[i] + "; options and defaults: " + o);
        }
        o.put(key, args[++i]);
      }
      String javaOpts = o.get("java-opts").strip();
      return new Options(
          Integer.parseInt(o.get("machines")),
          Integer.parseInt(o.get("tags")),
          Integer.parseInt(o.get("edges")),
          Double.parseDouble(o.get("rate")),
          Double.parseDouble(o.get("excursions")),
          Integer.parseInt(o.get("warmup")),
          Integer.parseInt(o.get("measure")),
          javaOpts.isEmpty() ? List.of() : List.of(javaOpts.split("\\s+")),
          o.get("cpus").strip(),
          Path.of(o.get("jar")),
          Path.of(o.get("java-home")));
    }
  }

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("alarms.sh: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (!Files.isRegularFile(options.jar())) {
      System.err.println("alarms.sh: no binary at " + options.jar() + "; build it first");
      System.exit(2);
    }
    Path work = Files.createTempDirectory("mw-bench-alarms");
    int status;
    try {
      status = run(options, work);
    } finally {
      // Not in a finally around System.exit, which would never run it.
      BrokerProcess.deleteRecursively(work);
    }
    System.exit(status);
  }

  private static int run(Options o, Path work) throws Exception {
    Path machinesFile =
        Files.writeString(
            work.resolve("machines.yaml"), AlarmsLoad.machinesYaml(o.machines(), o.tags()));
    System.out.printf(
        Locale.ROOT,
        "alarms benchmark: %,d machines x %d float64 tags, one high alarm each = %,d alarms;"
            + " %,.0f samples/s (%,.0f DDATA/s of %d metrics from %d edge nodes), %,.0f"
            + " excursions/s; warm-up %d s, measure %d s%n",
        o.machines(),
        o.tags(),
        o.machines() * o.tags(),
        o.rate(),
        o.rate() / o.tags(),
        o.tags(),
        o.edges(),
        o.excursions(),
        o.warmupSeconds(),
        o.measureSeconds());
    MillwrightProcess.Launch launch =
        new MillwrightProcess.Launch(
            o.javaHome(),
            o.jar(),
            o.javaOptions(),
            o.cpus(),
            List.of("run", "--roles", "broker,alarms", "--machines", machinesFile.toString()),
            Map.of());
    try (MillwrightProcess binary = MillwrightProcess.start(launch, work);
        AlarmsLoad load = new AlarmsLoad(binary.mqtt(), SITE, o.edges(), o.machines(), o.tags());
        Events events = new Events(binary.mqtt(), load)) {
      System.out.printf(
          Locale.ROOT,
          "binary ready in %.1f s (pid %d, CPUs %s); load generator CPUs %s%n",
          binary.startSeconds(),
          binary.pid(),
          Proc.cpus(binary.pid()),
          Proc.cpus(ProcessHandle.current().pid()));
      events.start();
      System.out.printf(
          "broker receive maximum (QoS 1 publishes in flight per client): %d%n",
          events.receiveMaximum);
      load.start(Duration.ofSeconds(60));
      long self = ProcessHandle.current().pid();
      load.run(o.rate(), o.excursions());
      Thread.sleep(o.warmupSeconds() * 1000L);

      String load0 = Proc.loadAverage();
      Map<String, Double> m0 = metrics(binary);
      double cpu0 = Proc.cpuSeconds(binary.pid());
      double selfCpu0 = Proc.cpuSeconds(self);
      long sent0 = load.samplesSent();
      long t0 = System.nanoTime();
      events.startMeasuring();
      load.startMeasuring();
      double maxQueued = 0;
      double sumQueued = 0;
      double maxRss = 0;
      for (int s = 0; s < o.measureSeconds(); s++) {
        Thread.sleep(1000);
        double queued = metrics(binary).getOrDefault("millwright_alarms_queued", Double.NaN);
        maxQueued = Math.max(maxQueued, queued);
        sumQueued += queued;
        maxRss = Math.max(maxRss, Proc.rssMiB(binary.pid()));
      }
      load.stopMeasuring();
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpu = Proc.cpuSeconds(binary.pid()) - cpu0;
      double selfCpu = Proc.cpuSeconds(self) - selfCpu0;
      long sent = load.samplesSent() - sent0;
      Map<String, Double> m1 = metrics(binary);
      String load1 = Proc.loadAverage();
      // Keep the load on while the last measured excursions come back, so they see the same
      // conditions as the others; then stop and wait for stragglers.
      long matchDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (events.pending() > 0 && System.nanoTime() < matchDeadline) {
        Thread.sleep(100);
      }
      load.stop();
      events.stopMeasuring();
      double rss = Proc.rssMiB(binary.pid());
      // Drops go on while the run waits for the last excursions: count them too, as missing
      // activations are excursions whose DDATA never reached the role.
      double droppedUntilEnd =
          delta(m0, metrics(binary), "millwright_broker_messages_dropped_total");

      double evaluated =
          (m1.get("millwright_alarms_samples_total") - m0.get("millwright_alarms_samples_total"))
              / seconds;
      double transitions =
          (m1.get("millwright_alarms_transitions_total")
                  - m0.get("millwright_alarms_transitions_total"))
              / seconds;
      long[] latencies = events.latencies();
      long[] wallMillis = events.wallLatencies();
      System.out.printf(
          Locale.ROOT,
          "samples: sent %,.0f/s, evaluated by the role %,.0f/s (millwright_alarms_samples_total);"
              + " transitions %,.0f/s; broker: %,.0f messages/s in, %,.0f/s out, %,.0f/s dropped;"
              + " load generator behind schedule (>10 ms) %d times%n",
          sent / seconds,
          evaluated,
          transitions,
          delta(m0, m1, "millwright_broker_publishes_in_total") / seconds,
          delta(m0, m1, "millwright_broker_publishes_out_total") / seconds,
          delta(m0, m1, "millwright_broker_messages_dropped_total") / seconds,
          load.behind());
      System.out.printf(
          Locale.ROOT,
          "latency sample publish -> activated event on %s/%s/_alarms/events, %d events:"
              + " p50 %.2f ms, p99 %.2f ms, max %.1f ms (wall clock, ms resolution: p50 %d p99 %d"
              + " max %d ms)%n",
          ENTERPRISE,
          SITE,
          latencies.length,
          quantile(latencies, 0.5) / 1e6,
          quantile(latencies, 0.99) / 1e6,
          quantile(latencies, 1) / 1e6,
          quantile(wallMillis, 0.5),
          quantile(wallMillis, 0.99),
          quantile(wallMillis, 1));
      System.out.printf(
          Locale.ROOT,
          "events: %,d excursions sent while measuring, %,d matched by exactly one activation,"
              + " %d missing, %d duplicate, %d unexpected activations; %,d cleared events; broker"
              + " dropped %,.0f messages from the start of measuring to the end of the wait%n",
          load.measuredExcursions(),
          events.matchedOnce(),
          events.missing(),
          events.duplicates(),
          events.unexpected(),
          events.cleared(),
          droppedUntilEnd);
      System.out.printf(
          Locale.ROOT,
          "binary: CPU %.0f%% of one core (%.2f cores), RSS %.0f MiB (max %.0f MiB while"
              + " measuring); alarms queue mean %.1f, max %.0f messages; publish failures %.0f,"
              + " journal failures %.0f; load generator (this JVM) CPU %.0f%% of one core%n",
          100 * cpu / seconds,
          cpu / seconds,
          rss,
          maxRss,
          sumQueued / o.measureSeconds(),
          maxQueued,
          m1.getOrDefault("millwright_alarms_publish_failures_total", Double.NaN),
          m1.getOrDefault("millwright_alarms_journal_failures_total", Double.NaN),
          100 * selfCpu / seconds);
      System.out.printf(
          Locale.ROOT,
          "load average (1/5/15 min): before %s, after %s; machine %d CPUs, %s %s%n",
          load0,
          load1,
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.vm.name"),
          System.getProperty("java.runtime.version"));
      System.out.printf(
          Locale.ROOT,
          "edge nodes (whole run): %s; alarms role (measured): %,.0f DDATA/s, %,.0f historical"
              + " samples/s%n",
          load.edgeStats(),
          delta(m0, m1, "millwright_alarms_messages_total") / seconds,
          delta(m0, m1, "millwright_alarms_samples_historical_total") / seconds);
      boolean correct =
          events.missing() == 0 && events.duplicates() == 0 && events.unexpected() == 0;
      double p99 = quantile(latencies, 0.99) / 1e6;
      System.out.printf(
          Locale.ROOT,
          "target p99 < %.0f ms at %,.0f samples/s: %s; one activation per excursion: %s%n",
          TARGET_P99_MS,
          o.rate(),
          latencies.length > 0 && p99 < TARGET_P99_MS ? "met" : "missed",
          correct ? "yes" : "NO");
      return correct ? 0 : 1;
    }
  }

  /** The alarms role's and the broker's figures, by name. */
  private static Map<String, Double> metrics(MillwrightProcess binary)
      throws IOException, InterruptedException {
    Map<String, Double> out = binary.metrics("millwright_alarms_", "millwright_broker_");
    if (!out.containsKey("millwright_alarms_samples_total")) {
      throw new IOException("no millwright_alarms_samples_total in /q/metrics");
    }
    return out;
  }

  private static double delta(Map<String, Double> m0, Map<String, Double> m1, String name) {
    return m1.getOrDefault(name, Double.NaN) - m0.getOrDefault(name, Double.NaN);
  }

  static long quantile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return -1;
    }
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.clamp(index, 0, sorted.length - 1)];
  }

  /**
   * The subscriber to the events topic: matches each {@code activated} event to the excursion on
   * its alarm (same alarm, the event's time = the sample's timestamp) and times it on arrival.
   */
  private static final class Events implements AutoCloseable {
    private final ObjectMapper json = new ObjectMapper();
    private final Mqtt5AsyncClient client;
    private final AlarmsLoad load;

    /** Activations per excursion ({@code id@millis}); guarded by this. */
    private final Map<String, Integer> activations = new HashMap<>();

    private long[] latencies = new long[1 << 14];
    private int size;
    private long[] wall = new long[1 << 14];
    private int wallSize;
    private boolean measuring;
    private final LongAdder unexpected = new LongAdder();
    private final LongAdder cleared = new LongAdder();
    private List<AlarmsLoad.Excursion> expected = List.of();

    Events(MqttEndpoint endpoint, AlarmsLoad load) {
      this.load = load;
      this.client = endpoint.clientBuilder("bench-alarm-events").buildAsync();
    }

    /** The broker's receive maximum: QoS 1 publishes a client may have unacknowledged. */
    int receiveMaximum;

    void start() throws Exception {
      receiveMaximum =
          client
              .connectWith()
              .cleanStart(true)
              .send()
              .get(10, TimeUnit.SECONDS)
              .getRestrictions()
              .getReceiveMaximum();
      client
          .subscribeWith()
          .topicFilter(ENTERPRISE + "/" + SITE + "/_alarms/events")
          .qos(MqttQos.AT_LEAST_ONCE)
          .callback(this::onEvent)
          .send()
          .get(10, TimeUnit.SECONDS);
    }

    private void onEvent(Mqtt5Publish publish) {
      long arrived = System.nanoTime();
      long arrivedMillis = System.currentTimeMillis();
      JsonNode e;
      try {
        e = json.readTree(publish.getPayloadAsBytes());
      } catch (IOException ex) {
        unexpected.increment();
        return;
      }
      String transition = e.path("transition").asText();
      if (transition.equals("cleared")) {
        cleared.increment();
        return;
      }
      if (!transition.equals("activated")) {
        return;
      }
      String id = e.path("id").asText();
      long time = Instant.parse(e.path("time").asText()).toEpochMilli();
      AlarmsLoad.Excursion x = load.excursion(id);
      synchronized (this) {
        if (x == null || x.sampleMillis() != time) {
          unexpected.increment();
          return;
        }
        activations.merge(id + "@" + time, 1, Integer::sum);
        if (measuring && x.measured()) {
          if (size == latencies.length) {
            latencies = Arrays.copyOf(latencies, size * 2);
            wall = Arrays.copyOf(wall, size * 2);
          }
          latencies[size++] = arrived - x.sentNanos();
          wall[wallSize++] = arrivedMillis - time;
        }
      }
    }

    synchronized void startMeasuring() {
      measuring = true;
    }

    /** Stops timing and fixes the excursions to check. */
    synchronized void stopMeasuring() {
      measuring = false;
      expected = load.measured();
    }

    /** Measured excursions with no activation yet (while still measuring). */
    synchronized int pending() {
      int n = 0;
      for (AlarmsLoad.Excursion x : load.measured()) {
        if (!activations.containsKey(x.alarmId() + "@" + x.sampleMillis())) {
          n++;
        }
      }
      return n;
    }

    synchronized long[] latencies() {
      long[] out = Arrays.copyOf(latencies, size);
      Arrays.sort(out);
      return out;
    }

    synchronized long[] wallLatencies() {
      long[] out = Arrays.copyOf(wall, wallSize);
      Arrays.sort(out);
      return out;
    }

    synchronized int matchedOnce() {
      return count(1);
    }

    synchronized int missing() {
      return count(0);
    }

    /** Measured excursions activated more than once. */
    synchronized int duplicates() {
      int n = 0;
      for (AlarmsLoad.Excursion x : expected) {
        if (activations.getOrDefault(x.alarmId() + "@" + x.sampleMillis(), 0) > 1) {
          n++;
        }
      }
      return n;
    }

    private int count(int times) {
      int n = 0;
      for (AlarmsLoad.Excursion x : expected) {
        if (activations.getOrDefault(x.alarmId() + "@" + x.sampleMillis(), 0) == times) {
          n++;
        }
      }
      return n;
    }

    long unexpected() {
      return unexpected.sum();
    }

    long cleared() {
      return cleared.sum();
    }

    @Override
    public void close() {
      client.disconnect().orTimeout(5, TimeUnit.SECONDS).exceptionally(x -> null);
    }
  }
}
