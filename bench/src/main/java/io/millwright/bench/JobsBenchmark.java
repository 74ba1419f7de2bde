package io.millwright.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millwright.simulator.plant.MachineProducts;
import io.millwright.simulator.plant.Plant;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The jobs benchmark of issue 9, on the real binary running {@code demo} (every role and the
 * simulated factory of 11 machines) with {@code jobs: {release: manual}}:
 *
 * <ol>
 *   <li>import: N orders posted into the ERP simulator by a few concurrent clients, timed until the
 *       jobs role has imported them all (its {@code millwright_jobs_orders_imported_total});
 *   <li>dispatch: on every machine in parallel, release the next imported job onto it, wait for the
 *       machine's read-back ({@code dispatched} on the events topic), complete it, paced to an
 *       overall rate per minute; the latency is the journal's {@code dispatched} time minus its
 *       {@code released} time (both server-side), and the client's time from the release call to
 *       the event;
 *   <li>confirmations: the ERP backlog drained, and each completed order COMPLETED in the ERP.
 * </ol>
 *
 * <p>Run with {@code bench/jobs.sh [options]}; an unknown option lists them. Exits 1 when a
 * dispatch failed, an order was lost or rejected, or a confirmation is missing.
 */
public final class JobsBenchmark {

  /** Issue 9's target, release to the machine acknowledging the job. */
  static final double TARGET_P99_MS = 500;

  private static final int MODBUS_PORTS = 11;
  private static final long BACKLOG_TIMEOUT_SECONDS = 180;

  record Options(
      int orders,
      int clients,
      double minutes,
      double rate,
      long jitter,
      int importTimeout,
      List<String> javaOptions,
      String cpus,
      Path jar,
      Path javaHome) {

    static Options parse(String[] args) {
      Map<String, String> o = new LinkedHashMap<>();
      o.put("orders", "10000");
      o.put("clients", "4");
      o.put("minutes", "2");
      o.put("rate", "1000");
      o.put("jitter", "0");
      o.put("import-timeout", "600");
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
          Integer.parseInt(o.get("orders")),
          Integer.parseInt(o.get("clients")),
          Double.parseDouble(o.get("minutes")),
          Double.parseDouble(o.get("rate")),
          Long.parseLong(o.get("jitter")),
          Integer.parseInt(o.get("import-timeout")),
          javaOpts.isEmpty() ? List.of() : List.of(javaOpts.split("\\s+")),
          o.get("cpus").strip(),
          Path.of(o.get("jar")),
          Path.of(o.get("java-home")));
    }
  }

  private JobsBenchmark() {}

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("jobs.sh: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (!Files.isRegularFile(options.jar())) {
      System.err.println("jobs.sh: no binary at " + options.jar() + "; build it first");
      System.exit(2);
    }
    Path work = Files.createTempDirectory("mw-bench-jobs");
    int status;
    try {
      status = run(options, work);
    } finally {
      BrokerProcess.deleteRecursively(work);
    }
    System.exit(status);
  }

  private static int run(Options o, Path work) throws Exception {
    List<MachineProducts> machines = Plant.demo(1).machineProducts();
    List<String> ids = machines.stream().map(MachineProducts::machineId).toList();
    System.out.printf(
        Locale.ROOT,
        "jobs benchmark: demo with jobs.release manual, %d machines; import %,d orders posted by %d"
            + " clients into the ERP simulator; then %.1f min of release -> dispatched -> complete"
            + " on every machine at up to %,.0f dispatches/min, random pause before each release"
            + " up to %d ms%n",
        ids.size(),
        o.orders(),
        o.clients(),
        o.minutes(),
        o.rate(),
        o.jitter());
    Path config = Files.writeString(work.resolve("millwright.yaml"), "jobs:\n  release: manual\n");
    int erpPort = BrokerProcess.freePort();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("MILLWRIGHT_SIMULATOR_ERP_PORT", Integer.toString(erpPort));
    env.put("MILLWRIGHT_SIMULATOR_OPCUA_PORT", Integer.toString(BrokerProcess.freePort()));
    env.put("MILLWRIGHT_SIMULATOR_MODBUS_PORT", Integer.toString(freePortRange(MODBUS_PORTS)));
    env.put("MILLWRIGHT_SIMULATOR_S7_PORT", Integer.toString(freePortRange(2)));
    env.put("MILLWRIGHT_SIMULATOR_SQL_PORT", Integer.toString(BrokerProcess.freePort()));
    MillwrightProcess.Launch launch =
        new MillwrightProcess.Launch(
            o.javaHome(),
            o.jar(),
            o.javaOptions(),
            o.cpus(),
            List.of("demo", "--config", config.toString()),
            env);
    String load0 = Proc.loadAverage();
    try (MillwrightProcess binary = MillwrightProcess.start(launch, work);
        JobEvents events = new JobEvents(binary.mqtt())) {
      long self = ProcessHandle.current().pid();
      double selfCpu0 = Proc.cpuSeconds(self);
      System.out.printf(
          Locale.ROOT,
          "binary ready in %.1f s (pid %d, CPUs %s, JVM options %s)%n",
          binary.startSeconds(),
          binary.pid(),
          Proc.cpus(binary.pid()),
          o.javaOptions().isEmpty() ? "none" : String.join(" ", o.javaOptions()));
      double settle = awaitJobsRole(binary, ids.size());
      Map<String, Double> m0 = binary.metrics("millwright_jobs_");
      System.out.printf(
          Locale.ROOT,
          "jobs role following all %d machines and the ERP %.1f s after ready; the ERP"
              + " simulator's own orders imported: %.0f%n",
          ids.size(),
          settle,
          m0.getOrDefault("millwright_jobs_orders_imported_total", Double.NaN));

      // Phase 1
      JobsImport.Result in =
          new JobsImport(binary, erpPort, machines).run(o.orders(), o.clients(), o.importTimeout());
      System.out.printf(
          Locale.ROOT,
          "import: %,d orders posted in %.1f s (%,.0f/s into the ERP simulator); imported by the"
              + " jobs role: %,.0f in %.1f s end to end = %,.0f orders/s; import span (first to"
              + " last import, 50 ms polls) %.1f s = %,.0f orders/s; rejected %.0f, duplicate %.0f,"
              + " ERP fetches %.0f; binary CPU %.1f s (%.0f%% of one core), max RSS %.0f MiB%n",
          in.orders(),
          in.postSeconds(),
          in.orders() / in.postSeconds(),
          in.imported(),
          in.endToEndSeconds(),
          in.orders() / in.endToEndSeconds(),
          in.importSeconds(),
          in.orders() / in.importSeconds(),
          in.rejected(),
          in.duplicates(),
          in.fetches(),
          in.cpuSeconds(),
          100 * in.cpuSeconds() / in.endToEndSeconds(),
          in.maxRssMiB());
      boolean importOk = in.complete() && in.imported() == in.orders() && in.rejected() == 0;

      // Phase 2
      events.start();
      Map<String, Double> d0 = binary.metrics("millwright_jobs_");
      String loadD0 = Proc.loadAverage();
      JobsDispatch.Result out =
          new JobsDispatch(binary, events, o.jitter())
              .run(ids, o.rate(), Math.round(o.minutes() * 60));
      String loadD1 = Proc.loadAverage();
      List<Long> done = out.done().stream().map(JobsDispatch.Done::job).toList();
      List<JobsJournal.Times> times = JobsJournal.read(binary, done, 4);
      long[] server = sorted(times.stream().mapToLong(JobsJournal.Times::releaseToDispatch));
      long[] written = sorted(times.stream().mapToLong(JobsJournal.Times::writeToDispatch));
      long[] client =
          sorted(
              out.done().stream().mapToLong(d -> TimeUnit.NANOSECONDS.toMillis(d.clientNanos())));
      long missingSteps = times.stream().filter(t -> t.releaseToDispatch() < 0).count();
      System.out.printf(
          Locale.ROOT,
          "dispatch: %,d jobs released, dispatched and completed in %.1f s = %,.0f dispatches/min"
              + " (target pace %,.0f/min) on %d machines; first round completed %d jobs the"
              + " machines had; failed dispatches %d (\"%s\" on the topic: %d), releases refused"
              + " %d%n",
          done.size(),
          out.seconds(),
          done.size() / out.seconds() * 60,
          o.rate(),
          ids.size(),
          out.firstRoundCompleted(),
          out.failures(),
          JobEvents.NOT_TAKEN,
          events.notTaken(),
          out.refused());
      System.out.printf(
          Locale.ROOT,
          "latency released -> dispatched (journal, server-side, ms), %d jobs: %s%n",
          server.length,
          figures(server));
      System.out.printf(
          Locale.ROOT,
          "  of it \"written to\" -> dispatched (the DCMD out to the read-back in): %s%n",
          figures(written));
      System.out.printf(
          Locale.ROOT,
          "latency release call -> dispatched event on the MQTT topic (client-side, ms), %d jobs:"
              + " %s%n",
          client.length,
          figures(client));
      List<JobsJournal.Times> rewritten = times.stream().filter(t -> t.rewrites() > 0).toList();
      System.out.printf(
          Locale.ROOT,
          "  jobs the book wrote again after its dispatch timeout (no read-back yet): %d%s%n",
          rewritten.size(),
          rewritten.isEmpty()
              ? ""
              : " ("
                  + String.join(
                      ", ",
                      rewritten.stream()
                          .limit(10)
                          .map(t -> "job " + t.job() + " " + t.releaseToDispatch() + " ms")
                          .toList())
                  + ")");
      System.out.printf(
          Locale.ROOT,
          "  per machine p50/p99 (server-side ms): %s%n",
          perMachine(out.done(), times));
      System.out.printf(
          Locale.ROOT,
          "  split at the job/order sample's timestamp (JSON mirror; Modbus: the poll's read,"
              + " OPC UA: the value's source time), p50/p99 ms released -> sample + sample ->"
              + " dispatched: %s%n",
          split(out.done(), times, events));
      System.out.printf(
          Locale.ROOT,
          "binary while dispatching: CPU %.1f s = %.0f%% of one core, max RSS %.0f MiB; jobs"
              + " transitions %,.0f, machine writes %,.0f (failures %.0f), journal failures %.0f%n",
          out.cpuSeconds(),
          100 * out.cpuSeconds() / out.seconds(),
          out.maxRssMiB(),
          delta(d0, binary.metrics("millwright_jobs_"), "millwright_jobs_transitions_total"),
          delta(d0, binary.metrics("millwright_jobs_"), "millwright_jobs_machine_writes_total"),
          delta(
              d0,
              binary.metrics("millwright_jobs_"),
              "millwright_jobs_machine_write_failures_total"),
          delta(d0, binary.metrics("millwright_jobs_"), "millwright_jobs_journal_failures_total"));
      for (String p : out.problems().stream().limit(5).toList()) {
        System.out.println("  problem: " + p);
      }

      // Confirmations
      long b0 = System.nanoTime();
      double backlog = awaitBacklog(binary);
      double drained = (System.nanoTime() - b0) / 1e9;
      Map<String, Double> d1 = binary.metrics("millwright_jobs_");
      int[] erp = checkErp(erpPort, out.done());
      System.out.printf(
          Locale.ROOT,
          "confirmations: ERP backlog %.0f %.1f s after the phase; delivered %,.0f, duplicates %.0f,"
              + " delivery failures %.0f, undeliverable %.0f (since the dispatch phase began);"
              + " ERP simulator shows %,d of %,d completed orders COMPLETED (%d other status, %d"
              + " not found)%n",
          backlog,
          drained,
          delta(d0, d1, "millwright_jobs_erp_confirmations_delivered_total"),
          delta(d0, d1, "millwright_jobs_erp_confirmations_duplicate_total"),
          delta(d0, d1, "millwright_jobs_erp_delivery_failures_total"),
          delta(d0, d1, "millwright_jobs_erp_undeliverable_total"),
          erp[0],
          done.size(),
          erp[1],
          erp[2]);
      double selfCpu = Proc.cpuSeconds(self) - selfCpu0;
      System.out.printf(
          Locale.ROOT,
          "binary at the end: RSS %.0f MiB (peak %.0f MiB), CPU %.1f s since start; benchmark JVM"
              + " CPU %.1f s; load average (1/5/15 min): before start %s, dispatch start %s,"
              + " dispatch end %s, end %s; %d CPUs, %s %s%n",
          Proc.rssMiB(binary.pid()),
          Proc.peakRssMiB(binary.pid()),
          Proc.cpuSeconds(binary.pid()),
          selfCpu,
          load0,
          loadD0,
          loadD1,
          Proc.loadAverage(),
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.vm.name"),
          System.getProperty("java.runtime.version"));
      double p99 = AlarmsBenchmark.quantile(server, 0.99);
      boolean dispatchOk = out.failures() == 0 && events.notTaken() == 0 && missingSteps == 0;
      boolean confirmed = backlog == 0 && erp[0] == done.size();
      System.out.printf(
          Locale.ROOT,
          "target release -> machine p99 < %.0f ms: %s (p99 %d ms); all orders imported, none"
              + " rejected: %s; every dispatch taken: %s; every completion confirmed: %s%n",
          TARGET_P99_MS,
          server.length > 0 && p99 < TARGET_P99_MS ? "met" : "missed",
          (long) p99,
          importOk ? "yes" : "NO",
          dispatchOk ? "yes" : "NO",
          confirmed ? "yes" : "NO");
      return importOk && dispatchOk && confirmed && !done.isEmpty() ? 0 : 1;
    }
  }

  /** Until the jobs role follows every machine and has fetched from the ERP once. */
  private static double awaitJobsRole(MillwrightProcess binary, int machines) throws Exception {
    ObjectMapper json = new ObjectMapper();
    long t0 = System.nanoTime();
    long deadline = t0 + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      double fetches =
          binary
              .metrics("millwright_jobs_erp_fetches_total")
              .getOrDefault("millwright_jobs_erp_fetches_total", 0.0);
      int online = 0;
      var r = binary.get("/api/v1/jobs/machines");
      if (r.statusCode() == 200) {
        for (JsonNode m : json.readTree(r.body())) {
          online += m.path("online").asBoolean() ? 1 : 0;
        }
      }
      if (fetches >= 1 && online == machines) {
        return (System.nanoTime() - t0) / 1e9;
      }
      Thread.sleep(200);
    }
    throw new IOException("the jobs role did not follow all machines within 120 s");
  }

  private static double awaitBacklog(MillwrightProcess binary) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BACKLOG_TIMEOUT_SECONDS);
    double backlog = Double.NaN;
    while (System.nanoTime() < deadline) {
      backlog =
          binary
              .metrics("millwright_jobs_erp_backlog")
              .getOrDefault("millwright_jobs_erp_backlog", Double.NaN);
      if (backlog == 0) {
        return 0;
      }
      Thread.sleep(200);
    }
    return backlog;
  }

  /** COMPLETED, another status, not found: each completed job's order as the ERP shows it. */
  private static int[] checkErp(int erpPort, List<JobsDispatch.Done> done) throws IOException {
    ObjectMapper json = new ObjectMapper();
    PeerHttp erp = new PeerHttp(erpPort);
    int[] out = new int[3];
    for (JobsDispatch.Done d : done) {
      try {
        String status =
            json.readTree(erp.get("/api/orders/" + d.orderNumber(), Map.of()))
                .path("status")
                .asText();
        out[status.equals("COMPLETED") ? 0 : 1]++;
      } catch (IOException e) {
        out[2]++;
      }
    }
    return out;
  }

  private static String perMachine(List<JobsDispatch.Done> done, List<JobsJournal.Times> times) {
    Map<Long, Long> byJob = new LinkedHashMap<>();
    times.forEach(t -> byJob.put(t.job(), t.releaseToDispatch()));
    Map<String, List<Long>> byMachine = new LinkedHashMap<>();
    for (JobsDispatch.Done d : done) {
      byMachine.computeIfAbsent(d.machine(), m -> new ArrayList<>()).add(byJob.get(d.job()));
    }
    List<String> parts = new ArrayList<>();
    byMachine.forEach(
        (m, l) -> {
          long[] s = sorted(l.stream().mapToLong(Long::longValue));
          parts.add(
              String.format(
                  Locale.ROOT,
                  "%s %d/%d (%d)",
                  m,
                  AlarmsBenchmark.quantile(s, 0.5),
                  AlarmsBenchmark.quantile(s, 0.99),
                  s.length));
        });
    return String.join(", ", parts);
  }

  private static String split(
      List<JobsDispatch.Done> done, List<JobsJournal.Times> times, JobEvents events) {
    Map<Long, JobsJournal.Times> byJob = new LinkedHashMap<>();
    times.forEach(t -> byJob.put(t.job(), t));
    Map<String, List<long[]>> byMachine = new LinkedHashMap<>();
    int unseen = 0;
    for (JobsDispatch.Done d : done) {
      JobsJournal.Times t = byJob.get(d.job());
      long sample = events.shownAt(d.orderNumber() + "/" + JobsImport.OPERATION);
      if (sample < 0 || t.released() < 0 || t.dispatched() < 0) {
        unseen++;
        continue;
      }
      byMachine
          .computeIfAbsent(d.machine(), m -> new ArrayList<>())
          .add(new long[] {sample - t.released(), t.dispatched() - sample});
    }
    List<String> parts = new ArrayList<>();
    byMachine.forEach(
        (m, l) -> {
          long[] before = sorted(l.stream().mapToLong(x -> x[0]));
          long[] after = sorted(l.stream().mapToLong(x -> x[1]));
          parts.add(
              String.format(
                  Locale.ROOT,
                  "%s %d/%d + %d/%d",
                  m,
                  AlarmsBenchmark.quantile(before, 0.5),
                  AlarmsBenchmark.quantile(before, 0.99),
                  AlarmsBenchmark.quantile(after, 0.5),
                  AlarmsBenchmark.quantile(after, 0.99)));
        });
    return String.join(", ", parts) + (unseen > 0 ? "; " + unseen + " jobs without a sample" : "");
  }

  private static long[] sorted(java.util.stream.LongStream values) {
    long[] out = values.filter(v -> v >= 0).toArray();
    Arrays.sort(out);
    return out;
  }

  private static String figures(long[] ms) {
    return String.format(
        Locale.ROOT,
        "p50 %d, p90 %d, p99 %d, max %d (min %d)",
        AlarmsBenchmark.quantile(ms, 0.5),
        AlarmsBenchmark.quantile(ms, 0.9),
        AlarmsBenchmark.quantile(ms, 0.99),
        AlarmsBenchmark.quantile(ms, 1),
        ms.length == 0 ? -1 : ms[0]);
  }

  private static double delta(Map<String, Double> m0, Map<String, Double> m1, String name) {
    return JobsImport.delta(m0, m1, name);
  }

  /** A first port of n consecutive free ones (the demo's Modbus slaves take one each). */
  static int freePortRange(int n) throws IOException {
    for (int attempt = 0; attempt < 100; attempt++) {
      int base = ThreadLocalRandom.current().nextInt(20_000, 40_000);
      boolean free = true;
      for (int p = base; p < base + n && free; p++) {
        try (ServerSocket s = new ServerSocket(p, 1, java.net.InetAddress.getLoopbackAddress())) {
          free = s.getLocalPort() == p;
        } catch (IOException taken) {
          free = false;
        }
      }
      if (free) {
        return base;
      }
    }
    throw new IOException("no " + n + " consecutive free ports found");
  }
}
