package io.millwright.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A peer server started by the benchmark (never a system service): its own empty data directory,
 * loopback ports, its output in a log file, stopped and deleted at the end.
 */
final class PeerProcess implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final Path directory;

  private PeerProcess(Process process, Path directory) {
    this.process = process;
    this.directory = directory;
  }

  /**
   * Starts the command in {@code directory} (which the process owns from now on) and returns once
   * {@code readyPath} answers 2xx on {@code http}.
   */
  static PeerProcess start(List<String> command, Path directory, PeerHttp http, String readyPath)
      throws IOException {
    Process process =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("peer.log").toFile())
            .start();
    PeerProcess peer = new PeerProcess(process, directory);
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!http.answers(readyPath)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        String log = Files.readString(directory.resolve("peer.log"));
        peer.close();
        throw new IOException(command.getFirst() + " did not start: " + log);
      }
      sleep(100);
    }
    return peer;
  }

  long pid() {
    return process.pid();
  }

  /** SIGTERM for a clean shutdown, SIGKILL after 30 s; then the data directory is deleted. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    BrokerProcess.deleteRecursively(directory);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
