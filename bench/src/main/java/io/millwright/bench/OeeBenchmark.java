package io.millwright.bench;

import io.millwright.core.machine.MachineDefinition;
import io.millwright.oee.calendar.ShiftInstance;
import io.millwright.oee.engine.LiveFigures;
import io.millwright.oee.engine.OeeEngine;
import io.millwright.oee.engine.SegmentArchive;
import io.millwright.oee.engine.Stop;
import io.millwright.oee.figures.OeeFigures;
import io.millwright.oee.reason.ReasonTables;
import io.millwright.oee.state.Segment;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.ref.Reference;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Prints the figures of the OEE engine on a site of 1,000 machines (not a test: timings are
 * reported, never asserted). Usage: {@code bench/oee.sh [days, default 30]}. Feeds the days of
 * history of {@link OeeLoad} through {@link OeeEngine#accept} as a connector delivers it, then
 * times the role's recomputation every second and 30-day reports, and shows the memory the segments
 * take. Everything stays in memory ({@link SegmentArchive} keeps nothing), as the role keeps 35
 * days.
 */
public final class OeeBenchmark {

  private static final long SECOND = 1000;
  private static final long DAY = 86_400_000L;
  // The feed hands over a minute of the site's messages at a time, then moves every machine's time
  // on as the role's 1 s tick would have meanwhile.
  private static final long FEED_WINDOW = 60 * SECOND;
  private static final int LIVE_RUNS = 60;
  // The role recomputes every second for as long as it runs: the first seconds, while the JIT
  // compiles the figures' code, take several times the steady cost and are shown apart.
  private static final int LIVE_WARM_UP = 10;
  private static final int LINE_RUNS = 50;
  private static final int SITE_RUNS = 5;
  private static final double LINE_TARGET_MS = 200;
  // Mid-morning of the early shift, after its break: the current shift has a few hours of data.
  private static final LocalDateTime END = LocalDateTime.of(2026, 11, 10, 11, 20);

  private OeeBenchmark() {}

  /** Counts what the engine hands to the archive, and keeps nothing. */
  private static final class CountingArchive implements SegmentArchive {
    long appended;

    @Override
    public void append(String machineId, Segment segment) {
      appended++;
    }

    @Override
    public List<Segment> segments(String machineId, long from, long to) {
      return List.of();
    }

    @Override
    public Map<Long, Stop.Classification> classifications(String machineId) {
      return Map.of();
    }

    @Override
    public void classify(String machineId, long stopStart, Stop.Classification c) {}
  }

  public static void main(String[] args) {
    int days = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    List<MachineDefinition> machines = OeeLoad.machines();
    CountingArchive archive = new CountingArchive();
    OeeEngine engine =
        new OeeEngine(machines, OeeLoad.calendar(), ReasonTables.of(Map.of()), archive);
    String[] ids = machines.stream().map(MachineDefinition::id).toArray(String[]::new);
    long end = END.atZone(OeeLoad.ZONE).toInstant().toEpochMilli();
    long start = end - days * DAY;
    OeeLoad load = new OeeLoad(ids.length, engine.calendar(), start, end + DAY, 42);
    System.out.printf(
        "site: %,d machines on %d lines, %s, shifts 06-14, 14-22, 22-06 with 30 min breaks;"
            + " %d days of history up to %s%n",
        ids.length, OeeLoad.LINES, OeeLoad.ZONE, days, END);

    // 1. Ingest: only the engine's part is timed; making the messages is not.
    long messages = 0;
    long readings = 0;
    long refused = 0;
    long engineNanos = 0;
    long feedStarted = System.nanoTime();
    for (long t = start; t < end; t += FEED_WINDOW) {
      long until = Math.min(t + FEED_WINDOW, end);
      List<OeeLoad.Message> batch = load.next(until);
      long started = System.nanoTime();
      for (OeeLoad.Message m : batch) {
        if (!engine.accept(ids[m.machine()], m.at(), m.readings())) {
          refused++;
        }
      }
      engine.tick(until);
      engineNanos += System.nanoTime() - started;
      messages += batch.size();
      for (OeeLoad.Message m : batch) {
        readings += m.readings().size();
      }
    }
    double feedSeconds = (System.nanoTime() - feedStarted) / 1e9;
    double engineSeconds = engineNanos / 1e9;
    long[] problems = engine.problems();
    System.out.printf(
        "feed: %,d messages, %,d readings in %.1f s (%.1f s of it in the engine, the rest making"
            + " the messages)%n",
        messages, readings, feedSeconds, engineSeconds);
    System.out.printf(
        "ingest: %,.0f readings/s = %,.0f messages/s accepted by the engine (one thread);"
            + " refused %d, late %d, counter resets %d, unmapped states %d%n",
        readings / engineSeconds,
        messages / engineSeconds,
        refused,
        problems[0],
        problems[1],
        problems[2]);
    System.out.printf(
        "segments: %,d finished (%,.0f per machine, %,.0f per machine-day)%n",
        archive.appended,
        (double) archive.appended / ids.length,
        (double) archive.appended / ids.length / days);

    // 2. Live: what the role does every second, with the second's messages fed in between.
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long now = end;
    long[] nanos = new long[LIVE_RUNS];
    long[] tickNanos = new long[LIVE_RUNS];
    long cpu = 0;
    LiveFigures live = null;
    long coldNanos = 0;
    for (int run = -LIVE_WARM_UP; run < LIVE_RUNS; run++) {
      long next = now + SECOND;
      for (OeeLoad.Message m : load.next(next)) {
        engine.accept(ids[m.machine()], m.at(), m.readings());
      }
      now = next;
      long cpuStarted = threads.getCurrentThreadCpuTime();
      long started = System.nanoTime();
      engine.tick(now);
      long ticked = System.nanoTime();
      ShiftInstance shift = engine.currentShift(now).orElseThrow();
      live = engine.live(shift, now); // what the oee role does every second
      long done = System.nanoTime();
      long cpuDone = threads.getCurrentThreadCpuTime();
      if (run == -LIVE_WARM_UP) {
        coldNanos = done - started;
      }
      if (run >= 0) {
        nanos[run] = done - started;
        tickNanos[run] = ticked - started;
        cpu += cpuDone - cpuStarted;
      }
    }
    double cpuPerRun = cpu / 1e9 / LIVE_RUNS;
    System.out.printf(
        "live 1 Hz (tick + shift %s so far for %,d machines, %d lines, site): p50 %.1f ms,"
            + " p99 %.1f ms, max %.1f ms over %d runs after %d warm-up runs (the first, cold:"
            + " %.0f ms); tick alone p50 %.2f ms%n",
        live.shift().id(),
        live.machines().size(),
        live.lines().size(),
        percentile(nanos, 50),
        percentile(nanos, 99),
        max(nanos),
        LIVE_RUNS,
        LIVE_WARM_UP,
        coldNanos / 1e6,
        percentile(tickNanos, 50));
    System.out.printf(
        "live 1 Hz CPU: %.3f s per recomputation = %.1f%% of one core%n",
        cpuPerRun, cpuPerRun * 100);
    System.out.println("  current shift, site: " + summary(live.site()));

    // 3. Reports over the whole history: one line, then the site.
    long reportNow = now;
    long from = reportNow - days * DAY;
    MachineDefinition first = machines.getFirst();
    Predicate<MachineDefinition> oneLine =
        d -> d.area().equals(first.area()) && d.line().equals(first.line());
    long[] lineNanos = time(LINE_RUNS, () -> engine.figures(oneLine, from, reportNow, reportNow));
    System.out.printf(
        "%d-day report, one line (%s/%s, %d machines): p50 %.1f ms, p99 %.1f ms over %d runs after"
            + " 1 warm-up (target < %.0f ms)%n",
        days,
        first.area(),
        first.line(),
        OeeLoad.MACHINES_PER_LINE,
        percentile(lineNanos, 50),
        percentile(lineNanos, 99),
        LINE_RUNS,
        LINE_TARGET_MS);
    OeeFigures[] siteFigures = new OeeFigures[1];
    long[] siteNanos =
        time(
            SITE_RUNS,
            () -> siteFigures[0] = engine.figures(d -> true, from, reportNow, reportNow));
    System.out.printf(
        "%d-day report, site (%,d machines): p50 %.0f ms, max %.0f ms over %d runs after 1 warm-up%n",
        days, ids.length, percentile(siteNanos, 50), max(siteNanos), SITE_RUNS);
    System.out.println("  " + days + " days, site: " + summary(siteFigures[0]));

    // 4. Memory: what the segments of the whole history hold.
    System.gc();
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long pid = ProcessHandle.current().pid();
    System.out.printf(
        "memory: heap used after GC %,.0f MiB (%,.0f bytes per segment), RSS %,.0f MiB, peak RSS"
            + " %,.0f MiB, max heap %,.0f MiB%n",
        heap / 1048576.0,
        (double) heap / archive.appended,
        Proc.rssMiB(pid),
        Proc.peakRssMiB(pid),
        Runtime.getRuntime().maxMemory() / 1048576.0);
    // The engine and its segments must still be alive when the heap is measured.
    Reference.reachabilityFence(engine);
  }

  private static long[] time(int runs, Runnable query) {
    query.run(); // warm-up
    long[] nanos = new long[runs];
    for (int i = 0; i < runs; i++) {
      long started = System.nanoTime();
      query.run();
      nanos[i] = System.nanoTime() - started;
    }
    return nanos;
  }

  /** Nearest-rank percentile in milliseconds. */
  private static double percentile(long[] nanos, int p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }

  private static double max(long[] nanos) {
    return Arrays.stream(nanos).max().orElse(0) / 1e6;
  }

  private static String summary(OeeFigures f) {
    return String.format(
        "OEE %.1f%% = A %.1f%% x P %.1f%% x Q %.1f%%, %,d parts (%,d scrap), %,d micro-stops,"
            + " %,d failures",
        f.oee() * 100,
        f.availability() * 100,
        f.performance() * 100,
        f.quality() * 100,
        f.total(),
        f.scrap(),
        f.microStops(),
        f.failures());
  }
}
