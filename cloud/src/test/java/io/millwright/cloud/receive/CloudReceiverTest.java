package io.millwright.cloud.receive;

import static io.millwright.cloud.receive.Batches.allSamples;
import static io.millwright.cloud.receive.Batches.batch;
import static io.millwright.cloud.receive.Batches.envelope;
import static io.millwright.cloud.receive.Batches.samples;
import static io.millwright.cloud.receive.Batches.tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.cloud.fleet.FleetSite;
import io.millwright.cloud.fleet.FleetView;
import io.millwright.cloud.fleet.RegisteredSite;
import io.millwright.cloud.fleet.SiteRegistry;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.historian.duckdb.DuckDbStore;
import io.millwright.historian.store.StoredSample;
import io.millwright.publisher.batch.Batch;
import io.millwright.publisher.batch.BatchCodec;
import io.millwright.publisher.batch.BatchId;
import io.millwright.publisher.batch.TagReading;
import io.millwright.publisher.transport.BatchSink.Outcome;
import io.millwright.publisher.transport.BatchSink.RefusedException;
import io.millwright.publisher.transport.Envelope;
import io.millwright.publisher.transport.SiteStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The receiver on the embedded store: a real DuckDB historian and a real H2 journal. */
class CloudReceiverTest {

  private static final Instant NOW = Instant.parse("2026-01-01T08:00:00Z");

  @TempDir Path dir;

  private final ManualClock clock = new ManualClock(NOW);
  private final SiteRegistry registry =
      new SiteRegistry(
          List.of(
              new RegisteredSite("plant-1", "Plant 1, Brescia", Optional.of("s3cret")),
              new RegisteredSite("plant-2", "Plant 2, Lyon", Optional.empty())));
  private DuckDbStore store;
  private ReceiptJournal journal;
  private FleetView fleet;
  private CloudReceiver receiver;

  @BeforeEach
  void open() {
    store = DuckDbStore.open(dir.resolve("historian"));
    start();
  }

  /** The cloud (re)starting: the journal opened, the fleet view rebuilt from it. */
  private void start() {
    journal = ReceiptJournal.open(dir.resolve("receipts"));
    fleet = new FleetView(registry, journal.sites(), clock);
    receiver = new CloudReceiver(registry, store, journal, fleet, clock);
  }

  @AfterEach
  void close() {
    journal.close();
    store.close();
  }

  private List<StoredSample> stored(String site, int press) {
    return store.raw(tag(site, press), 0, Long.MAX_VALUE, 100_000);
  }

  @Test
  void aBatchIsStoredOnceAndAReplayIsADuplicate() throws Exception {
    Batch batch = batch("plant-1", 1, 10);

    assertThat(receiver.accept("plant-1", envelope(batch))).isEqualTo(Outcome.STORED);
    assertThat(receiver.accept("plant-1", envelope(batch))).isEqualTo(Outcome.DUPLICATE);

    assertThat(stored("plant-1", 1)).isEqualTo(samples(batch, 1));
    assertThat(stored("plant-1", 2)).isEqualTo(samples(batch, 2));
    assertThat(journal.events("plant-1", 10)).isEqualTo(batch.events());
    assertThat(journal.receipt(batch.id())).contains(new Receipt(batch.id(), NOW, 20, 1, false));
    assertThat(receiver.stats()).isEqualTo(new ReceiverStats(1, 1, 0, 0, 0, 20, 1, 0));
    FleetSite row = fleet.site("plant-1").orElseThrow();
    assertThat(row.batchesReceived()).isEqualTo(1);
    assertThat(row.readingsReceived()).isEqualTo(20);
    assertThat(row.duplicates()).isEqualTo(1);
    assertThat(row.newestReading()).contains(Instant.ofEpochMilli(Batches.T0 + 9000));
    assertThat(row.lastContact()).contains(NOW);
  }

  @Test
  void aClockJumpOnTheEdgeIsStoredAsTheSiteSawItNotRewritten() throws Exception {
    // The edge's clock is set back an hour between two batches: both keep their timestamps.
    String tag = Batches.tag("plant-1", 1);
    long t = Batches.T0 + 3_600_000L;
    Batch before =
        new Batch(
            new BatchId("plant-1", "b0", 1),
            t,
            List.of(new TagReading(tag, Sample.good(t, Value.of(10L)))),
            List.of());
    Batch after =
        new Batch(
            new BatchId("plant-1", "b0", 2),
            t - 3_599_000L,
            List.of(new TagReading(tag, Sample.good(t - 3_599_000L, Value.of(11L)))),
            List.of());

    assertThat(receiver.accept("plant-1", envelope(before))).isEqualTo(Outcome.STORED);
    assertThat(receiver.accept("plant-1", envelope(after))).isEqualTo(Outcome.STORED);

    assertThat(stored("plant-1", 1))
        .extracting(StoredSample::timestamp)
        .containsExactly(t - 3_599_000L, t);
  }

  @Test
  void aBacklogBatchIsRecordedAsHistorical() throws Exception {
    Batch batch = batch("plant-1", 1, 3);

    receiver.accept("plant-1", new Envelope(batch.id(), true, BatchCodec.encode(batch)));

    assertThat(journal.receipt(batch.id()).orElseThrow().historical()).isTrue();
  }

  @Test
  void aSiteThatIsNotRegisteredIsRefused() {
    Batch batch = batch("plant-9", 1, 3);

    assertThatThrownBy(() -> receiver.accept("plant-9", envelope(batch)))
        .isInstanceOf(RefusedException.class)
        .hasMessage("site plant-9 is not registered");

    assertThat(stored("plant-9", 1)).isEmpty();
    assertThat(journal.receipt(batch.id())).isEmpty();
    assertThat(receiver.stats().refusedUnregistered()).isEqualTo(1);
    assertThat(fleet.site("plant-9")).isEmpty();
  }

  @Test
  void aBatchNamingAnotherSiteThanTheSenderIsRefused() {
    Batch batch = batch("plant-1", 1, 3);

    assertThatThrownBy(() -> receiver.accept("plant-2", envelope(batch)))
        .isInstanceOf(RefusedException.class)
        .hasMessage("batch plant-1/b0/1 names site plant-1, but came from plant-2");

    assertThat(stored("plant-1", 1)).isEmpty();
    assertThat(journal.receipt(batch.id())).isEmpty();
    assertThat(receiver.stats().refusedWrongSite()).isEqualTo(1);
    assertThat(fleet.site("plant-2").orElseThrow().refused()).isEqualTo(1);
    assertThat(fleet.site("plant-1").orElseThrow().refused()).isZero();
  }

  @Test
  void readingsOfAnotherSitesTagsAreRefused() {
    Batch own = batch("plant-1", 1, 2);
    List<TagReading> readings = new ArrayList<>(own.readings());
    readings.add(new TagReading(tag("plant-2", 1), own.readings().get(0).sample()));
    Batch intruding = new Batch(own.id(), own.sealedAt(), readings, own.events());

    assertThatThrownBy(() -> receiver.accept("plant-1", envelope(intruding)))
        .isInstanceOf(RefusedException.class)
        .hasMessage(
            "batch plant-1/b0/1 holds tag "
                + tag("plant-2", 1)
                + ", which is not in site plant-1's namespace");

    assertThat(stored("plant-1", 1)).isEmpty();
    assertThat(stored("plant-2", 1)).isEmpty();
    assertThat(receiver.stats().refusedWrongSite()).isEqualTo(1);
  }

  @Test
  void aTagPathWithAControlCharacterIsRefusedAsMalformed() {
    Batch own = batch("plant-1", 1, 1);
    Batch withNul =
        new Batch(
            own.id(),
            own.sealedAt(),
            List.of(new TagReading(tag("plant-1", 1) + "\0x", own.readings().get(0).sample())),
            List.of());

    assertThatThrownBy(() -> receiver.accept("plant-1", envelope(withNul)))
        .isInstanceOf(RefusedException.class)
        .hasMessage(
            "batch plant-1/b0/1 is malformed: tag path \""
                + tag("plant-1", 1)
                + "?x\" holds a control character");
    assertThat(receiver.stats().refusedMalformed()).isEqualTo(1);
  }

  @Test
  void garbageIsRefusedAsMalformed() {
    Envelope garbage =
        new Envelope(new BatchId("plant-1", "b0", 1), false, new byte[] {'M', 'W', 'B', 1, 7});

    assertThatThrownBy(() -> receiver.accept("plant-1", garbage))
        .isInstanceOf(RefusedException.class)
        .hasMessageStartingWith("batch plant-1/b0/1 is malformed: ");

    assertThat(journal.receipt(garbage.id())).isEmpty();
    assertThat(receiver.stats().refusedMalformed()).isEqualTo(1);
    assertThat(fleet.site("plant-1").orElseThrow().refused()).isEqualTo(1);
  }

  @Test
  void contentsOfAnotherBatchThanTheEnvelopeSaysAreRefused() {
    Batch second = batch("plant-1", 2, 3);
    Envelope mislabelled =
        new Envelope(new BatchId("plant-1", "b0", 1), false, BatchCodec.encode(second));

    assertThatThrownBy(() -> receiver.accept("plant-1", mislabelled))
        .isInstanceOf(RefusedException.class)
        .hasMessage("batch plant-1/b0/1 is malformed: its contents are batch plant-1/b0/2");

    assertThat(stored("plant-1", 1)).isEmpty();
    assertThat(journal.receipt(second.id())).isEmpty();
    assertThat(journal.receipt(mislabelled.id())).isEmpty();
    assertThat(receiver.stats().refusedMalformed()).isEqualTo(1);
  }

  @Test
  void aStoreThatFailsLeavesNoReceiptAndTheResendIsStored() throws Exception {
    Batch batch = batch("plant-1", 1, 5);
    store.close();

    assertThatThrownBy(() -> receiver.accept("plant-1", envelope(batch)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThat(journal.receipt(batch.id())).isEmpty();
    assertThat(journal.events("plant-1", 10)).isEmpty();
    assertThat(receiver.stats().storeFailures()).isEqualTo(1);
    assertThat(receiver.stats().batchesStored()).isZero();
    assertThat(fleet.site("plant-1").orElseThrow().batchesReceived()).isZero();

    // The store back (the cloud restarted with it): the site's resend is stored.
    journal.close();
    store = DuckDbStore.open(dir.resolve("historian"));
    start();
    assertThat(receiver.accept("plant-1", envelope(batch))).isEqualTo(Outcome.STORED);
    assertThat(stored("plant-1", 1)).isEqualTo(samples(batch, 1));
  }

  @Test
  void aReplayAfterARestartIsStillADuplicate() throws Exception {
    Batch batch = batch("plant-1", 1, 5);
    receiver.accept("plant-1", envelope(batch));
    receiver.acceptStatus("plant-1", status("plant-1", 1000, 2));

    journal.close();
    start();

    assertThat(receiver.accept("plant-1", envelope(batch))).isEqualTo(Outcome.DUPLICATE);
    assertThat(stored("plant-1", 1)).isEqualTo(samples(batch, 1));
    assertThat(journal.events("plant-1", 10)).isEqualTo(batch.events());
    FleetSite row = fleet.site("plant-1").orElseThrow();
    assertThat(row.batchesReceived()).isEqualTo(1);
    assertThat(row.readingsReceived()).isEqualTo(10);
    assertThat(row.duplicates()).isEqualTo(1);
    assertThat(row.status()).contains(status("plant-1", 1000, 2));
  }

  @Test
  void theSameBatchFromSeveralTransportsAtOnceIsStoredOnce() throws Exception {
    int transports = 4;
    ExecutorService pool = Executors.newFixedThreadPool(transports);
    try {
      for (long sequence = 1; sequence <= 10; sequence++) {
        Envelope envelope = envelope(batch("plant-1", sequence, 5));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Outcome>> outcomes = new ArrayList<>();
        for (int t = 0; t < transports; t++) {
          outcomes.add(
              pool.submit(
                  () -> {
                    start.await();
                    return receiver.accept("plant-1", envelope);
                  }));
        }
        start.countDown();
        List<Outcome> got = new ArrayList<>();
        for (Future<Outcome> f : outcomes) {
          got.add(f.get());
        }
        assertThat(got)
            .as("batch %d", sequence)
            .containsOnlyOnce(Outcome.STORED)
            .containsOnly(Outcome.STORED, Outcome.DUPLICATE);
      }
    } finally {
      pool.shutdownNow();
    }
    // The events and the totals are the receiver's own: stored twice, they would show it.
    assertThat(journal.events("plant-1", 100)).hasSize(10);
    assertThat(receiver.stats().batchesStored()).isEqualTo(10);
    assertThat(receiver.stats().duplicates()).isEqualTo(30);
    assertThat(fleet.site("plant-1").orElseThrow().readingsReceived()).isEqualTo(100);
    assertThat(stored("plant-1", 1)).hasSize(50);
  }

  @Test
  void aCrashBetweenStoreAndReceiptKeepsEachSampleOnce() throws Exception {
    Batch first = batch("plant-1", 1, 5);
    Batch second = batch("plant-1", 2, 5);
    // The cloud stored the readings, then died before the receipt: the site sends again.
    store.append(allSamples(first));
    assertThat(receiver.accept("plant-1", envelope(first))).isEqualTo(Outcome.STORED);
    // Once against samples already compacted, too.
    store.append(allSamples(second));
    store.compact();
    assertThat(receiver.accept("plant-1", envelope(second))).isEqualTo(Outcome.STORED);

    // Both while the inbox holds the repeats and once they are compacted.
    List<StoredSample> expected = new ArrayList<>(samples(first, 1));
    expected.addAll(samples(second, 1));
    assertThat(stored("plant-1", 1)).isEqualTo(expected);
    store.compact();
    assertThat(stored("plant-1", 1)).isEqualTo(expected);
    assertThat(store.aggregate(tag("plant-1", 1), Batches.T0, Batches.T0 + 3_600_000, 3_600_000))
        .singleElement()
        .satisfies(b -> assertThat(b.count()).isEqualTo(10));
  }

  @Test
  void statusesFeedTheFleetViewAndAnOlderOneIsIgnored() throws Exception {
    receiver.acceptStatus("plant-2", status("plant-2", 2000, 3));
    clock.advance(Duration.ofSeconds(5));
    // Overtaken on another transport: sent earlier by the site's clock, so not taken.
    receiver.acceptStatus("plant-2", status("plant-2", 1000, 9));

    FleetSite row = fleet.site("plant-2").orElseThrow();
    assertThat(row.status()).contains(status("plant-2", 2000, 3));
    assertThat(row.lastContact()).contains(NOW.plusSeconds(5));
    assertThat(row.online()).isTrue();

    journal.close();
    start();
    assertThat(fleet.site("plant-2").orElseThrow().status()).contains(status("plant-2", 2000, 3));
  }

  @Test
  void aStatusNamingAnotherSiteOrFromAnUnknownSiteIsRefused() {
    assertThatThrownBy(() -> receiver.acceptStatus("plant-2", status("plant-1", 1000, 1)))
        .isInstanceOf(RefusedException.class)
        .hasMessage("a status naming site plant-1 came from site plant-2");
    assertThatThrownBy(() -> receiver.acceptStatus("plant-9", status("plant-9", 1000, 1)))
        .isInstanceOf(RefusedException.class)
        .hasMessage("site plant-9 is not registered");

    assertThat(fleet.site("plant-1").orElseThrow().status()).isEmpty();
    assertThat(receiver.stats().refusedWrongSite()).isEqualTo(1);
    assertThat(receiver.stats().refusedUnregistered()).isEqualTo(1);
  }

  static SiteStatus status(String site, long sentAt, int machinesOnline) {
    return new SiteStatus(
        site,
        "0.1.0",
        sentAt,
        2,
        700,
        900,
        4096,
        1 << 20,
        0,
        machinesOnline,
        4,
        OptionalDouble.of(0.72),
        1);
  }
}
