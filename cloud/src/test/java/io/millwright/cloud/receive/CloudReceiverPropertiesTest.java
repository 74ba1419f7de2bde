package io.millwright.cloud.receive;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.cloud.fleet.FleetView;
import io.millwright.cloud.fleet.RegisteredSite;
import io.millwright.cloud.fleet.SiteRegistry;
import io.millwright.historian.duckdb.DuckDbStore;
import io.millwright.publisher.batch.BatchCodec;
import io.millwright.publisher.batch.BatchId;
import io.millwright.publisher.transport.BatchSink.RefusedException;
import io.millwright.publisher.transport.Envelope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.statistics.Statistics;

/**
 * Whatever bytes a registered site sends, the receiver answers STORED, DUPLICATE or refuses them:
 * never another exception, which a transport would take for "try again" and resend for ever.
 */
class CloudReceiverPropertiesTest {

  private static final BatchId ID = new BatchId("plant-1", "b0", 1);
  private static final byte[] VALID = BatchCodec.encode(Batches.batch("plant-1", 1, 20));

  private Path dir;
  private DuckDbStore store;
  private ReceiptJournal journal;
  private CloudReceiver receiver;

  @BeforeProperty
  void open() throws IOException {
    dir = Files.createTempDirectory("cloud-receiver-properties");
    SiteRegistry registry =
        new SiteRegistry(List.of(new RegisteredSite("plant-1", "Plant 1", Optional.empty())));
    store = DuckDbStore.open(dir.resolve("historian"));
    journal = ReceiptJournal.open(dir.resolve("receipts"));
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T08:00:00Z"), ZoneOffset.UTC);
    receiver =
        new CloudReceiver(
            registry, store, journal, new FleetView(registry, List.of(), clock), clock);
  }

  @AfterProperty
  void close() throws IOException {
    journal.close();
    store.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Property(tries = 300)
  void arbitraryBytesAreStoredOrRefused(@ForAll @Size(max = 200) byte[] tail) {
    // Behind a valid header half the time, so that the bytes reach the decoder's inner checks.
    byte[] payload = tail.length % 2 == 0 ? withHeader(tail) : tail;
    assertStoredOrRefused(payload);
  }

  @Property(tries = 300)
  void aDamagedBatchIsStoredOrRefused(
      @ForAll @IntRange(min = 4, max = 10_000) int position, @ForAll byte replacement) {
    byte[] payload = VALID.clone();
    payload[position % payload.length] = replacement;
    assertStoredOrRefused(payload);
    // Damage the decoder cannot see (a value's byte) must reach the store and the replay check.
    Statistics.coverage(
        answers -> {
          answers.check("STORED").count(n -> n == 1);
          answers.check("DUPLICATE").count(n -> n > 0);
          answers.check("REFUSED").count(n -> n > 0);
        });
  }

  private void assertStoredOrRefused(byte[] payload) {
    String answer;
    try {
      answer = receiver.accept("plant-1", new Envelope(ID, false, payload)).name();
    } catch (RefusedException e) {
      assertThat(e.getMessage()).startsWith("batch " + ID + " ");
      answer = "REFUSED";
    } catch (IllegalStateException e) {
      // Random bytes that happen to start with MWB and another version: kept for a later cloud.
      assertThat(e.getMessage()).contains("format version");
      answer = "LATER";
    }
    Statistics.collect(answer);
  }

  private static byte[] withHeader(byte[] tail) {
    byte[] payload = new byte[tail.length + 4];
    payload[0] = 'M';
    payload[1] = 'W';
    payload[2] = 'B';
    payload[3] = 1;
    System.arraycopy(tail, 0, payload, 4, tail.length);
    return payload;
  }
}
