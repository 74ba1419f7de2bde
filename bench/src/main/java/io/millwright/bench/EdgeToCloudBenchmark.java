package io.millwright.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * RELIABILITY T3 at full scale (docs/edge-to-cloud.md): the demo factory's edge (broker, simulated
 * factory, connectors, edge historian), the publisher behind a WAN link this benchmark can cut, and
 * the cloud, as three processes of the real binary.
 *
 * <ol>
 *   <li>R, the factory's production rate, from the publisher's received readings over a while;
 *   <li>the link cut for T minutes, the publisher killed with SIGKILL halfway and started again;
 *       the backlog and the buffer's size on disk at the end of the outage;
 *   <li>the link restored: the time until a sample newer than the restore is in the cloud, and the
 *       rate at which the backlog drains behind the live data, as a multiple of R;
 *   <li>bytes on the wire per sample;
 *   <li>completeness: for every tag of press-01 and cnc-01, the cloud historian holds exactly the
 *       edge historian's samples of the run's window, once each, in order.
 * </ol>
 *
 * <p>Run with {@code bench/edge-to-cloud.sh [options]}; an unknown option lists them. Exits 1 when
 * a sample is missing, doubled or out of order in the cloud, or a figure is an order of magnitude
 * off its target.
 */
public final class EdgeToCloudBenchmark {

  static final String TOKEN = "plant-1-site-token-for-the-benchmark";

  /** docs/edge-to-cloud.md: the backlog drains at least ten times as fast as the site produces. */
  static final double TARGET_DRAIN_MULTIPLE = 10;

  /** docs/edge-to-cloud.md: under ten bytes per sample on the wire. */
  static final double TARGET_WIRE_BYTES = 10;

  /** The machines whose every tag is checked for completeness. */
  static final List<String> CHECKED = List.of("/press-01/", "/cnc-01/");

  private static final int MODBUS_PORTS = 11;

  record Options(
      double minutes,
      long drainRate,
      int measure,
      int drainTimeout,
      List<String> javaOptions,
      Path jar,
      Path javaHome) {

    static Options parse(String[] args) {
      Map<String, String> o = new LinkedHashMap<>();
      o.put("minutes", "2");
      o.put("drain-rate", "0");
      o.put("measure", "30");
      o.put("drain-timeout", "300");
      o.put("java-opts", "");
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
          Double.parseDouble(o.get("minutes")),
          Long.parseLong(o.get("drain-rate")),
          Integer.parseInt(o.get("measure")),
          Integer.parseInt(o.get("drain-timeout")),
          javaOpts.isEmpty() ? List.of() : List.of(javaOpts.split("\\s+")),
          Path.of(o.get("jar")),
          Path.of(o.get("java-home")));
    }
  }

  private EdgeToCloudBenchmark() {}

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("edge-to-cloud.sh: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (!Files.isRegularFile(options.jar())) {
      System.err.println("edge-to-cloud.sh: no binary at " + options.jar() + "; build it first");
      System.exit(2);
    }
    Path work = Files.createTempDirectory("mw-bench-e2c");
    int status;
    try {
      status = new EdgeToCloudRun(options, work).run();
    } finally {
      BrokerProcess.deleteRecursively(work);
    }
    System.exit(status);
  }

  static Map<String, String> edgeEnvironment() throws java.io.IOException {
    Map<String, String> env = new LinkedHashMap<>();
    // The edge historian is the record of what was produced, so the edge node waits for both.
    env.put("MILLWRIGHT_CONNECTORS_PRIMARYHOST", "historian,publisher");
    env.put("MILLWRIGHT_SIMULATOR_OPCUA_PORT", Integer.toString(BrokerProcess.freePort()));
    env.put("MILLWRIGHT_SIMULATOR_ERP_PORT", Integer.toString(BrokerProcess.freePort()));
    env.put(
        "MILLWRIGHT_SIMULATOR_MODBUS_PORT",
        Integer.toString(JobsBenchmark.freePortRange(MODBUS_PORTS)));
    env.put("MILLWRIGHT_SIMULATOR_S7_PORT", Integer.toString(JobsBenchmark.freePortRange(2)));
    env.put("MILLWRIGHT_SIMULATOR_SQL_PORT", Integer.toString(BrokerProcess.freePort()));
    return env;
  }

  static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }

  static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }
}
