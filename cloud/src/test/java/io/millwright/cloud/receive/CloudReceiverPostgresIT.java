package io.millwright.cloud.receive;

import static io.millwright.cloud.receive.Batches.allSamples;
import static io.millwright.cloud.receive.Batches.batch;
import static io.millwright.cloud.receive.Batches.envelope;
import static io.millwright.cloud.receive.Batches.samples;
import static io.millwright.cloud.receive.Batches.tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.cloud.fleet.FleetView;
import io.millwright.cloud.fleet.RegisteredSite;
import io.millwright.cloud.fleet.SiteRegistry;
import io.millwright.historian.postgres.PostgresStore;
import io.millwright.historian.store.StoreException;
import io.millwright.historian.store.StoredSample;
import io.millwright.publisher.batch.Batch;
import io.millwright.publisher.transport.BatchSink.Outcome;
import io.millwright.uns.testkit.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The receiver on the production store: a real PostgreSQL server (the historian's test kit). */
class CloudReceiverPostgresIT {

  private static PostgresServer server;
  private static int schemas;

  @TempDir Path dir;

  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T08:00:00Z"));
  private final SiteRegistry registry =
      new SiteRegistry(List.of(new RegisteredSite("plant-1", "Plant 1", Optional.empty())));
  private PostgresStore store;
  private ReceiptJournal journal;
  private CloudReceiver receiver;

  @BeforeAll
  static void startServer() throws Exception {
    server = PostgresServer.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void open() {
    // A schema of its own per test: each starts with an empty historian.
    String schema = "cloud_" + ++schemas;
    store = PostgresStore.open(server.url(), PostgresServer.USER, server.password(), schema);
    journal = ReceiptJournal.open(dir.resolve("receipts"));
    receiver =
        new CloudReceiver(
            registry, store, journal, new FleetView(registry, List.of(), clock), clock);
  }

  @AfterEach
  void close() {
    journal.close();
    store.close();
  }

  private List<StoredSample> stored(int press) {
    return store.raw(tag("plant-1", press), 0, Long.MAX_VALUE, 100_000);
  }

  @Test
  void aReplayIsADuplicateAndEachSampleIsKeptOnce() throws Exception {
    Batch batch = batch("plant-1", 1, 10);

    assertThat(receiver.accept("plant-1", envelope(batch))).isEqualTo(Outcome.STORED);
    assertThat(receiver.accept("plant-1", envelope(batch))).isEqualTo(Outcome.DUPLICATE);

    assertThat(stored(1)).isEqualTo(samples(batch, 1));
    assertThat(stored(2)).isEqualTo(samples(batch, 2));
  }

  @Test
  void aCrashBetweenStoreAndReceiptKeepsEachSampleOnce() throws Exception {
    Batch first = batch("plant-1", 1, 10);
    Batch second = batch("plant-1", 2, 10);
    // The cloud stored the first batch's readings, then died before the receipt.
    store.append(allSamples(first));

    assertThat(receiver.accept("plant-1", envelope(first))).isEqualTo(Outcome.STORED);
    assertThat(receiver.accept("plant-1", envelope(second))).isEqualTo(Outcome.STORED);

    List<StoredSample> expected = new ArrayList<>(samples(first, 1));
    expected.addAll(samples(second, 1));
    assertThat(stored(1)).isEqualTo(expected);
    assertThat(receiver.stats().readingsStored()).isEqualTo(40);
  }

  @Test
  void aLostDatabaseConnectionFailsTheBatchWithoutAReceiptAndTheResendIsStored() throws Exception {
    Batch batch = batch("plant-1", 1, 10);
    assertThat(terminateStoreConnections()).isEqualTo(1);

    assertThatThrownBy(() -> receiver.accept("plant-1", envelope(batch)))
        .isInstanceOf(StoreException.class);
    assertThat(journal.receipt(batch.id())).isEmpty();
    assertThat(receiver.stats().storeFailures()).isEqualTo(1);

    assertThat(receiver.accept("plant-1", envelope(batch))).isEqualTo(Outcome.STORED);
    assertThat(stored(1)).isEqualTo(samples(batch, 1));
    assertThat(receiver.stats().batchesStored()).isEqualTo(1);
  }

  /** Ends the store's server sessions, as a database restart or a network cut would. */
  private static int terminateStoreConnections() throws Exception {
    try (Connection c =
        DriverManager.getConnection(server.url(), PostgresServer.USER, server.password())) {
      List<Integer> pids = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet r =
              s.executeQuery(
                  "SELECT pid FROM pg_stat_activity WHERE application_name ="
                      + " 'millwright-historian'")) {
        while (r.next()) {
          pids.add(r.getInt(1));
        }
      }
      int ended = 0;
      for (int pid : pids) {
        // Waits (up to 10 s) until the session is gone, so the store's next call meets it closed.
        try (Statement s = c.createStatement();
            ResultSet r = s.executeQuery("SELECT pg_terminate_backend(" + pid + ", 10000)")) {
          r.next();
          ended += r.getBoolean(1) ? 1 : 0;
        }
      }
      return ended;
    }
  }
}
