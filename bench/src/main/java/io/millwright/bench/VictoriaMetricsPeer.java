package io.millwright.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millwright.historian.store.StoredSample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * VictoriaMetrics single-node (Debian's victoria-metrics) on loopback: InfluxDB line protocol in
 * (metric {@code samples_value}, label {@code tag}), MetricsQL and the export API out.
 */
final class VictoriaMetricsPeer implements HistorianPeer {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String METRIC = LineProtocol.MEASUREMENT + "_value";
  private static final long SETTLE_TIMEOUT_NANOS = 180_000_000_000L;

  private final PeerProcess process;
  private final PeerHttp http;
  private final Path data;
  private final boolean flushEveryBatch;

  private VictoriaMetricsPeer(
      PeerProcess process, PeerHttp http, Path data, boolean flushEveryBatch) {
    this.process = process;
    this.http = http;
    this.data = data;
    this.flushEveryBatch = flushEveryBatch;
  }

  /**
   * @param flushEveryBatch force a flush after each batch, so that an acknowledged batch is on disk
   *     rather than in the ~1 s write buffer
   */
  static VictoriaMetricsPeer start(Path directory, boolean flushEveryBatch) throws IOException {
    int port = BrokerProcess.freePort();
    Path data = directory.resolve("victoria-metrics");
    PeerHttp http = new PeerHttp(port);
    List<String> command =
        List.of(
            "victoria-metrics",
            "-storageDataPath=" + data,
            "-httpListenAddr=127.0.0.1:" + port,
            // The generated data starts on 2026-01-01: the default retention (1 month) drops it.
            "-retentionPeriod=100y",
            // Same tag and timestamp kept once, as the historian requires of every store.
            "-dedup.minScrapeInterval=1ms",
            // Repeated range queries would otherwise be answered from its rollup result cache.
            "-search.disableCache",
            "-loggerLevel=ERROR");
    return new VictoriaMetricsPeer(
        PeerProcess.start(command, directory, http, "/health"), http, data, flushEveryBatch);
  }

  @Override
  public String name() {
    return "VictoriaMetrics " + DebianPackage.version("victoria-metrics");
  }

  @Override
  public String ack() {
    return flushEveryBatch
        ? "each batch followed by /internal/force_flush: the buffered rows written out as a part"
            + " before the next batch"
        : "in memory: rows are buffered ~1 s before they are written to disk";
  }

  @Override
  public void append(List<StoredSample> batch) throws IOException {
    http.post("/write?precision=ms", LineProtocol.encode(batch));
    if (flushEveryBatch) {
      http.get("/internal/force_flush", Map.of());
    }
  }

  /** Flushes the write buffers, asks for a merge of all partitions, and waits until du settles. */
  @Override
  public String flush() throws IOException {
    long started = System.nanoTime();
    http.get("/internal/force_flush", Map.of());
    http.get("/internal/force_merge", Map.of());
    long previous = -1;
    long current = diskBytes();
    while (current != previous) {
      if (System.nanoTime() - started > SETTLE_TIMEOUT_NANOS) {
        return "force_flush + force_merge, NOT settled after 180 s";
      }
      PeerProcess.sleep(3_000);
      previous = current;
      current = diskBytes();
    }
    return "force_flush + force_merge, settled in %.0f s"
        .formatted((System.nanoTime() - started) / 1e9);
  }

  @Override
  public long diskBytes() throws IOException {
    return DiskUsage.bytes(data);
  }

  /**
   * The latest sample in a window reaching from now back to the start of the data: the latest ever,
   * as InfluxDB's last() and the historian's latest answer it.
   */
  @Override
  public int latest(String prefix) throws IOException {
    long now = System.currentTimeMillis();
    String selector = prefix.isEmpty() ? METRIC : METRIC + "{tag=~\"" + prefix + ".*\"}";
    long window = now - HistorianLoad.T0 + 1;
    JsonNode result =
        data(
            http.get(
                "/api/v1/query",
                Map.of(
                    "query",
                    "last_over_time(" + selector + "[" + window + "ms])",
                    "time",
                    seconds(now))));
    return result.path("result").size();
  }

  /** One point per bucket, each over {@code (t - bucket, t]}: MetricsQL windows end at t. */
  @Override
  public int aggregate(String tag, long fromMillis, long toMillis, long bucketMillis)
      throws IOException {
    String rollups =
        "(\"count_over_time\",\"min_over_time\",\"max_over_time\",\"avg_over_time\","
            + "\"last_over_time\")";
    JsonNode result =
        data(
            http.get(
                "/api/v1/query_range",
                Map.of(
                    "query",
                    "aggr_over_time(%s, %s{tag=\"%s\"}[%dms])"
                        .formatted(rollups, METRIC, tag, bucketMillis),
                    "start",
                    seconds(fromMillis + bucketMillis),
                    "end",
                    seconds(toMillis),
                    "step",
                    bucketMillis + "ms")));
    return result.path("result").path(0).path("values").size();
  }

  @Override
  public int raw(String tag, long fromMillis, long toMillis) throws IOException {
    // Export's end is inclusive.
    String lines =
        http.get(
            "/api/v1/export",
            Map.of(
                "match[]",
                METRIC + "{tag=\"" + tag + "\"}",
                "start",
                seconds(fromMillis),
                "end",
                seconds(toMillis - 1)));
    int rows = 0;
    for (String line : lines.split("\n")) {
      if (!line.isBlank()) {
        rows += JSON.readTree(line).path("timestamps").size();
      }
    }
    return rows;
  }

  @Override
  public long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.close();
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
  }

  private static JsonNode data(String body) throws IOException {
    JsonNode response = JSON.readTree(body);
    if (!"success".equals(response.path("status").asText())) {
      throw new IOException(body);
    }
    return response.path("data");
  }
}
