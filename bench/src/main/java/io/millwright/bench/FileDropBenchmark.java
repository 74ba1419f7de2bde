package io.millwright.bench;

import com.sun.management.OperatingSystemMXBean;
import io.millwright.connect.MachineLink;
import io.millwright.connect.file.FileDropConnector;
import io.millwright.connect.file.FileDropConnectorFactory;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Tag;
import io.millwright.uns.sparkplug.edge.TagSample;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * Prints the throughput of the file-drop connector (not a test: figures are reported, never
 * asserted). Usage: {@code bench/files.sh [--files 10000] [--dir /tmp] [--columns 50]}. Each file
 * is a result of about 1 KB: a CSV header and one row of a part id, a timestamp and {@code columns}
 * measured values, written under a temporary name and renamed as machines should. Two scenarios,
 * each in a fresh folder:
 *
 * <ul>
 *   <li>backlog: the files are all there when the connector starts (a restart after an outage);
 *   <li>live: the connector runs while one writer drops files as fast as it can.
 * </ul>
 *
 * A file counts when its samples reached the link and it left the drop folder for {@code done/};
 * the delivery journal is written and cleared for each file.
 */
public final class FileDropBenchmark {

  private FileDropBenchmark() {}

  /** Counts what reaches the link and keeps nothing. */
  private static final class CountingLink implements MachineLink {
    final LongAdder batches = new LongAdder();
    final LongAdder samples = new LongAdder();

    @Override
    public void samples(List<TagSample> batch) {
      batches.increment();
      samples.add(batch.size());
    }

    @Override
    public void connected() {}

    @Override
    public void disconnected(String reason) {
      System.err.println("link down: " + reason);
    }
  }

  private record Figures(int files, long samples, Duration elapsed, Duration cpu) {}

  public static void main(String[] args) throws Exception {
    int files = 10_000;
    int columns = 50;
    Path base = Path.of(System.getProperty("java.io.tmpdir"));
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--files" -> files = Integer.parseInt(args[i + 1]);
        case "--columns" -> columns = Integer.parseInt(args[i + 1]);
        case "--dir" -> base = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path work = Files.createTempDirectory(base, "file-drop-bench-");
    try {
      System.out.printf(
          Locale.ROOT,
          "file-drop connector: %,d CSV files of %,d bytes (%d values each), folder on %s%n",
          files,
          content(columns, 0).length,
          columns,
          Files.getFileStore(work).type());
      // A short unmeasured run first: the JIT compiles the reading path.
      backlog(work.resolve("warm-up"), Math.min(files, 1000), columns);
      report("backlog", backlog(work.resolve("backlog"), files, columns));
      report("live", live(work.resolve("live"), files, columns));
    } finally {
      delete(work);
    }
  }

  private static Figures backlog(Path folder, int files, int columns) throws Exception {
    Files.createDirectories(folder);
    for (int i = 0; i < files; i++) {
      drop(folder, i, columns);
    }
    CountingLink link = new CountingLink();
    long cpu0 = cpuNanos();
    long t0 = System.nanoTime();
    try (FileDropConnector c = connector(folder, columns)) {
      c.start(link);
      awaitAll(folder, link, files);
    }
    return new Figures(
        files, link.samples.sum(), Duration.ofNanos(System.nanoTime() - t0), cpu(cpu0));
  }

  private static Figures live(Path folder, int files, int columns) throws Exception {
    Files.createDirectories(folder);
    CountingLink link = new CountingLink();
    try (FileDropConnector c = connector(folder, columns)) {
      c.start(link);
      long cpu0 = cpuNanos();
      long t0 = System.nanoTime();
      for (int i = 0; i < files; i++) {
        drop(folder, i, columns);
      }
      awaitAll(folder, link, files);
      return new Figures(
          files, link.samples.sum(), Duration.ofNanos(System.nanoTime() - t0), cpu(cpu0));
    }
  }

  private static FileDropConnector connector(Path folder, int columns) throws IOException {
    List<Tag> tags = new ArrayList<>();
    tags.add(Tag.of("part/id", "part", DataType.STRING));
    for (int c = 0; c < columns; c++) {
      tags.add(Tag.of(String.format("feature-%02d/deviation", c), column(c), DataType.FLOAT64));
    }
    MachineDefinition m =
        new MachineDefinition(
            "cmm-bench",
            "CMM",
            "quality",
            "lab",
            Protocol.FILE,
            folder.toUri().toString(),
            Map.of("format", "csv", "stableFor", "0s", "timestampField", "time"),
            Duration.ofSeconds(1),
            tags);
    Path state = folder.resolveSibling(folder.getFileName() + "-state");
    Files.createDirectories(state);
    return new FileDropConnectorFactory(state).create(m);
  }

  private static String column(int c) {
    return String.format("f%02d", c);
  }

  private static byte[] content(int columns, int n) {
    StringBuilder header = new StringBuilder("time,part");
    StringBuilder row =
        new StringBuilder(Instant.ofEpochMilli(1_795_420_800_000L + n).toString())
            .append(",PART-")
            .append(n);
    for (int c = 0; c < columns; c++) {
      header.append(',').append(column(c));
      row.append(',').append(String.format(Locale.ROOT, "%.12f", Math.sin(n + c) / 10));
    }
    return (header + "\r\n" + row + "\r\n").getBytes(StandardCharsets.UTF_8);
  }

  private static void drop(Path folder, int n, int columns) throws IOException {
    String name = String.format("result-%07d.csv", n);
    Path temp = folder.resolve("." + name + ".tmp");
    Files.write(temp, content(columns, n));
    Files.move(temp, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }

  private static void awaitAll(Path folder, CountingLink link, int files) throws Exception {
    // The cheap counter first: listing a folder of thousands of files every few milliseconds would
    // take the CPU the connector is being measured on.
    while (link.batches.sum() < files) {
      Thread.sleep(5);
    }
    while (resultsLeft(folder) > 0) {
      Thread.sleep(5);
    }
  }

  private static long resultsLeft(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".csv")).count();
    }
  }

  private static void report(String scenario, Figures f) {
    double seconds = f.elapsed().toNanos() / 1e9;
    System.out.printf(
        Locale.ROOT,
        "%-8s %,d files in %.2f s: %,.0f files/s, %,.0f samples/s, %.3f ms per file;"
            + " CPU %.2f s (%.0f%% of one core)%n",
        scenario,
        f.files(),
        seconds,
        f.files() / seconds,
        f.samples() / seconds,
        seconds * 1000 / f.files(),
        f.cpu().toNanos() / 1e9,
        100.0 * f.cpu().toNanos() / f.elapsed().toNanos());
  }

  private static long cpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static Duration cpu(long since) {
    return Duration.ofNanos(cpuNanos() - since);
  }

  private static void delete(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
