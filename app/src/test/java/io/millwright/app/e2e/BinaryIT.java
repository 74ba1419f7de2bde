package io.millwright.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binary as users meet it: the contract's commands, exit codes, health, metrics, OpenAPI and
 * authentication, checked against the packaged jar in its own process.
 */
class BinaryIT {

  static final String PASSWORD = "demo-password-1";
  static final Duration STOP_LIMIT = Duration.ofSeconds(10);

  @TempDir Path dir;

  @Test
  void theDemoGetsReadyServesProbesAndStopsCleanlyOnSigterm() throws Exception {
    try (RunningBinary demo =
        RunningBinary.start(dir, Map.of("MILLWRIGHT_ADMIN_PASSWORD", PASSWORD), "demo")) {
      demo.awaitReady(Duration.ofSeconds(120));
      // The banner follows readiness by a moment, and the output is read asynchronously.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  demo.stdout()
                      .contains(
                          "Millwright demo is ready: http://localhost:" + demo.httpPort + "/"));

      assertThat(demo.get("/q/health/live").statusCode()).isEqualTo(200);
      assertThat(demo.get("/q/health/ready").body())
          .contains("\"name\": \"data\"")
          .contains("\"name\": \"security\"")
          .contains("\"name\": \"namespace\"")
          .contains("\"name\": \"mirror\"");

      String metrics = demo.get("/q/metrics").body();
      assertThat(metrics)
          .contains("millwright_role_up{kind=\"internal\",role=\"data\"} 1.0")
          .contains("millwright_role_start_seconds")
          .contains("jvm_memory_used_bytes")
          .contains("millwright_broker_connections ")
          .contains("millwright_broker_connections_refused_total")
          .contains("millwright_namespace_round_trip_ok 1.0")
          .contains("millwright_mirror_sparkplug_decode_errors_total");

      // Only health and metrics are open; everything else needs the admin.
      assertThat(demo.get("/q/openapi").statusCode()).isEqualTo(401);
      assertThat(demo.get("/api/v1/system").statusCode()).isEqualTo(401);
      assertThat(demo.get("/api/v1/system", "admin", "wrong-password").statusCode()).isEqualTo(401);
      assertThat(demo.get("/q/openapi", "admin", PASSWORD).body()).contains("/api/v1/system");
      var system = demo.get("/api/v1/system", "admin", PASSWORD);
      assertThat(system.statusCode()).isEqualTo(200);
      assertThat(system.body())
          .contains("\"state\":\"running\"")
          .contains("\"roles\":[\"all\",\"simulator\",\"cloud\"]");

      var missing = demo.get("/api/v1/nothing-here", "admin", PASSWORD);
      assertThat(missing.statusCode()).isEqualTo(404);

      assertThat(demo.terminate(STOP_LIMIT)).isZero();
      assertThat(demo.stdout()).contains("stopped security").contains("stopped data");
      assertThat(demo.stdout().indexOf("stopped security"))
          .isLessThan(demo.stdout().indexOf("stopped data"));
    }
  }

  @Test
  void aGeneratedPasswordIsPrintedOnceAndKeepsWorking() throws Exception {
    String password;
    try (RunningBinary first = RunningBinary.start(dir, Map.of(), "run")) {
      first.awaitReady(Duration.ofSeconds(120));
      Matcher m =
          Pattern.compile(
                  "Generated the password of user 'admin'.*?\\n\\s*\\n\\s+(\\S+)", Pattern.DOTALL)
              .matcher(first.stdout());
      assertThat(m.find()).as("password printed in:\n%s", first.stdout()).isTrue();
      password = m.group(1);
      assertThat(first.get("/api/v1/system", "admin", password).statusCode()).isEqualTo(200);
      assertThat(first.terminate(STOP_LIMIT)).isZero();
    }
    assertThat(Files.readString(dir.resolve("data/security/admin.pbkdf2")))
        .doesNotContain(password);
    try (RunningBinary second = RunningBinary.start(dir, Map.of(), "run")) {
      second.awaitReady(Duration.ofSeconds(120));
      assertThat(second.stdout()).doesNotContain("Generated the password").doesNotContain(password);
      assertThat(second.get("/api/v1/system", "admin", password).statusCode()).isEqualTo(200);
      assertThat(second.terminate(STOP_LIMIT)).isZero();
    }
  }

  @Test
  void aBadConfigurationValueExits2NamingTheKey() throws Exception {
    Path config =
        Files.writeString(dir.resolve("site.yaml"), "data: ./d\nshutdown:\n  timeout: forever\n");
    try (RunningBinary bad =
        RunningBinary.start(dir, Map.of(), "run", "--config", config.toString())) {
      assertThat(bad.waitForExit(Duration.ofSeconds(30))).isEqualTo(2);
      assertThat(bad.stderr())
          .isEqualTo(
              "millwright: configuration error: "
                  + config
                  + ":3: shutdown.timeout: duration \"forever\" is not understood; write e.g. 500ms, 10s, 5m,"
                  + " 2h, 1d or PT0.5S\n");
    }
  }

  @Test
  void aMachinesFileWithAWrongAddressExits2NamingFileLineAndField() throws Exception {
    Path machines =
        java.nio.file.Files.writeString(
            dir.resolve("machines.yaml"),
            """
            machines:
              - id: press-01
                area: pressing
                line: line-1
                protocol: modbus
                endpoint: tcp://127.0.0.1:502
                tags:
                  - name: hydraulics/pressure
                    address: holding:0
                    type: int16
                  - name: job/order
                    address: holding:10
                    type: string
            """);
    try (RunningBinary bad =
        RunningBinary.start(dir, Map.of(), "run", "--machines", machines.toString())) {
      assertThat(bad.waitForExit(Duration.ofSeconds(30))).isEqualTo(2);
      assertThat(bad.stderr())
          .startsWith(
              "millwright: configuration error: "
                  + machines
                  + ":12: machines[0].tags[1].address: a string needs its length in registers:"
                  + " write holding:10:L");
    }
  }

  @Test
  void anUnknownRoleExits2ListingTheKnownRoles() throws Exception {
    try (RunningBinary bad = RunningBinary.start(dir, Map.of(), "run", "--roles", "nosuch")) {
      assertThat(bad.waitForExit(Duration.ofSeconds(30))).isEqualTo(2);
      assertThat(bad.stderr())
          .startsWith("millwright: --roles: unknown role 'nosuch'; known roles: all");
    }
  }

  @Test
  void aSecondProcessOnTheSameDataDirectoryRefusesToStart() throws Exception {
    try (RunningBinary first =
        RunningBinary.start(dir, Map.of("MILLWRIGHT_ADMIN_PASSWORD", PASSWORD), "run")) {
      first.awaitReady(Duration.ofSeconds(120));
      try (RunningBinary second =
          RunningBinary.start(dir, Map.of("MILLWRIGHT_ADMIN_PASSWORD", PASSWORD), "run")) {
        assertThat(second.waitForExit(Duration.ofSeconds(60))).isEqualTo(1);
        assertThat(second.stderr())
            .contains("is in use by another Millwright process (pid " + first.process.pid() + ")");
      }
      assertThat(first.ready()).isTrue();
      assertThat(first.terminate(STOP_LIMIT)).isZero();
    }
  }

  @Test
  void versionPrintsTheVersionWithoutStartingAServer() throws Exception {
    try (RunningBinary version = RunningBinary.start(dir, Map.of(), "version")) {
      assertThat(version.waitForExit(Duration.ofSeconds(30))).isZero();
      assertThat(version.stdout()).matches("millwright \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\n");
    }
  }

  @Test
  void operatorRenderPrintsTheSitesObjectsWithoutACluster() throws Exception {
    Path examples = Path.of("..", "deploy", "examples").toAbsolutePath();
    try (RunningBinary render =
        RunningBinary.start(
            dir,
            Map.of(),
            "operator",
            "render",
            "-f",
            examples.resolve("site.yaml").toString(),
            "-f",
            examples.resolve("machines.yaml").toString())) {
      assertThat(render.waitForExit(Duration.ofSeconds(60))).isZero();
      assertThat(render.stdout())
          .contains("kind: \"StatefulSet\"")
          .contains("name: \"plant-1-connector-press-01\"")
          .contains("readOnlyRootFilesystem: true");
      assertThat(render.stdout().split("(?m)^---$")).hasSizeGreaterThan(11 * 3);
    }
    Path broken = Files.writeString(dir.resolve("site.yaml"), "apiVersion: v1\nkind: Site\n");
    try (RunningBinary bad =
        RunningBinary.start(dir, Map.of(), "operator", "render", "-f", broken.toString())) {
      assertThat(bad.waitForExit(Duration.ofSeconds(60))).isEqualTo(2);
      assertThat(bad.stderr())
          .startsWith(
              "millwright: " + broken + " (document 1): apiVersion must be millwright.io/v1alpha1");
    }
  }
}
