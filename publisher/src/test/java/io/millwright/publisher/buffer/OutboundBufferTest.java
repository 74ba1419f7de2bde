package io.millwright.publisher.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.publisher.batch.BatchId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboundBufferTest {

  static final long MIB = 1024 * 1024;
  static final BufferLimits LIMITS = new BufferLimits(64 * MIB, 0.8);

  @TempDir Path dir;

  /** A payload only its sequence and size decide, so a test can tell it is intact. */
  static byte[] payload(long sequence, int size) {
    byte[] b = new byte[size];
    new SplittableRandom(sequence).nextBytes(b);
    return b;
  }

  static StoredBatch seal(OutboundBuffer buffer, long sealedAt, int readings, int size)
      throws BufferException {
    return buffer.seal(sealedAt, readings, 1, id -> payload(id.sequence(), size));
  }

  /** The stats but the file's size, which the database changes on its own (compaction). */
  static BufferStats withoutFile(BufferStats s) {
    return new BufferStats(
        s.batches(),
        s.readings(),
        s.payloadBytes(),
        s.oldestSealedAt(),
        s.budgetBytes(),
        s.fill(),
        s.warning(),
        s.batchesDropped(),
        s.readingsDropped(),
        0);
  }

  /** Every batch the buffer holds, read back from the database. */
  static List<StoredBatch> all(OutboundBuffer buffer) throws BufferException {
    return buffer.oldest(Integer.MAX_VALUE);
  }

  /** The stats agree with what the database holds. */
  static void assertConsistent(OutboundBuffer buffer) throws BufferException {
    List<StoredBatch> held = all(buffer);
    BufferStats s = buffer.stats();
    assertThat(s.batches()).isEqualTo(held.size());
    assertThat(s.readings()).isEqualTo(held.stream().mapToLong(StoredBatch::readings).sum());
    assertThat(s.payloadBytes()).isEqualTo(held.stream().mapToLong(b -> b.payload().length).sum());
    assertThat(s.oldestSealedAt()).isEqualTo(held.isEmpty() ? 0 : held.getFirst().sealedAt());
    assertThat(s.fill()).isEqualTo((double) s.payloadBytes() / s.budgetBytes());
    for (StoredBatch b : held) {
      assertThat(b.payload()).isEqualTo(payload(b.id().sequence(), b.payload().length));
    }
  }

  @Test
  void sealedBatchesComeBackOldestFirstAndGoWhenAcknowledged() throws Exception {
    try (OutboundBuffer buffer = OutboundBuffer.open(dir, "plant-1", LIMITS)) {
      assertThat(buffer.name()).matches("[a-z0-9]{12}");
      assertThat(buffer.oldest(10)).isEmpty();
      assertThat(buffer.newest()).isEmpty();
      assertThat(buffer.stats().oldestSealedAt()).isZero();

      List<BatchId> seen = new ArrayList<>();
      StoredBatch first =
          buffer.seal(
              1_000,
              10,
              2,
              id -> {
                seen.add(id);
                return payload(id.sequence(), 100);
              });
      StoredBatch second = seal(buffer, 2_000, 20, 200);
      StoredBatch third = seal(buffer, 3_000, 30, 300);

      assertThat(seen).containsExactly(new BatchId("plant-1", buffer.name(), 1));
      assertThat(first.id()).isEqualTo(seen.getFirst());
      assertThat(List.of(first, second, third))
          .extracting(b -> b.id().sequence())
          .containsExactly(1L, 2L, 3L);
      assertThat(buffer.oldest(2)).containsExactly(first, second);
      assertThat(buffer.oldest(10)).containsExactly(first, second, third);
      assertThat(buffer.newest()).contains(third);
      BufferStats s = buffer.stats();
      assertThat(s.batches()).isEqualTo(3);
      assertThat(s.readings()).isEqualTo(60);
      assertThat(s.payloadBytes()).isEqualTo(600);
      assertThat(s.oldestSealedAt()).isEqualTo(1_000);
      assertThat(s.budgetBytes()).isEqualTo(64 * MIB);
      assertThat(s.warning()).isFalse();
      assertThat(s.fileBytes()).isPositive();
      assertConsistent(buffer);

      buffer.acknowledged(first.id());
      assertThat(buffer.oldest(10)).containsExactly(second, third);
      assertThat(buffer.stats().oldestSealedAt()).isEqualTo(2_000);
      buffer.acknowledged(third.id()); // out of order: the sender may send the newest first
      assertThat(buffer.oldest(10)).containsExactly(second);
      assertThat(buffer.newest()).contains(second);
      buffer.acknowledged(first.id()); // twice: nothing
      buffer.acknowledged(new BatchId("plant-1", "otherbuffer1", 2)); // another buffer's: nothing
      buffer.acknowledged(new BatchId("plant-2", buffer.name(), 2)); // another site's: nothing
      assertThat(buffer.oldest(10)).containsExactly(second);
      assertConsistent(buffer);
      buffer.acknowledged(second.id());
      assertThat(buffer.stats().batches()).isZero();
      assertThat(buffer.stats().oldestSealedAt()).isZero();
      assertConsistent(buffer);
    }
  }

  @Test
  void theSequenceGoesOnAfterAReopenEvenWhenEverythingWasAcknowledged() throws Exception {
    String name;
    try (OutboundBuffer buffer = OutboundBuffer.open(dir, "plant-1", LIMITS)) {
      name = buffer.name();
      for (int i = 0; i < 5; i++) {
        buffer.acknowledged(seal(buffer, i, 1, 50).id());
      }
    }
    try (OutboundBuffer buffer = OutboundBuffer.open(dir, "plant-1", LIMITS)) {
      assertThat(buffer.name()).isEqualTo(name);
      assertThat(buffer.stats().batches()).isZero();
      StoredBatch next = seal(buffer, 10, 1, 50);
      assertThat(next.id()).isEqualTo(new BatchId("plant-1", name, 6));
      seal(buffer, 11, 1, 50);
    }
    try (OutboundBuffer buffer = OutboundBuffer.open(dir, "plant-1", LIMITS)) {
      assertThat(buffer.name()).isEqualTo(name);
      assertThat(all(buffer)).extracting(b -> b.id().sequence()).containsExactly(6L, 7L);
      assertThat(seal(buffer, 12, 1, 50).id().sequence()).isEqualTo(8);
      assertConsistent(buffer);
    }
  }

  @Test
  void aNewDirectoryIsANewBufferWithANewName() throws Exception {
    String first;
    try (OutboundBuffer buffer = OutboundBuffer.open(dir.resolve("a"), "plant-1", LIMITS)) {
      first = buffer.name();
      seal(buffer, 1, 1, 10);
    }
    try (OutboundBuffer buffer =
        OutboundBuffer.open(dir.resolve("b").resolve("deeper"), "plant-1", LIMITS)) {
      assertThat(buffer.name()).matches("[a-z0-9]{12}").isNotEqualTo(first);
      assertThat(seal(buffer, 1, 1, 10).id().sequence()).isEqualTo(1);
    }
  }

  @Test
  void aFullBufferDropsItsOldestBatchesAndKeepsCountingAcrossRestarts() throws Exception {
    BufferLimits small = new BufferLimits(MIB, 0.8);
    int size = 100 * 1024; // ten fit into 1 MiB (1,024,000 bytes of 1,048,576)
    BufferStats last;
    try (OutboundBuffer buffer = OutboundBuffer.open(dir, "plant-1", small)) {
      for (int i = 1; i <= 10; i++) {
        seal(buffer, i * 1_000L, i, size);
      }
      BufferStats full = buffer.stats();
      assertThat(full.batches()).isEqualTo(10);
      assertThat(full.batchesDropped()).isZero();
      assertThat(full.warning()).isTrue(); // 98% of the budget
      assertThat(full.fill())
          .isCloseTo(1_024_000.0 / MIB, org.assertj.core.data.Offset.offset(1e-9));

      StoredBatch eleventh = seal(buffer, 11_000, 11, size);
      BufferStats s = buffer.stats();
      assertThat(s.batches()).isEqualTo(10);
      assertThat(s.batchesDropped()).isEqualTo(1);
      assertThat(s.readingsDropped()).isEqualTo(1);
      assertThat(s.oldestSealedAt()).isEqualTo(2_000);
      assertThat(buffer.newest()).contains(eleventh);
      assertThat(buffer.oldest(1).getFirst().id().sequence()).isEqualTo(2);
      assertConsistent(buffer);

      // A batch three times as large drops the three oldest (2, 3, 4: readings 2+3+4).
      StoredBatch big = seal(buffer, 12_000, 100, 3 * size);
      s = buffer.stats();
      assertThat(s.batchesDropped()).isEqualTo(4);
      assertThat(s.readingsDropped()).isEqualTo(1 + 2 + 3 + 4);
      assertThat(all(buffer))
          .extracting(b -> b.id().sequence())
          .containsExactly(5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
      assertThat(buffer.newest()).contains(big);
      assertThat(s.payloadBytes()).isLessThanOrEqualTo(small.budgetBytes());
      assertConsistent(buffer);

      // Larger than the whole budget: refused, nothing dropped for it, its number not reused.
      assertThatThrownBy(() -> seal(buffer, 13_000, 5, (int) MIB + 1))
          .isInstanceOf(BufferException.class)
          .hasMessageContaining("13")
          .hasMessageContaining("more than")
          .hasMessageContaining("budget");
      assertThat(withoutFile(buffer.stats())).isEqualTo(withoutFile(s));
      assertThat(seal(buffer, 14_000, 1, 10).id().sequence()).isEqualTo(14);
      last = buffer.stats();
      assertConsistent(buffer);
    }
    try (OutboundBuffer buffer = OutboundBuffer.open(dir, "plant-1", small)) {
      BufferStats again = buffer.stats();
      assertThat(withoutFile(again)).isEqualTo(withoutFile(last));
      assertThat(again.batchesDropped()).isEqualTo(4);
      assertThat(again.readingsDropped()).isEqualTo(10);
      assertThat(again.batches()).isEqualTo(9);
      assertThat(again.oldestSealedAt()).isEqualTo(5_000);
      assertConsistent(buffer);
    }
    try (OutboundBuffer buffer = OutboundBuffer.open(dir, "plant-1", new BufferLimits(MIB, 0.75))) {
      assertThat(buffer.stats().warning()).isTrue();
      buffer.acknowledged(new BatchId("plant-1", buffer.name(), 12)); // the big one
      assertThat(buffer.stats().warning()).isFalse();
      assertConsistent(buffer);
    }
  }

  @Test
  void aBatchOfSeveralMegabytesIsStoredWhole() throws Exception {
    try (OutboundBuffer buffer = OutboundBuffer.open(dir, "plant-1", LIMITS)) {
      StoredBatch big = seal(buffer, 1, 1, 8 * (int) MIB);
      assertThat(buffer.oldest(1)).containsExactly(big);
      assertConsistent(buffer);
    }
  }

  @Test
  void limitsAreChecked() {
    assertThatThrownBy(() -> new BufferLimits(MIB - 1, 0.8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 MiB");
    assertThatThrownBy(() -> new BufferLimits(MIB, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BufferLimits(MIB, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BufferLimits(MIB, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new BufferLimits(MIB, 0.8).budgetBytes()).isEqualTo(MIB);
  }

  @Test
  void aFailingEncoderStoresNothingAndItsNumberIsNotReused() throws Exception {
    try (OutboundBuffer buffer = OutboundBuffer.open(dir, "plant-1", LIMITS)) {
      seal(buffer, 1, 1, 10);
      assertThatThrownBy(
              () ->
                  buffer.seal(
                      2,
                      1,
                      0,
                      id -> {
                        throw new IllegalStateException("codec broke");
                      }))
          .hasMessage("codec broke");
      assertThat(buffer.stats().batches()).isEqualTo(1);
      assertThat(seal(buffer, 3, 1, 10).id().sequence()).isEqualTo(3);
      assertConsistent(buffer);
    }
  }

  @Test
  void aBufferIsOpenOnceAtATime() throws Exception {
    try (OutboundBuffer buffer = OutboundBuffer.open(dir, "plant-1", LIMITS)) {
      seal(buffer, 1, 1, 10);
      assertThatThrownBy(() -> OutboundBuffer.open(dir, "plant-1", LIMITS))
          .isInstanceOf(BufferException.class)
          .hasMessageContaining("open already");
      assertThat(seal(buffer, 2, 1, 10).id().sequence()).isEqualTo(2);
    }
    OutboundBuffer buffer = OutboundBuffer.open(dir, "plant-1", LIMITS);
    assertThat(buffer.stats().batches()).isEqualTo(2);
    buffer.close();
    buffer.close(); // twice: nothing
    assertThatThrownBy(() -> seal(buffer, 3, 1, 10)).isInstanceOf(IllegalStateException.class);
    assertThat(buffer.stats().batches()).isEqualTo(2); // metrics may still ask
  }

  @Test
  void aDirectoryThatCannotBeMadeIsRefusedWithAClearMessage() throws Exception {
    Path notADirectory = dir.resolve("file");
    java.nio.file.Files.writeString(notADirectory, "x");
    assertThatThrownBy(() -> OutboundBuffer.open(notADirectory, "plant-1", LIMITS))
        .isInstanceOf(BufferException.class)
        .hasMessageContaining(notADirectory.toString());
  }

  @Test
  void aSealerASenderAndMetricsAtOnceLoseNothing() throws Exception {
    int count = 400;
    try (OutboundBuffer buffer = OutboundBuffer.open(dir, "plant-1", LIMITS)) {
      AtomicReference<Throwable> failure = new AtomicReference<>();
      ConcurrentLinkedQueue<Long> acknowledged = new ConcurrentLinkedQueue<>();
      Thread sealer =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      for (int i = 1; i <= count; i++) {
                        seal(buffer, i, 3, 500 + i);
                      }
                    } catch (Throwable t) {
                      failure.set(t);
                    }
                  });
      Thread sender =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      while (acknowledged.size() < count && failure.get() == null) {
                        for (StoredBatch b : buffer.oldest(7)) {
                          assertThat(b.payload())
                              .isEqualTo(payload(b.id().sequence(), b.payload().length));
                          buffer.acknowledged(b.id());
                          acknowledged.add(b.id().sequence());
                        }
                      }
                    } catch (Throwable t) {
                      failure.set(t);
                    }
                  });
      while (sealer.isAlive() || sender.isAlive()) {
        BufferStats s = buffer.stats();
        assertThat(s.batches()).isBetween(0L, (long) count);
        assertThat(s.readings()).isEqualTo(3 * s.batches());
        sealer.join(1);
      }
      assertThat(failure.get()).isNull();
      assertThat(acknowledged).hasSize(count).doesNotHaveDuplicates();
      assertThat(acknowledged.stream().sorted().toList())
          .isEqualTo(java.util.stream.LongStream.rangeClosed(1, count).boxed().toList());
      assertThat(buffer.stats().batches()).isZero();
      assertConsistent(buffer);
    }
  }

  /**
   * Disk bytes per payload byte, printed: 2,000 batches of 2 KiB sealed as fast as they can be. H2
   * keeps the space of old versions for 45 s before it reuses it, so a burst like this one shows
   * the worst case.
   */
  @Test
  void theFileSizeIsReported() throws Exception {
    long payloadBytes;
    long openFile;
    try (OutboundBuffer buffer = OutboundBuffer.open(dir, "plant-1", LIMITS)) {
      for (int i = 1; i <= 2_000; i++) {
        seal(buffer, i, 50, 2_048);
      }
      BufferStats s = buffer.stats();
      payloadBytes = s.payloadBytes();
      openFile = s.fileBytes();
      assertThat(buffer.compactions()).isEqualTo(2_000 / OutboundBuffer.COMPACT_EVERY);
    }
    long closedFile;
    try (OutboundBuffer buffer = OutboundBuffer.open(dir, "plant-1", LIMITS)) {
      closedFile = buffer.stats().fileBytes();
    }
    System.out.printf(
        "outbound buffer overhead: 2000 x 2 KiB = %d payload bytes, file %d bytes while open"
            + " (%.2f disk bytes per payload byte), %d after close and reopen (%.2f)%n",
        payloadBytes,
        openFile,
        (double) openFile / payloadBytes,
        closedFile,
        (double) closedFile / payloadBytes);
    assertThat(payloadBytes).isEqualTo(2_000L * 2_048);
    assertThat(openFile).isGreaterThan(payloadBytes);
  }
}
