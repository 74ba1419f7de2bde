package io.millwright.publisher.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.publisher.batch.BatchId;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sealed batch survives {@code kill -9}: a child JVM seals batches in a loop and prints each
 * sequence once {@link OutboundBuffer#seal} returned; it is killed (SIGKILL) mid-stream, several
 * times, each new child going on with the same buffer. Afterwards every printed sequence is in the
 * buffer with its payload intact, none twice, and the next sequence is beyond all of them.
 */
class OutboundBufferKillIT {

  static final String SITE = "plant-1";

  @TempDir Path dir;

  /** The child: seals until killed; payload sizes vary with the sequence (1-8 KiB). */
  public static void main(String[] args) throws Exception {
    BufferLimits limits = new BufferLimits(256 * OutboundBufferTest.MIB, 0.8);
    try (OutboundBuffer buffer = OutboundBuffer.open(Path.of(args[0]), SITE, limits)) {
      System.out.println("name " + buffer.name());
      System.out.flush();
      while (true) {
        StoredBatch b =
            buffer.seal(
                System.currentTimeMillis(),
                7,
                1,
                id -> OutboundBufferTest.payload(id.sequence(), size(id.sequence())));
        System.out.println(b.id().sequence());
        System.out.flush();
      }
    }
  }

  static int size(long sequence) {
    return 1024 + (int) (sequence * 7919 % (7 * 1024));
  }

  @Test
  void everySealedBatchSurvivesKill9() throws Exception {
    Path buffer = dir.resolve("buffer");
    List<Long> printed = new ArrayList<>();
    String name = null;
    for (int run = 0; run < 4; run++) {
      int killAfter = ThreadLocalRandom.current().nextInt(50, 400);
      Process child =
          new ProcessBuilder(
                  ProcessHandle.current().info().command().orElseThrow(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  OutboundBufferKillIT.class.getName(),
                  buffer.toString())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      int seen = 0;
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        // Read to the end: lines the child printed before it died are still in the pipe.
        while ((line = out.readLine()) != null) {
          if (line.startsWith("name ")) {
            String n = line.substring(5);
            assertThat(name == null || name.equals(n)).as("the name is kept: " + n).isTrue();
            name = n;
            continue;
          }
          printed.add(Long.parseLong(line.strip()));
          if (++seen == killAfter) {
            // SIGKILL: no shutdown hook, no close. Through the handle, which (unlike
            // Process.destroyForcibly) leaves the pipe open for the lines still in it.
            child.toHandle().destroyForcibly();
          }
        }
      } finally {
        child.destroyForcibly();
      }
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).as("killed, not ended").isNotZero();
      assertThat(seen).isGreaterThanOrEqualTo(killAfter);
    }
    assertThat(printed).doesNotHaveDuplicates();
    long highest = printed.stream().mapToLong(Long::longValue).max().orElseThrow();
    try (OutboundBuffer reopened =
        OutboundBuffer.open(buffer, SITE, new BufferLimits(256 * OutboundBufferTest.MIB, 0.8))) {
      assertThat(reopened.name()).isEqualTo(name);
      List<StoredBatch> held = reopened.oldest(Integer.MAX_VALUE);
      List<Long> sequences = held.stream().map(b -> b.id().sequence()).toList();
      assertThat(sequences).doesNotHaveDuplicates().containsAll(printed);
      // The child may have committed one more than it printed before it died; nothing else.
      assertThat(sequences.size()).isLessThanOrEqualTo(printed.size() + 4);
      for (StoredBatch b : held) {
        assertThat(b.id()).isEqualTo(new BatchId(SITE, name, b.id().sequence()));
        assertThat(b.payload())
            .as("payload of " + b.id())
            .isEqualTo(OutboundBufferTest.payload(b.id().sequence(), size(b.id().sequence())));
        assertThat(b.readings()).isEqualTo(7);
      }
      OutboundBufferTest.assertConsistent(reopened);
      StoredBatch next = reopened.seal(1, 1, 0, id -> new byte[] {1});
      assertThat(next.id().sequence()).isGreaterThan(highest);
      assertThat(sequences).allSatisfy(s -> assertThat(next.id().sequence()).isGreaterThan(s));
    }
  }
}
