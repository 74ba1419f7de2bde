package io.millwright.publisher.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk: on a 3 MiB tmpfs the buffer's seal fails with a {@link BufferException}, nothing of
 * the failed batch is visible, what was sealed before is intact, and once space is freed sealing
 * works again. Needs root (to mount the tmpfs); anywhere else it is skipped, saying why.
 */
class OutboundBufferDiskFullIT {

  static final int SIZE = 100 * 1024;

  @TempDir Path dir;
  Path mount;

  @AfterEach
  void unmount() throws Exception {
    if (mount != null) {
      if (run("umount", mount.toString()) != 0) {
        run("umount", "-l", mount.toString());
      }
    }
  }

  @Test
  void aFullDiskFailsTheSealCleanlyAndSealingWorksAgainOnceThereIsSpace() throws Exception {
    Path point = Files.createDirectories(dir.resolve("tmpfs"));
    String user = System.getProperty("user.name");
    Assumptions.assumeTrue(
        "root".equals(user),
        "a 3 MiB tmpfs for the full disk needs root to mount it; this test runs as " + user);
    String[] mountCommand = {"mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", point.toString()};
    int mounted = run(mountCommand);
    Assumptions.assumeTrue(
        mounted == 0,
        "cannot mount a 3 MiB tmpfs for the full disk (\""
            + String.join(" ", mountCommand)
            + "\" exited with "
            + mounted
            + ", e.g. in a container without CAP_SYS_ADMIN)");
    mount = point;

    BufferLimits limits = new BufferLimits(2 * OutboundBufferTest.MIB, 0.8);
    Path bufferDir = point.resolve("buffer");
    Path filler = point.resolve("filler");
    List<StoredBatch> sealed = new ArrayList<>();
    try (OutboundBuffer buffer = OutboundBuffer.open(bufferDir, "plant-1", limits)) {
      for (int i = 1; i <= 3; i++) {
        sealed.add(OutboundBufferTest.seal(buffer, i, 10, SIZE));
      }
      fill(filler);

      // H2 may still have room inside its file for a batch or two; past that the disk is full.
      BufferException failure = null;
      for (int i = 4; i <= 30 && failure == null; i++) {
        BufferStats before = buffer.stats();
        try {
          sealed.add(OutboundBufferTest.seal(buffer, i, 10, SIZE));
        } catch (BufferException e) {
          failure = e;
          assertThat(OutboundBufferTest.withoutFile(buffer.stats()))
              .isEqualTo(OutboundBufferTest.withoutFile(before));
        }
      }
      assertThat(failure).as("a seal on a full disk fails").isNotNull();
      assertThat(failure)
          .hasMessageContaining("cannot store batch plant-1/" + buffer.name())
          .hasMessageContaining("bytes free on its disk");
      System.out.println("seal on a full disk: " + failure.getMessage());

      // Still full: whatever fails, fails with a BufferException, and nothing new shows.
      try {
        assertThat(buffer.oldest(100)).isEqualTo(sealed);
      } catch (BufferException e) {
        System.out.println("read on a full disk: " + e.getMessage());
      }

      Files.delete(filler);
      assertThat(buffer.oldest(100)).isEqualTo(sealed);
      OutboundBufferTest.assertConsistent(buffer);
      StoredBatch after = OutboundBufferTest.seal(buffer, 100, 10, SIZE);
      assertThat(after.id().sequence()).isGreaterThan(sealed.getLast().id().sequence());
      sealed.add(after);
      assertThat(buffer.oldest(100)).isEqualTo(sealed);
      OutboundBufferTest.assertConsistent(buffer);
    }
    try (OutboundBuffer buffer = OutboundBuffer.open(bufferDir, "plant-1", limits)) {
      assertThat(buffer.oldest(100)).isEqualTo(sealed);
      OutboundBufferTest.assertConsistent(buffer);
    }
  }

  /** Writes to {@code file} until the file system is full. */
  static void fill(Path file) {
    byte[] block = new byte[4096];
    try (OutputStream out = Files.newOutputStream(file)) {
      while (true) {
        out.write(block);
        out.flush();
      }
    } catch (IOException full) {
      // No space left on device.
    }
  }

  static int run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    if (p.exitValue() != 0) {
      System.out.println(String.join(" ", command) + ": " + output.strip());
    }
    return p.exitValue();
  }
}
