package io.millwright.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Starts the image with runc as a restricted Kubernetes pod would (see {@link ImageRun}): read-only
 * root, the image's non-root user, no capabilities, a tmpfs on /tmp and a volume on the data
 * directory. Needs root and the Debian package runc, which .ci/run installs.
 */
class RuncIT {

  static final Path WORK = Path.of("target", "runc").toAbsolutePath();
  static ImageRun image;

  @BeforeAll
  static void unpackImage() throws Exception {
    image = ImageRun.unpack(Path.of(System.getProperty("image.tar")), WORK);
  }

  @AfterAll
  static void cleanUp() throws Exception {
    if (image != null) {
      image.clean();
    }
  }

  @Test
  void jlinkedJavaRunsOnTheImagesOwnLibcAsTheImagesUser() throws Exception {
    Path log = WORK.resolve("java-version.log");
    Process java =
        image.start(
            "java-version", List.of("/opt/java/bin/java", "-version"), Map.of(), Map.of(), log);
    try {
      assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String output = Files.readString(log);
      assertThat(java.exitValue()).as(output).isZero();
      assertThat(output).contains("OpenJDK 64-Bit Server VM");
    } finally {
      image.delete("java-version");
    }
  }

  /**
   * ONNX Runtime infers inside the image (its natives unpacked to the tmpfs, on the image's glibc
   * and libstdc++), and headless AWT works without the font and imaging libraries: {@link
   * ImageSmoke}, run from a volume with the image's own copy of the ONNX Runtime jar.
   */
  @Test
  void onnxRuntimeAndHeadlessAwtWorkInTheImage() throws Exception {
    Path classes = WORK.resolve("smoke");
    Path compiled =
        Path.of(ImageSmoke.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path pkg = Path.of("io", "millwright", "image");
    Files.createDirectories(classes.resolve(pkg));
    Files.copy(
        compiled.resolve(pkg).resolve("ImageSmoke.class"),
        classes.resolve(pkg).resolve("ImageSmoke.class"));
    String onnx;
    try (Stream<Path> jars = Files.list(WORK.resolve("rootfs/opt/millwright/lib/main"))) {
      onnx =
          jars.map(p -> p.getFileName().toString())
              .filter(n -> n.startsWith("com.microsoft.onnxruntime.onnxruntime-"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no ONNX Runtime jar in the image"));
    }
    Path log = WORK.resolve("smoke.log");
    Process java =
        image.start(
            "smoke",
            List.of(
                "/opt/java/bin/java",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                "/var/lib/millwright:/opt/millwright/lib/main/" + onnx,
                ImageSmoke.class.getName()),
            Map.of(),
            Map.of("/var/lib/millwright", classes),
            log);
    try {
      assertThat(java.waitFor(120, TimeUnit.SECONDS)).isTrue();
      String output = Files.readString(log);
      assertThat(java.exitValue()).as(output).isZero();
      assertThat(output).contains("relu [0.0, 0.0, 2.0]", "awt HeadlessToolkit");
    } finally {
      java.destroyForcibly();
      image.delete("smoke");
    }
  }

  /**
   * The broker and the historian: together they load both big native libraries (RocksDB under
   * HiveMQ, DuckDB), unpacked to /tmp, and write to the data volume.
   */
  @Test
  void brokerAndHistorianBecomeReadyAndStopCleanlyOnSigterm() throws Exception {
    int http = ImageRun.freePort();
    Map<String, String> env = ImageRun.freePorts(http);
    env.put("MILLWRIGHT_ADMIN_PASSWORD", "image-test-password");
    Path data = WORK.resolve("data");
    Path log = WORK.resolve("millwright.log");
    long start = System.nanoTime();
    Process millwright =
        image.start(
            "millwright",
            image.entrypointWith(List.of("run", "--roles", "broker,historian")),
            env,
            Map.of("/var/lib/millwright", data),
            log);
    try {
      String health = ImageRun.awaitReady(http, millwright, log, Duration.ofSeconds(180));
      System.out.printf(
          "runc: ready in %d ms (from 'runc run' to /q/health/ready UP)%n",
          (System.nanoTime() - start) / 1_000_000);
      assertThat(health).contains("\"status\": \"UP\"");

      image.kill("millwright", "TERM");
      assertThat(millwright.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
      String output = Files.readString(log);
      assertThat(millwright.exitValue()).as(output).isZero();
      try (Stream<Path> written = Files.list(data)) {
        assertThat(written.toList()).as("what the roles wrote to the data volume").isNotEmpty();
      }
    } finally {
      millwright.destroyForcibly();
      image.delete("millwright");
    }
  }
}
