package io.millwright.cloud.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.cloud.fleet.SiteHistory;
import io.millwright.publisher.batch.BatchId;
import io.millwright.publisher.batch.SiteEvent;
import io.millwright.publisher.transport.SiteStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal on a real H2 file, reopened where a cloud restart matters. */
class ReceiptJournalTest {

  private static final Instant NOW = Instant.parse("2026-01-01T08:00:00Z");

  @TempDir Path dir;

  private ReceiptJournal open() {
    return ReceiptJournal.open(dir.resolve("receipts"), Duration.ofDays(30), 3);
  }

  private static Receipt receipt(long sequence, Instant at) {
    return new Receipt(new BatchId("plant-1", "b0", sequence), at, 0, 0, false);
  }

  private static SiteEvent event(long timestamp) {
    return new SiteEvent("acme/plant-1/_alarms/events", timestamp, "{\"t\":" + timestamp + "}");
  }

  @Test
  void receiptsOlderThanTheRetentionExpire() {
    try (ReceiptJournal journal = open()) {
      journal.record(receipt(1, NOW.minus(Duration.ofDays(31))), List.of(), Optional.empty());
      journal.record(receipt(2, NOW.minus(Duration.ofDays(29))), List.of(), Optional.empty());

      assertThat(journal.expire(NOW)).isEqualTo(1);

      assertThat(journal.receipt(receipt(1, NOW).id())).isEmpty();
      assertThat(journal.receipt(receipt(2, NOW).id())).isPresent();
    }
  }

  @Test
  void aSitesLatestEventsByTimestampAreKept() {
    try (ReceiptJournal journal = open()) {
      journal.record(receipt(1, NOW), List.of(event(5000), event(1000)), Optional.empty());
      // A backlog arriving late, with older events: they do not push out the newer ones.
      journal.record(receipt(2, NOW), List.of(event(2000), event(500)), Optional.empty());
      journal.record(
          new Receipt(new BatchId("plant-2", "b0", 1), NOW, 0, 1, false),
          List.of(new SiteEvent("acme/plant-2/_jobs/events", 100, "{}")),
          Optional.empty());

      assertThat(journal.events("plant-1", 10))
          .containsExactly(event(5000), event(2000), event(1000));
      assertThat(journal.events("plant-1", 2)).containsExactly(event(5000), event(2000));
      assertThat(journal.events("plant-2", 10))
          .containsExactly(new SiteEvent("acme/plant-2/_jobs/events", 100, "{}"));
    }
  }

  @Test
  void aReceiptIsRecordedOnceOnly() {
    try (ReceiptJournal journal = open()) {
      journal.record(receipt(1, NOW), List.of(event(1000)), Optional.empty());

      assertThatThrownBy(
              () -> journal.record(receipt(1, NOW), List.of(event(2000)), Optional.empty()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("recording batch plant-1/b0/1 failed");
      // The failed transaction left nothing: neither its event nor its totals.
      assertThat(journal.events("plant-1", 10)).containsExactly(event(1000));
      assertThat(journal.sites()).singleElement().extracting(SiteHistory::batches).isEqualTo(1L);
    }
  }

  @Test
  void aStatusFromAClockSetBackAnHourIsTaken() {
    SiteStatus before =
        new SiteStatus(
            "plant-1", "0.1.0", 3_700_000, 0, 0, 0, 0, 0, 0, 0, 0, OptionalDouble.empty(), 1);
    SiteStatus after =
        new SiteStatus(
            "plant-1", "0.1.0", 100_000, 0, 0, 0, 0, 0, 0, 0, 0, OptionalDouble.empty(), 2);
    try (ReceiptJournal journal = open()) {
      journal.recordStatus("plant-1", before, NOW);
      journal.recordStatus("plant-1", after, NOW.plusSeconds(5));
      assertThat(journal.sites())
          .singleElement()
          .extracting(SiteHistory::status)
          .isEqualTo(Optional.of(after));
    }
  }

  @Test
  void totalsContactAndTheNewestStatusSurviveReopening() {
    SiteStatus newer =
        new SiteStatus("plant-1", "0.1.0", 9000, 1, 2, 3, 4, 5, 6, 7, 8, OptionalDouble.empty(), 9);
    SiteStatus older =
        new SiteStatus("plant-1", "0.0.9", 8000, 0, 0, 0, 0, 0, 0, 0, 0, OptionalDouble.of(0.5), 0);
    try (ReceiptJournal journal = open()) {
      journal.record(
          new Receipt(new BatchId("plant-1", "b0", 1), NOW, 20, 0, false),
          List.of(),
          Optional.of(NOW.minusSeconds(10)));
      journal.record(
          new Receipt(new BatchId("plant-1", "b0", 2), NOW.plusSeconds(1), 5, 0, true),
          List.of(),
          Optional.of(NOW.minusSeconds(3600)));
      journal.recordDuplicate("plant-1", NOW.plusSeconds(2));
      journal.recordRefused("plant-1", NOW.plusSeconds(3));
      journal.recordStatus("plant-1", newer, NOW.plusSeconds(4));
      journal.recordStatus("plant-1", older, NOW.plusSeconds(5));
    }
    try (ReceiptJournal journal = open()) {
      assertThat(journal.sites())
          .containsExactly(
              new SiteHistory(
                  "plant-1",
                  Optional.of(NOW.plusSeconds(5)),
                  Optional.of(newer),
                  2,
                  25,
                  1,
                  1,
                  Optional.of(NOW.minusSeconds(10))));
      assertThat(journal.receipt(new BatchId("plant-1", "b0", 2)))
          .contains(new Receipt(new BatchId("plant-1", "b0", 2), NOW.plusSeconds(1), 5, 0, true));
    }
  }

  @Test
  void aStatusWithAnOeeIsReadBackWhole() {
    SiteStatus status =
        new SiteStatus("plant-1", "0.1.0", 1, 0, 0, 0, 0, 0, 0, 2, 2, OptionalDouble.of(0.81), 0);
    try (ReceiptJournal journal = open()) {
      journal.recordStatus("plant-1", status, NOW);
      assertThat(journal.sites().getFirst().status()).contains(status);
    }
  }

  @Test
  void badSettingsAreRejectedSayingWhich() {
    assertThatThrownBy(() -> ReceiptJournal.open(dir.resolve("x"), Duration.ZERO, 10))
        .hasMessage("receipt retention PT0S is not positive");
    assertThatThrownBy(() -> ReceiptJournal.open(dir.resolve("x"), Duration.ofDays(1), 0))
        .hasMessage("events kept per site 0 is not >= 1");
  }

  @Test
  void aClosedDatabaseIsOpenedAgainOnTheNextCall() throws Exception {
    try (ReceiptJournal journal = open()) {
      journal.record(receipt(1, NOW), List.of(), Optional.empty());
      // What H2 does to itself after a write error (a full disk): the database closes under the
      // journal's connection.
      try (Connection other =
              DriverManager.getConnection(
                  "jdbc:h2:file:" + dir.resolve("receipts").toAbsolutePath(), "sa", "");
          Statement s = other.createStatement()) {
        s.execute("SHUTDOWN");
      }

      assertThatThrownBy(() -> journal.record(receipt(2, NOW), List.of(), Optional.empty()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("recording batch plant-1/b0/2");

      journal.record(receipt(2, NOW), List.of(), Optional.empty());
      assertThat(journal.receipt(receipt(1, NOW).id())).isPresent();
      assertThat(journal.receipt(receipt(2, NOW).id())).isPresent();
    }
  }
}
