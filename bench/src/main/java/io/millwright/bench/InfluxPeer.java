package io.millwright.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millwright.historian.store.StoredSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * InfluxDB 1.x (Debian's influxd) on loopback with its TSM engine and in-memory index: line
 * protocol writes, InfluxQL queries over HTTP.
 */
final class InfluxPeer implements HistorianPeer {

  private static final String DB = "bench";
  private static final ObjectMapper JSON = new ObjectMapper();
  // A shard is written to TSM files and fully compacted once it has been cold this long; the
  // defaults (10 min, 4 h) would leave the flush waiting, and matter only once writes stop.
  private static final String COLD = "2s";
  private static final long FLUSH_TIMEOUT_NANOS = 180_000_000_000L;

  private final PeerProcess process;
  private final PeerHttp http;
  private final Path data;

  private InfluxPeer(PeerProcess process, PeerHttp http, Path data) {
    this.process = process;
    this.http = http;
    this.data = data;
  }

  static InfluxPeer start(Path directory) throws IOException {
    int port = BrokerProcess.freePort();
    Path data = directory.resolve("influxdb");
    Path conf =
        Files.writeString(
            directory.resolve("influxdb.conf"),
            """
            reporting-disabled = true
            bind-address = "127.0.0.1:%d"
            [meta]
              dir = "%s/meta"
            [data]
              dir = "%s/data"
              wal-dir = "%s/wal"
              wal-fsync-delay = "0s"
              index-version = "inmem"
              query-log-enabled = false
              cache-snapshot-write-cold-duration = "%s"
              compact-full-write-cold-duration = "%s"
            [monitor]
              store-enabled = false
            [http]
              bind-address = "127.0.0.1:%d"
              log-enabled = false
            [continuous_queries]
              enabled = false
            """
                .formatted(BrokerProcess.freePort(), data, data, data, COLD, COLD, port));
    PeerHttp http = new PeerHttp(port);
    PeerProcess process =
        PeerProcess.start(List.of("influxd", "-config", conf.toString()), directory, http, "/ping");
    try {
      http.post("/query?q=CREATE+DATABASE+" + DB, "");
    } catch (IOException e) {
      process.close();
      throw e;
    }
    return new InfluxPeer(process, http, data);
  }

  @Override
  public String name() {
    return "InfluxDB " + DebianPackage.version("influxdb");
  }

  @Override
  public String ack() {
    return "durable: the WAL is fsynced before each write is answered (wal-fsync-delay 0s, the"
        + " default)";
  }

  @Override
  public void append(List<StoredSample> batch) throws IOException {
    http.post("/write?db=" + DB + "&precision=ms", LineProtocol.encode(batch));
  }

  /**
   * InfluxDB has no flush call: it snapshots its cache to TSM files and fully compacts a shard once
   * the shard has had no writes for the cold durations, which leaves the WAL empty.
   */
  @Override
  public String flush() throws IOException {
    long started = System.nanoTime();
    Path wal = data.resolve("wal");
    long previous = -1;
    long current = diskBytes();
    // Settled: no WAL segment holds data and the size stopped moving across a cold period.
    while (walBytes(wal) > 0 || current != previous) {
      if (System.nanoTime() - started > FLUSH_TIMEOUT_NANOS) {
        return "NOT settled after %d s (WAL %,d bytes)"
            .formatted(FLUSH_TIMEOUT_NANOS / 1_000_000_000L, walBytes(wal));
      }
      PeerProcess.sleep(3_000);
      previous = current;
      current = diskBytes();
    }
    return "cache snapshot to TSM and full compaction after %s cold, settled in %.0f s"
        .formatted(COLD, (System.nanoTime() - started) / 1e9);
  }

  private static long walBytes(Path wal) throws IOException {
    try (var files = Files.walk(wal)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  @Override
  public long diskBytes() throws IOException {
    return DiskUsage.bytes(data);
  }

  @Override
  public int latest(String prefix) throws IOException {
    String where = prefix.isEmpty() ? "" : " WHERE \"tag\" =~ /^" + regex(prefix) + "/";
    return rows(query("SELECT last(value) FROM samples" + where + " GROUP BY \"tag\""));
  }

  @Override
  public int aggregate(String tag, long fromMillis, long toMillis, long bucketMillis)
      throws IOException {
    return rows(
        query(
            "SELECT count(value), min(value), max(value), mean(value), last(value) FROM samples"
                + range(tag, fromMillis, toMillis)
                + " GROUP BY time("
                + bucketMillis
                + "ms) fill(none)"));
  }

  @Override
  public int raw(String tag, long fromMillis, long toMillis) throws IOException {
    return rows(query("SELECT value FROM samples" + range(tag, fromMillis, toMillis)));
  }

  @Override
  public long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.close();
  }

  private static String range(String tag, long fromMillis, long toMillis) {
    return " WHERE \"tag\" = '%s' AND time >= %dms AND time < %dms"
        .formatted(tag, fromMillis, toMillis);
  }

  private static String regex(String prefix) {
    return prefix.replace("/", "\\/").replace(".", "\\.");
  }

  private JsonNode query(String influxQl) throws IOException {
    JsonNode result =
        JSON.readTree(http.get("/query", Map.of("db", DB, "epoch", "ms", "q", influxQl)))
            .path("results")
            .path(0);
    if (result.has("error")) {
      throw new IOException(influxQl + ": " + result.get("error").asText());
    }
    return result;
  }

  private static int rows(JsonNode result) {
    int rows = 0;
    for (JsonNode series : result.path("series")) {
      rows += series.path("values").size();
    }
    return rows;
  }
}
