package io.millwright.bench;

import java.util.Locale;

/**
 * One peer's figures: a summary line in the run's output and a row of the markdown comparison (NaN
 * where a figure does not apply to the peer).
 */
record PeerFigures(
    String name,
    double samplesPerSecond,
    double durableSamplesPerSecond,
    double bytesPerSample,
    double parquetBytesPerSample,
    QueryTimer.Timing latest1000,
    QueryTimer.Timing latestAll,
    QueryTimer.Timing day,
    QueryTimer.Timing raw100,
    double rssMiB,
    double peakIngestRssMiB) {

  static final String HEADER =
      """
      | Store | ingest samples/s (ack) | ingest samples/s (durable) | bytes/sample | latest 1,000 p50/p99 ms \
      | latest 10,000 p50/p99 ms | 24 h in 1,000 buckets p50/p99 ms | 1 h of 100 tags raw p50/p99 ms \
      | RSS MiB (peak in ingest) |
      |---|---:|---:|---:|---:|---:|---:|---:|---:|""";

  String summary() {
    return String.format(
        Locale.ROOT,
        "summary %s: %,.0f samples/s ack, %s durable; %.2f bytes/sample%s; latest 1,000 %.2f/%.2f"
            + " ms, latest 10,000 %.2f/%.2f ms, 24 h in 1,000 buckets %.2f/%.2f ms, 1 h of 100"
            + " tags raw %.2f/%.2f ms (p50/p99); RSS %.0f MiB (peak in ingest %.0f MiB)",
        name,
        samplesPerSecond,
        Double.isNaN(durableSamplesPerSecond)
            ? "same"
            : String.format(Locale.ROOT, "%,.0f samples/s", durableSamplesPerSecond),
        bytesPerSample,
        Double.isNaN(parquetBytesPerSample)
            ? ""
            : String.format(Locale.ROOT, " (%.2f in Parquet)", parquetBytesPerSample),
        latest1000.p50(),
        latest1000.p99(),
        latestAll.p50(),
        latestAll.p99(),
        day.p50(),
        day.p99(),
        raw100.p50(),
        raw100.p99(),
        rssMiB,
        peakIngestRssMiB);
  }

  String row() {
    return String.format(
        Locale.ROOT,
        "| %s | %,.0f | %s | %.2f%s | %s | %s | %s | %s | %.0f (%.0f) |",
        name,
        samplesPerSecond,
        Double.isNaN(durableSamplesPerSecond)
            ? "same"
            : String.format(Locale.ROOT, "%,.0f", durableSamplesPerSecond),
        bytesPerSample,
        Double.isNaN(parquetBytesPerSample)
            ? ""
            : String.format(Locale.ROOT, " (Parquet %.2f)", parquetBytesPerSample),
        cell(latest1000),
        cell(latestAll),
        cell(day),
        cell(raw100),
        rssMiB,
        peakIngestRssMiB);
  }

  private static String cell(QueryTimer.Timing timing) {
    return String.format(Locale.ROOT, "%.2f / %.2f", timing.p50(), timing.p99());
  }
}
