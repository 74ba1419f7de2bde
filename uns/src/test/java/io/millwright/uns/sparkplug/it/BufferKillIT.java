package io.millwright.uns.sparkplug.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millwright.core.sample.Value;
import io.millwright.uns.sparkplug.buffer.BufferLimits;
import io.millwright.uns.sparkplug.buffer.EdgeNodeStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RELIABILITY T1 at small scale: every sample the store-and-forward buffer accepted (whose {@code
 * publish} returned) survives {@code kill -9} at a random moment, and nothing is there twice. A
 * child JVM ({@link BufferingChild}) buffers and reports each accepted sample; the test kills it
 * (SIGKILL), reopens the buffer and looks for every reported sample. Five runs share one buffer, so
 * sequences must also stay unique across the restarts.
 */
class BufferKillIT {

  private static final int RUNS = 5;

  @TempDir Path dir;

  record Reported(String tag, long value) {}

  @Test
  void everyAcceptedSampleSurvivesKillMinus9AndNoneIsThereTwice() throws Exception {
    Set<Reported> acceptedSoFar = new HashSet<>();
    for (int run = 1; run <= RUNS; run++) {
      List<String> lines = runAndKill(run);
      int before = acceptedSoFar.size();
      for (String line : lines) {
        if (line.endsWith(";")) { // a line cut by the kill was never complete, so never reported
          String[] parts = line.substring(0, line.length() - 1).split(" ");
          assertThat(acceptedSoFar.add(new Reported(parts[0], Long.parseLong(parts[1])))).isTrue();
        }
      }
      assertThat(acceptedSoFar.size() - before).as("samples reported in run " + run).isPositive();

      Set<Reported> inBuffer = new HashSet<>();
      Set<Long> sequences = new HashSet<>();
      try (EdgeNodeStore store = new EdgeNodeStore(dir, BufferLimits.DEFAULT)) {
        for (EdgeNodeStore.Entry entry : store.read(Long.MIN_VALUE, Integer.MAX_VALUE)) {
          var sample = entry.sample();
          assertThat(sample.device()).isEqualTo(BufferingChild.DEVICE);
          assertThat(sequences.add(sample.sequence()))
              .as("sequence %d is in the buffer once", sample.sequence())
              .isTrue();
          long value = ((Value.Int64) sample.sample().value()).value();
          assertThat(inBuffer.add(new Reported(sample.tag(), value)))
              .as("%s=%d is in the buffer once", sample.tag(), value)
              .isTrue();
        }
        assertThat(store.dropped()).isZero();
      }
      Set<Reported> lost = new HashSet<>(acceptedSoFar);
      lost.removeAll(inBuffer);
      assertThat(lost).as("accepted samples missing after kill -9 in run " + run).isEmpty();
    }
  }

  /** Starts the child, lets it buffer for a random while, kills it and returns its stdout lines. */
  private List<String> runAndKill(int run) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                BufferingChild.class.getName(),
                dir.toString(),
                Integer.toString(run))
            .redirectError(Files.createTempFile(dir.getParent(), "child-stderr", ".txt").toFile())
            .start();
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader =
        Thread.ofPlatform()
            .start(
                () -> {
                  try (BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                      lines.add(line);
                    }
                  } catch (java.io.IOException e) {
                    // the pipe closes with the child
                  }
                });
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> lines.size() >= 20 || !child.isAlive());
      assertThat(child.isAlive()).as("the child is buffering").isTrue();
      // the random moment: somewhere within the next half second of buffering
      Thread.sleep(ThreadLocalRandom.current().nextInt(500));
    } finally {
      child.destroyForcibly(); // SIGKILL on Linux
      assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
    reader.join(Duration.ofSeconds(20));
    assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    return lines;
  }
}
