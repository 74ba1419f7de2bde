package io.millwright.historian.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Value;
import io.millwright.historian.store.StoreException;
import io.millwright.historian.store.StoredSample;
import io.millwright.uns.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store when its database goes away and comes back, and when it is opened again. */
class PostgresOutageIT {

  private static final long T0 = 1_767_225_600_000L;
  private static final String TAG = "acme/plant-1/pressing/line-1/press-01/hydraulics/pressure";
  private static final String OTHER = "acme/plant-1/pressing/line-1/press-02/hydraulics/pressure";

  private PostgresServer server;

  @BeforeEach
  void start() throws Exception {
    server = PostgresServer.start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private PostgresStore open() {
    return PostgresStore.open(server.url(), PostgresServer.USER, server.password(), "outage");
  }

  private static List<StoredSample> series(String tag, long from, int count) {
    List<StoredSample> samples = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      samples.add(new StoredSample(tag, from + i * 1000L, Value.of((double) i), Quality.GOOD));
    }
    return samples;
  }

  @Test
  void aBatchDuringAnOutageFailsWholeAndSucceedsOnceTheDatabaseIsBack() throws Exception {
    try (PostgresStore store = open()) {
      List<StoredSample> before = series(TAG, T0, 100);
      store.append(before);

      server.halt();
      // A new tag and a new day: nothing of either may exist after the failure.
      List<StoredSample> during = new ArrayList<>(series(TAG, T0 + 100_000, 100));
      during.addAll(series(OTHER, T0 + 86_400_000L, 10));
      assertThatThrownBy(() -> store.append(during)).isInstanceOf(StoreException.class);
      assertThatThrownBy(() -> store.latest("#", 10)).isInstanceOf(StoreException.class);

      server.resume();
      assertThat(store.raw(TAG, T0, T0 + 1_000_000, 1000)).isEqualTo(before);
      assertThat(store.tags("#", 10)).containsExactly(TAG);

      store.append(during);
      List<StoredSample> all = new ArrayList<>(before);
      all.addAll(series(TAG, T0 + 100_000, 100));
      assertThat(store.raw(TAG, T0, T0 + 1_000_000, 1000)).isEqualTo(all);
      assertThat(store.raw(OTHER, T0, T0 + 2 * 86_400_000L, 100))
          .isEqualTo(series(OTHER, T0 + 86_400_000L, 10));
    }
  }

  @Test
  void aBatchCutOffMidTransactionLeavesNeitherSamplesNorTags() throws Exception {
    try (PostgresStore store = open();
        Connection admin = server.superuser()) {
      List<StoredSample> before = series(TAG, T0, 10);
      store.append(before);
      List<StoredSample> cut = new ArrayList<>(series(TAG, T0 + 10_000, 10));
      cut.addAll(series(OTHER, T0, 10));

      // The batch registers its new tag and fills the staging table, then waits for the lock on
      // the samples table; there its connection is killed, in the middle of the transaction.
      admin.setAutoCommit(false);
      try (Statement lock = admin.createStatement()) {
        lock.execute("LOCK TABLE outage.sample IN ACCESS EXCLUSIVE MODE");
      }
      CompletableFuture<Void> append = CompletableFuture.runAsync(() -> store.append(cut));
      try (Connection watcher = server.superuser();
          Statement s = watcher.createStatement()) {
        String waiting =
            "SELECT pid FROM pg_stat_activity WHERE application_name = 'millwright-historian'"
                + " AND wait_event_type = 'Lock'";
        int pid =
            await()
                .atMost(Duration.ofMinutes(1))
                .until(
                    () -> {
                      try (ResultSet r = s.executeQuery(waiting)) {
                        return r.next() ? r.getInt(1) : 0;
                      }
                    },
                    p -> p != 0);
        s.execute("SELECT pg_terminate_backend(" + pid + ")");
      }
      assertThatThrownBy(append::join).hasCauseInstanceOf(StoreException.class);
      admin.rollback();

      assertThat(store.tags("#", 10)).containsExactly(TAG);
      assertThat(store.raw(TAG, T0, T0 + 1_000_000, 1000)).isEqualTo(before);
      store.append(cut);
      assertThat(store.tags("#", 10)).containsExactly(TAG, OTHER);
      assertThat(store.raw(OTHER, T0, T0 + 1_000_000, 1000)).isEqualTo(series(OTHER, T0, 10));
    }
  }

  @Test
  void aCommittedBatchSurvivesAnImmediateServerStop() throws Exception {
    List<StoredSample> samples = series(TAG, T0, 500);
    try (PostgresStore store = open()) {
      store.append(samples);
    }
    // No shutdown checkpoint: the rows come back from the WAL the commit flushed.
    server.halt();
    server.resume();
    try (PostgresStore store = open()) {
      assertThat(store.raw(TAG, T0, T0 + 1_000_000, 1000)).isEqualTo(samples);
    }
  }

  @Test
  void openingAgainKeepsTheTablesAndTheData() throws Exception {
    List<StoredSample> samples = series(TAG, T0, 10);
    try (PostgresStore store = open()) {
      store.append(samples);
    }
    int tables = tables();
    try (PostgresStore again = open();
        PostgresStore alongside = open()) {
      assertThat(again.raw(TAG, T0, T0 + 100_000, 100)).isEqualTo(samples);
      alongside.append(samples);
      assertThat(again.raw(TAG, T0, T0 + 100_000, 100)).isEqualTo(samples);
    }
    assertThat(tables()).isEqualTo(tables).isEqualTo(6);
  }

  /**
   * The tag table, the partitioned samples table, the one daily partition so far, and the three
   * tables of retention and rollups.
   */
  private int tables() throws Exception {
    try (Connection c = server.superuser();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = 'outage' AND c.relkind IN ('r', 'p')")) {
      r.next();
      return r.getInt(1);
    }
  }
}
