package io.millwright.bench;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Bytes a directory occupies on disk as {@code du} counts them: allocated blocks, not apparent
 * sizes, because the peers preallocate and memory-map sparse files whose length says little.
 */
final class DiskUsage {

  private DiskUsage() {}

  static long bytes(Path directory) throws IOException {
    Process du =
        new ProcessBuilder("du", "-s", "--block-size=1", directory.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(du.getInputStream().readAllBytes()).strip();
    try {
      if (du.waitFor() != 0) {
        throw new IOException("du " + directory + ": " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    return Long.parseLong(out.split("\\s+")[0]);
  }
}
