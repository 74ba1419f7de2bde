package io.millwright.jobs.erp.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millwright.jobs.book.Job;
import io.millwright.jobs.book.JobBook;
import io.millwright.jobs.book.JobBookTest;
import io.millwright.jobs.journal.JobJournal;
import io.millwright.jobs.live.JobService;
import io.millwright.jobs.sync.ErpSync;
import io.millwright.jobs.sync.SyncStatus;
import io.millwright.uns.testkit.MariaDbServer;
import io.millwright.uns.testkit.TestBroker;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ERP sync both ways through the staging tables of a real MariaDB: orders in (a row the site
 * cannot map becomes a dead letter and a rejection row), confirmations out exactly once each, the
 * database away for a while (the sync status says so, the backlog waits in the journal and drains
 * when it is back), and a restart that imports nothing twice.
 */
class ErpSyncMariaDbIT {

  @RegisterExtension static final TestBroker BROKER = new TestBroker();

  private static MariaDbServer server;

  @TempDir Path dir;

  @BeforeAll
  static void startServer() throws Exception {
    server = MariaDbServer.start();
    try (Connection c = connect()) {
      StagingTables.createTables(c, Dialect.MARIADB);
    }
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  static Connection connect() throws SQLException {
    return DriverManager.getConnection(server.url(), MariaDbServer.USER, server.password());
  }

  static void order(String number, String product, long quantity, String machine)
      throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO mw_erp_orders (order_number, operation, product, quantity, machine) VALUES"
              + " ('"
              + number
              + "', '0010', '"
              + product
              + "', "
              + quantity
              + ", "
              + (machine == null ? "NULL" : "'" + machine + "'")
              + ")");
    }
  }

  static List<String> confirmations() throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT order_number, status FROM mw_erp_confirmations ORDER BY confirmation_id")) {
      while (r.next()) {
        out.add(r.getString(1) + " " + r.getString(2));
      }
    }
    return out;
  }

  record Running(JobJournal journal, JobService service, ErpSync sync) implements AutoCloseable {
    @Override
    public void close() {
      sync.close();
      service.close();
      journal.close();
    }
  }

  Running start() throws Exception {
    JobJournal journal = JobJournal.open(dir.resolve("journal"), "plant-1");
    JobBook book = new JobBook(JobBookTest.rules());
    book.restore(journal.jobs(), journal.lastJobId());
    ErpSync[] wake = {null};
    JobService service =
        new JobService(
            book,
            journal,
            BROKER.endpoint(),
            "jobs",
            "acme",
            "plant-1",
            () -> {
              if (wake[0] != null) {
                wake[0].wake();
              }
            },
            Duration.ofDays(1),
            Clock.systemUTC());
    ErpSync sync =
        new ErpSync(
            new SqlStagingAdapter(
                SqlErpConfig.of(server.url(), MariaDbServer.USER, server.password())),
            service,
            Duration.ofMillis(200),
            Clock.systemUTC());
    wake[0] = sync;
    service.start();
    sync.start();
    return new Running(journal, service, sync);
  }

  static List<Job> jobs(JobService s) throws Exception {
    return s.query(JobBook::jobs).get(10, TimeUnit.SECONDS);
  }

  @Test
  void ordersInConfirmationsOutThroughAnOutageAndARestart() throws Exception {
    order("A-1", "BRACKET", 100, "press-01");
    order("A-2", "CLIP", 50, null);
    order("A-3", "WIDGET", 10, null); // a product the site does not make
    try (Running r = start()) {
      await().atMost(Duration.ofSeconds(20)).until(() -> jobs(r.service()).size() == 2);
      await().atMost(Duration.ofSeconds(20)).until(() -> confirmations().contains("A-3 REJECTED"));
      assertThat(r.journal().deadLetters(10))
          .extracting(d -> d.reason())
          .containsExactly("unknown product \"WIDGET\"; the site makes CLIP, BRACKET");

      // The database goes away: releases still happen, their confirmations wait in the journal.
      server.halt();
      long id =
          jobs(r.service()).stream()
              .filter(j -> j.key().equals("A-1/0010"))
              .findFirst()
              .orElseThrow()
              .id();
      r.service()
          .command(b -> b.release(id, Optional.empty(), "ann", System.currentTimeMillis()))
          .get(10, TimeUnit.SECONDS);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> r.sync().status().confirmations().state().equals("failing"));
      SyncStatus failing = r.sync().status();
      assertThat(failing.backlog()).isGreaterThanOrEqualTo(1);
      assertThat(failing.confirmations().nextAttempt()).isPresent();
      assertThat(failing.confirmations().lastError().orElseThrow())
          .doesNotContain(server.password());

      server.resume();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> confirmations().contains("A-1 RELEASED") && r.sync().status().backlog() == 0);
      // The direction turns ok once the sync has looked again and found nothing left, a moment
      // after the backlog emptied: wait for it rather than read it at once.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> r.sync().status().confirmations().state().equals("ok"));
    }

    // A restart with one more order: nothing imported twice, each confirmation written once.
    order("A-4", "BRACKET", 20, "press-01");
    try (Running r = start()) {
      await().atMost(Duration.ofSeconds(20)).until(() -> jobs(r.service()).size() == 3);
      Thread.sleep(1_000);
      assertThat(jobs(r.service()))
          .extracting(Job::key)
          .containsExactlyInAnyOrder("A-1/0010", "A-2/0010", "A-4/0010");
    }
    List<String> rows = confirmations();
    assertThat(rows).containsOnlyOnce("A-1 RELEASED", "A-3 REJECTED");
  }
}
