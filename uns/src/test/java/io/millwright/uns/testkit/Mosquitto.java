package io.millwright.uns.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Mosquitto broker (Debian package {@code mosquitto}, installed by {@code .ci/run}) on a
 * free loopback port, with password authentication and no anonymous access, for testing Millwright
 * against a broker it did not embed.
 */
public final class Mosquitto implements BeforeAllCallback, AfterAllCallback {

  public static final String USER = "millwright";
  public static final String PASSWORD = "mosquitto-password";

  private Path directory;
  private Process process;
  private int port;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    directory = Files.createTempDirectory("mosquitto");
    port = TestBroker.freePort();
    Path passwords = directory.resolve("passwd");
    run(new ProcessBuilder("mosquitto_passwd", "-b", "-c", passwords.toString(), USER, PASSWORD));
    Path conf =
        Files.writeString(
            directory.resolve("mosquitto.conf"),
            """
            listener %d 127.0.0.1
            allow_anonymous false
            password_file %s
            persistence false
            max_queued_messages 100000
            """
                    .formatted(port, passwords)
                // As root, mosquitto would switch to its own user, which cannot read this private
                // directory.
                + ("root".equals(System.getProperty("user.name")) ? "user root\n" : ""));
    start(conf);
  }

  private void start(Path conf) throws IOException, InterruptedException {
    process =
        new ProcessBuilder(binary("mosquitto"), "-c", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("mosquitto.log").toFile())
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "mosquitto exited: " + Files.readString(directory.resolve("mosquitto.log")));
        }
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("mosquitto did not listen on " + port + " within 20 s");
  }

  public int port() {
    return port;
  }

  /** How sessions under test reach this broker. */
  public io.millwright.uns.mqtt.MqttEndpoint endpoint() {
    return io.millwright.uns.mqtt.MqttEndpoint.parse(url(), USER, PASSWORD);
  }

  public String url() {
    return "mqtt://127.0.0.1:" + port;
  }

  /**
   * Stops the broker (SIGTERM) as an outage would; {@link #restart()} brings it back on the same
   * port.
   */
  public void stop() throws InterruptedException {
    process.destroy();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  public void restart() throws IOException, InterruptedException {
    start(directory.resolve("mosquitto.conf"));
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (process != null) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static String binary(String name) {
    for (String dir : new String[] {"/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"}) {
      if (Files.isExecutable(Path.of(dir, name))) {
        return Path.of(dir, name).toString();
      }
    }
    throw new IllegalStateException(
        name
            + " is not installed; the tests need Debian's mosquitto package (.ci/run installs it)");
  }

  private static void run(ProcessBuilder builder) throws IOException, InterruptedException {
    builder.command().set(0, binary(builder.command().getFirst()));
    Process p = builder.redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", builder.command()) + " failed: " + out);
    }
  }
}
