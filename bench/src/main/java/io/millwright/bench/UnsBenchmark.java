package io.millwright.bench;

import io.millwright.bench.BrokerProcess.Kind;
import io.millwright.bench.SparkplugLoad.Phase;
import io.millwright.uns.sparkplug.host.HostStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The Unified Namespace benchmark of issue 3: E Sparkplug edge nodes publish DDATA of 100 metrics
 * into a broker, one host application decodes them; the same clients and load against the embedded
 * broker (the real binary, {@code run --roles broker}) and against Mosquitto, one after the other
 * in each round. Reports metrics/s decoded, publish-to-decode latency flat out and at half the
 * embedded broker's flat-out rate, RSS and CPU time of each broker process and of this load
 * generator.
 *
 * <p>Run with {@code bench/uns.sh [options]}; {@code --help} lists them.
 */
public final class UnsBenchmark {

  /** Issue 3's targets; a figure an order of magnitude off fails the run. */
  static final double TARGET_METRICS_PER_SECOND = 2_000_000;

  static final double TARGET_P99_MS = 10;
  static final double TARGET_RATIO = 0.8;

  record Options(
      int edges,
      int devices,
      int tags,
      int rounds,
      Duration warmup,
      Duration measure,
      int window,
      List<Kind> brokers,
      String brokerCpus,
      List<String> brokerJavaOptions,
      double halfRate,
      Path jar,
      Path javaHome) {

    static Options parse(String[] args) {
      Map<String, String> o = new LinkedHashMap<>();
      o.put("edges", "4");
      o.put("devices", "1");
      o.put("tags", "100");
      o.put("rounds", "3");
      o.put("warmup", "5");
      o.put("measure", "10");
      o.put("window", "8");
      o.put("brokers", "embedded,mosquitto");
      o.put("broker-cpus", "1");
      o.put("broker-java-opts", "");
      o.put("half-rate", "0");
      o.put("jar", "app/target/quarkus-app/quarkus-run.jar");
      o.put("java-home", System.getProperty("java.home"));
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("--no-pin")) {
          o.put("broker-cpus", "");
          continue;
        }
        String key = arg.startsWith("--") ? arg.substring(2) : "";
        if (!o.containsKey(key) || i + 1 == args.length) {
          throw new IllegalArgumentException(
              "unknown option or missing value: " + arg + "; options and defaults: " + o);
        }
        o.put(key, args[++i]);
      }
      List<Kind> brokers = new ArrayList<>();
      for (String name : o.get("brokers").split(",")) {
        brokers.add(Kind.valueOf(name.strip().toUpperCase(Locale.ROOT)));
      }
      String javaOpts = o.get("broker-java-opts").strip();
      return new Options(
          Integer.parseInt(o.get("edges")),
          Integer.parseInt(o.get("devices")),
          Integer.parseInt(o.get("tags")),
          Integer.parseInt(o.get("rounds")),
          Duration.ofMillis((long) (Double.parseDouble(o.get("warmup")) * 1000)),
          Duration.ofMillis((long) (Double.parseDouble(o.get("measure")) * 1000)),
          Integer.parseInt(o.get("window")),
          List.copyOf(brokers),
          o.get("broker-cpus").strip(),
          javaOpts.isEmpty() ? List.of() : List.of(javaOpts.split("\\s+")),
          Double.parseDouble(o.get("half-rate")),
          Path.of(o.get("jar")),
          Path.of(o.get("java-home")));
    }
  }

  /** One broker in one round. */
  record Result(
      Kind broker,
      int round,
      Phase full,
      double halfRate,
      Phase half,
      double brokerRssMiB,
      double benchRssMiB,
      long lost,
      long sequenceGaps,
      int rebirths) {}

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("uns.sh: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (!Files.isRegularFile(options.jar())) {
      System.err.println("uns.sh: no binary at " + options.jar() + "; build it first");
      System.exit(2);
    }
    System.out.printf(
        "UNS benchmark: %d edge nodes x %d device(s) x %d float64 tags, DDATA QoS 0; window %d"
            + " messages per device flat out; warm-up %ss, measure %ss, %d rounds%n",
        options.edges(),
        options.devices(),
        options.tags(),
        options.window(),
        options.warmup().toMillis() / 1000.0,
        options.measure().toMillis() / 1000.0,
        options.rounds());
    System.out.printf(
        "CPUs: load generator (this JVM) %s, brokers %s%n",
        Proc.cpus(ProcessHandle.current().pid()),
        options.brokerCpus().isEmpty() ? "not pinned" : options.brokerCpus());
    List<Result> results = new ArrayList<>();
    for (int round = 1; round <= options.rounds(); round++) {
      double halfRate = options.halfRate();
      for (Kind kind : options.brokers()) {
        Result result = runOne(options, kind, round, halfRate);
        if (halfRate <= 0) {
          // Every broker gets the same paced load: half of the first one's (the embedded) flat out.
          halfRate = result.full().metricsPerSecond() / 2;
        }
        results.add(result);
        printRound(result);
      }
    }
    System.out.println();
    System.out.print(table(options, results));
    String failure = wildlyOff(results);
    if (failure != null) {
      System.out.println("FAILED: " + failure + " (an order of magnitude off the target)");
      System.exit(1);
    }
  }

  private static Result runOne(Options options, Kind kind, int round, double halfRate)
      throws Exception {
    try (BrokerProcess broker =
        BrokerProcess.start(
            kind,
            options.javaHome(),
            options.jar(),
            options.brokerCpus(),
            options.brokerJavaOptions())) {
      try (SparkplugLoad load =
          new SparkplugLoad(
              broker.endpoint(),
              options.edges(),
              options.devices(),
              options.tags(),
              options.window())) {
        load.start(Duration.ofSeconds(60));
        long pid = broker.pid();
        Phase full = load.run(0, options.warmup(), options.measure(), pid);
        double rate = halfRate > 0 ? halfRate : full.metricsPerSecond() / 2;
        Phase half = load.run(rate, Duration.ofSeconds(2), options.measure(), pid);
        double brokerRss = Proc.rssMiB(pid);
        double benchRss = Proc.rssMiB(ProcessHandle.current().pid());
        HostStats stats = load.hostStats();
        return new Result(
            kind,
            round,
            full,
            rate,
            half,
            brokerRss,
            benchRss,
            load.lost(),
            stats.sequenceGaps(),
            load.rebirths());
      }
    }
  }

  private static void printRound(Result r) {
    System.out.printf(
        Locale.ROOT,
        "round %d %-9s flat out %,10.0f metrics/s %,8.0f msg/s p50 %.2f p99 %.2f max %.1f ms"
            + " | at %,.0f metrics/s: p50 %.2f p99 %.2f max %.1f ms | broker RSS %.0f MiB,"
            + " CPU %.2f cores | bench RSS %.0f MiB, CPU %.2f cores | lost %d, seq gaps %d,"
            + " stalls %d%n",
        r.round(),
        r.broker().label,
        r.full().metricsPerSecond(),
        r.full().messagesPerSecond(),
        r.full().latencyMs(0.5),
        r.full().latencyMs(0.99),
        r.full().latencyMs(1),
        r.halfRate(),
        r.half().latencyMs(0.5),
        r.half().latencyMs(0.99),
        r.half().latencyMs(1),
        r.brokerRssMiB(),
        r.full().brokerCpuSeconds() / r.full().seconds(),
        r.benchRssMiB(),
        r.full().loadCpuSeconds() / r.full().seconds(),
        r.lost(),
        r.sequenceGaps(),
        r.full().stalls() + r.half().stalls());
  }

  static String table(Options options, List<Result> results) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Medians of %d rounds; latency in ms (publish to decode); CPU in cores (CPU s per"
                + " wall s) and broker CPU per message while flat out%n",
            options.rounds()));
    out.append(
        String.format(
            "| %-9s | %11s | %8s | %-17s | %11s | %-17s | %10s | %10s | %8s | %9s | %8s | %5s |%n",
            "broker",
            "metrics/s",
            "msg/s",
            "flat p50/p99/max",
            "half rate",
            "half p50/p99/max",
            "broker RSS",
            "bench RSS",
            "brk CPU",
            "brk µs/msg",
            "bench CPU",
            "lost"));
    out.append(
        "|-----------|-------------|----------|-------------------|-------------|-------------------|------------|------------|----------|-----------|----------|-------|\n");
    for (Kind kind : options.brokers()) {
      List<Result> rs = results.stream().filter(r -> r.broker() == kind).toList();
      out.append(
          String.format(
              Locale.ROOT,
              "| %-9s | %,11.0f | %,8.0f | %5.2f/%5.2f/%5.1f | %,11.0f | %5.2f/%5.2f/%5.1f |"
                  + " %6.0f MiB | %6.0f MiB | %8.2f | %9.0f | %8.2f | %5d |%n",
              kind.label,
              median(rs, r -> r.full().metricsPerSecond()),
              median(rs, r -> r.full().messagesPerSecond()),
              median(rs, r -> r.full().latencyMs(0.5)),
              median(rs, r -> r.full().latencyMs(0.99)),
              median(rs, r -> r.full().latencyMs(1)),
              median(rs, Result::halfRate),
              median(rs, r -> r.half().latencyMs(0.5)),
              median(rs, r -> r.half().latencyMs(0.99)),
              median(rs, r -> r.half().latencyMs(1)),
              median(rs, Result::brokerRssMiB),
              median(rs, Result::benchRssMiB),
              median(rs, r -> r.full().brokerCpuSeconds() / r.full().seconds()),
              median(rs, r -> r.full().brokerCpuSeconds() * 1e6 / r.full().messagesDecoded()),
              median(rs, r -> r.full().loadCpuSeconds() / r.full().seconds()),
              rs.stream().mapToLong(Result::lost).sum()));
    }
    double[] ratios = ratios(results);
    if (ratios.length > 0) {
      out.append(
          String.format(
              Locale.ROOT,
              "embedded/mosquitto message rate: %.2f (median of the rounds' ratios %s; target >="
                  + " %.1f)%n",
              median(ratios),
              Arrays.toString(
                  Arrays.stream(ratios).map(x -> Math.round(x * 100) / 100.0).toArray()),
              TARGET_RATIO));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "machine: %d CPUs, %d GiB, %s %s%n",
            cpuCount(),
            memTotalGiB(),
            System.getProperty("java.vm.name"),
            System.getProperty("java.runtime.version")));
    return out.toString();
  }

  /** Embedded over Mosquitto flat-out message rate, per round in which both ran. */
  private static double[] ratios(List<Result> results) {
    Map<Integer, double[]> byRound = new LinkedHashMap<>();
    for (Result r : results) {
      byRound.computeIfAbsent(r.round(), k -> new double[2])[r.broker().ordinal()] =
          r.full().messagesPerSecond();
    }
    return byRound.values().stream()
        .filter(p -> p[0] > 0 && p[1] > 0)
        .mapToDouble(p -> p[0] / p[1])
        .toArray();
  }

  /** A reason when a figure of the embedded broker is ten times worse than its target. */
  private static String wildlyOff(List<Result> results) {
    List<Result> embedded = results.stream().filter(r -> r.broker() == Kind.EMBEDDED).toList();
    if (embedded.isEmpty()) {
      return null;
    }
    double rate = median(embedded, r -> r.full().metricsPerSecond());
    if (rate < TARGET_METRICS_PER_SECOND / 10) {
      return "the embedded broker decoded %,.0f metrics/s".formatted(rate);
    }
    double p99 = median(embedded, r -> r.half().latencyMs(0.99));
    if (!(p99 < TARGET_P99_MS * 10)) {
      return "p99 at half rate is %.1f ms".formatted(p99);
    }
    double[] ratios = ratios(results);
    if (ratios.length > 0 && median(ratios) < TARGET_RATIO / 10) {
      return "the embedded/mosquitto message rate ratio is %.2f".formatted(median(ratios));
    }
    return null;
  }

  private static double median(List<Result> results, ToDoubleFunction<Result> figure) {
    return median(results.stream().mapToDouble(figure).toArray());
  }

  private static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** All CPUs of the machine, whatever this process is pinned to. */
  private static long cpuCount() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(line -> line.startsWith("processor"))
          .count();
    } catch (java.io.IOException e) {
      return Runtime.getRuntime().availableProcessors();
    }
  }

  private static long memTotalGiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / (1024 * 1024);
        }
      }
    } catch (java.io.IOException e) {
      return -1;
    }
    return -1;
  }
}
