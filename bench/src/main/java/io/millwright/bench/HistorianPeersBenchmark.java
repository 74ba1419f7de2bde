package io.millwright.bench;

import io.millwright.historian.store.StoredSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The historian benchmark's data and queries against the peers (not a test: figures are printed,
 * never asserted). One JVM per store, so that an embedded store's RSS is its own:
 *
 * <pre>
 *   HistorianPeersBenchmark DIR STEPS STORE ROWS   (STORE: duckdb, postgresql, influxdb, victoria-metrics, questdb)
 *   HistorianPeersBenchmark table ROWS             (the markdown comparison of the rows so far)
 * </pre>
 *
 * Each store gets the samples of {@link HistorianLoad} in batches of 10,000, each acknowledged
 * before the next, then a flush, the 1 Hz tag, and the queries of HistorianStoreBenchmark.
 */
public final class HistorianPeersBenchmark {

  private static final String AREA_0 = "acme/plant-1/area-0/";

  private HistorianPeersBenchmark() {}

  public static void main(String[] args) throws IOException {
    if (args[0].equals("table")) {
      System.out.println(PeerFigures.HEADER);
      Files.readAllLines(Path.of(args[1])).forEach(System.out::println);
      return;
    }
    Path dir = Path.of(args[0]);
    int steps = Integer.parseInt(args[1]);
    String store = args[2];
    PeerFigures figures = run(store, dir, steps);
    System.out.println(figures.summary());
    Files.writeString(
        Path.of(args[3]),
        figures.row() + "\n",
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private static HistorianPeer open(String store, Path dir, boolean durable) throws IOException {
    Files.createDirectories(dir);
    return switch (store) {
      case "duckdb" -> DuckDbPeer.open(dir);
      case "postgresql" -> PostgresPeer.start(dir);
      case "influxdb" -> InfluxPeer.start(dir);
      case "victoria-metrics" -> VictoriaMetricsPeer.start(dir, durable);
      case "questdb" -> QuestDbPeer.open(dir, durable);
      default -> throw new IllegalArgumentException("unknown store " + store);
    };
  }

  /** Whether the store's acknowledgement is weaker than durable unless asked (see its ack()). */
  private static boolean hasDurableVariant(String store) {
    return store.equals("victoria-metrics") || store.equals("questdb");
  }

  private static PeerFigures run(String store, Path dir, int steps) throws IOException {
    HistorianLoad load = new HistorianLoad();
    long samples = (long) steps * HistorianLoad.TAGS;
    Ingest ingest;
    double bytesPerSample;
    double parquetBytesPerSample = Double.NaN;
    List<QueryTimer.Timing> timings;
    double rss;
    String name;
    try (HistorianPeer peer = open(store, dir.resolve("measured"), false)) {
      name = peer.name();
      System.out.printf("== %s%nack: %s%n", name, peer.ack());
      ingest = ingest(peer, load, steps);
      String flushed = peer.flush();
      long bytes = peer.diskBytes();
      bytesPerSample = (double) bytes / samples;
      System.out.printf(
          "disk after flush (%s): %,d bytes = %.2f bytes/sample%n", flushed, bytes, bytesPerSample);

      for (List<StoredSample> batch : load.oneHzDay()) {
        peer.append(batch);
      }
      peer.flush();

      timings = queries(peer);
      rss = Proc.rssMiB(peer.pid());
      System.out.printf(
          "RSS: %.0f MiB (peak while ingesting %.0f MiB)%n", rss, ingest.peakRssMiB());

      if (peer instanceof QuestDbPeer questDb) {
        parquetBytesPerSample = parquet(questDb, samples);
      }
    }
    double durable = Double.NaN;
    if (hasDurableVariant(store)) {
      try (HistorianPeer peer = open(store, dir.resolve("durable"), true)) {
        System.out.printf("durable variant: %s%n", peer.ack());
        durable = ingest(peer, new HistorianLoad(), steps).samplesPerSecond();
      }
    }
    return new PeerFigures(
        name,
        ingest.samplesPerSecond(),
        durable,
        bytesPerSample,
        parquetBytesPerSample,
        timings.get(0),
        timings.get(1),
        timings.get(2),
        timings.get(3),
        rss,
        ingest.peakRssMiB());
  }

  /** The queries of HistorianStoreBenchmark, on the same tags, timed the same way. */
  private static List<QueryTimer.Timing> queries(HistorianPeer peer) throws IOException {
    long t0 = HistorianLoad.T0;
    return List.of(
        QueryTimer.time(
            "latest of 1,000 tags (filter of 1,000 sibling tags)", () -> peer.latest(AREA_0)),
        QueryTimer.time("latest of all 10,000 tags", () -> peer.latest("")),
        QueryTimer.time(
            "24 h of a 1 Hz tag in 1,000 buckets",
            () ->
                peer.aggregate(
                    HistorianLoad.ONE_HZ_TAG,
                    t0,
                    t0 + HistorianLoad.DAY,
                    HistorianLoad.DAY / 1000)),
        QueryTimer.time(
            "1 h of 100 tags raw",
            () -> {
              int rows = 0;
              for (int t = 0; t < 100; t++) {
                rows += peer.raw(HistorianLoad.tag(t * 13), t0, t0 + 3_600_000L);
              }
              return rows;
            }));
  }

  /** How fast the batches went in, and the peer's highest RSS seen between two batches. */
  private record Ingest(double samplesPerSecond, double peakRssMiB) {}

  /** The steps' batches, each acknowledged before the next. */
  private static Ingest ingest(HistorianPeer peer, HistorianLoad load, int steps)
      throws IOException {
    long samples = 0;
    double peak = 0;
    long started = System.nanoTime();
    for (int step = 0; step < steps; step++) {
      List<StoredSample> batch = load.step(step);
      peer.append(batch);
      samples += batch.size();
      // Reading /proc costs microseconds against milliseconds per batch.
      peak = Math.max(peak, Proc.rssMiB(peer.pid()));
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        "ingest: %,d samples in %.2f s = %,.0f samples/s acknowledged (batches of %,d)%n",
        samples, seconds, samples / seconds, HistorianLoad.TAGS);
    return new Ingest(samples / seconds, peak);
  }

  /**
   * Bytes per sample of the same table once all partitions but the newest are Parquet: the newest
   * holds only the 1 Hz tag's last hour, so nearly every sample is converted.
   */
  private static double parquet(QuestDbPeer peer, long samples) throws IOException {
    long beforeBytes = peer.diskBytes();
    long afterBytes = peer.convertToParquet(HistorianLoad.T0 + HistorianLoad.DAY - 3_600_000L);
    long allSamples = samples + 86_400;
    System.out.printf(
        "Parquet: all partitions but the newest converted: %,d -> %,d bytes = %.2f bytes/sample"
            + " (native %.2f) over the %,d samples incl. the 1 Hz tag%n",
        beforeBytes,
        afterBytes,
        (double) afterBytes / allSamples,
        (double) beforeBytes / allSamples,
        allSamples);
    return (double) afterBytes / allSamples;
  }
}
