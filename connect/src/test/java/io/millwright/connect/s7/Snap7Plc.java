package io.millwright.connect.s7;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Siemens S7 server for tests: Snap7's server (the C++ library most S7 tools are tested
 * against) through the node-snap7 package, started by {@code src/test/node/snap7/plc.js} on a free
 * port, with data blocks DB1 (4 KB) and DB2 (256 bytes), markers, inputs and outputs. The package
 * is built from source by {@code npm ci} the first time (node-gyp needs g++, make and python3,
 * which the machine has); without node the test fails, saying so, as CI installs it.
 */
final class Snap7Plc implements AutoCloseable {

  static final Path PACKAGE =
      Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("src/test/node/snap7");

  private final Process process;
  private final BufferedReader answers;
  private final Writer commands;
  final int port;

  private Snap7Plc(Process process, int port) {
    this.process = process;
    this.port = port;
    this.answers =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
  }

  static Snap7Plc start() throws IOException, InterruptedException {
    install();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process p =
        new ProcessBuilder("node", "plc.js", Integer.toString(port), "1:4096,2:256")
            .directory(PACKAGE.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    Snap7Plc plc = new Snap7Plc(p, port);
    String first = plc.answers.readLine();
    if (first == null || !first.equals("listening " + port)) {
      p.destroyForcibly();
      throw new IllegalStateException("snap7 server did not start: " + first);
    }
    return plc;
  }

  private static synchronized void install() throws IOException, InterruptedException {
    if (Files.exists(PACKAGE.resolve("node_modules/node-snap7/build/Release/node_snap7.node"))) {
      return;
    }
    Process npm =
        new ProcessBuilder(List.of("npm", "ci", "--no-audit", "--no-fund"))
            .directory(PACKAGE.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
      throw new IllegalStateException("npm ci of node-snap7 in " + PACKAGE + " failed:\n" + output);
    }
  }

  /** Puts bytes into an area: {@code set("DB", 1, 0, bytes)}, {@code set("MK", 0, 10, ...)}. */
  void set(String area, int db, int offset, byte[] bytes) throws IOException {
    command("set " + area + " " + db + " " + offset + " " + HexFormat.of().formatHex(bytes));
  }

  byte[] get(String area, int db, int offset, int count) throws IOException {
    return HexFormat.of().parseHex(command("get " + area + " " + db + " " + offset + " " + count));
  }

  /** The PLC leaves the network: connected clients are dropped, new ones refused. */
  void stop() throws IOException {
    command("stop");
  }

  void resume() throws IOException {
    command("start");
  }

  private synchronized String command(String line) throws IOException {
    commands.write(line + "\n");
    commands.flush();
    String answer = answers.readLine();
    if (answer == null || answer.startsWith("error")) {
      throw new IOException("snap7 server: " + line + " -> " + answer);
    }
    return answer;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
