package io.millwright.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobsConfigReaderTest {

  @TempDir Path dir;

  static final String MACHINE =
      """
      machines:
        - id: press-01
          name: Press
          area: pressing
          line: line-1
          protocol: modbus
          endpoint: tcp://h:502
          tags:
            - { name: job/order, address: "holding:0", type: string, writable: true }
      """;

  private MillwrightConfig load(String yaml, Map<String, String> env) throws IOException {
    return ConfigLoader.load(
        Optional.of(Files.writeString(dir.resolve("millwright.yaml"), yaml)),
        Optional.empty(),
        env);
  }

  private String error(String yaml) {
    try {
      load(yaml, Map.of());
    } catch (ConfigException e) {
      return e.getMessage();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("no error for:\n" + yaml);
  }

  @Test
  void theSectionWithAnErpWhoseTokenComesFromTheEnvironment() throws IOException {
    MillwrightConfig c =
        load(
            MACHINE
                + """
                jobs:
                  release: auto
                  dispatch: manual
                  dispatchTimeout: 3s
                  products: { BRACKET-A: [press-01] }
                  groups: { presses: [press-01] }
                  erp:
                    type: rest
                    url: https://erp.example.com/api
                    token: "${ERP_TOKEN}"
                    fields: { orderNumber: AUFNR }
                    pollInterval: 5s
                """,
            Map.of("ERP_TOKEN", "s3cret-token"));
    JobsConfig jobs = c.jobs();
    assertThat(jobs.autoRelease()).contains(true);
    assertThat(jobs.autoDispatch()).isFalse();
    assertThat(jobs.dispatchTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(jobs.products()).containsEntry("BRACKET-A", List.of("press-01"));
    JobsConfig.Erp erp = jobs.erp().orElseThrow();
    assertThat(erp.secret().orElseThrow().reveal()).isEqualTo("s3cret-token");
    assertThat(erp.toString()).doesNotContain("s3cret-token");
    assertThat(erp.fields()).containsEntry("orderNumber", "AUFNR");
    assertThat(erp.pollInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(erp.webhook()).isTrue();
  }

  @Test
  void withoutTheSectionJobsAreReleasedByHandAndDispatchedByThemselves() throws IOException {
    JobsConfig jobs = load(MACHINE, Map.of()).jobs();
    assertThat(jobs.autoRelease()).isEmpty();
    assertThat(jobs.autoDispatch()).isTrue();
    assertThat(jobs.erp()).isEmpty();
  }

  @Test
  void badSettingsAreRefusedNamingTheKey() {
    assertThat(error(MACHINE + "jobs: { release: sometimes }"))
        .contains("jobs.release")
        .contains("must be auto or manual");
    assertThat(error(MACHINE + "jobs: { dispatchAttempts: 0 }")).contains("jobs.dispatchAttempts");
    assertThat(error(MACHINE + "jobs: { products: { BRACKET-A: [press-9] } }"))
        .contains("jobs.products.BRACKET-A")
        .contains("press-9");
    assertThat(error(MACHINE + "jobs: { groups: { press-01: [press-01] } }"))
        .contains("jobs.groups.press-01");
    assertThat(error(MACHINE + "jobs: { erp: { type: soap, url: x } }")).contains("jobs.erp.type");
    assertThat(error(MACHINE + "jobs: { erp: { type: rest, url: \"ftp://erp\" } }"))
        .contains("jobs.erp.url");
    assertThat(error(MACHINE + "jobs: { erp: { type: rest, url: \"https://erp\", token: plain } }"))
        .contains("jobs.erp.token")
        .contains("from the environment")
        .doesNotContain("plain");
    assertThat(
            error(
                MACHINE
                    + "jobs: { erp: { type: rest, url: \"https://erp\", token: \"${NOPE}\" } }"))
        .contains("NOPE");
    assertThat(
            error(
                MACHINE
                    + "jobs: { erp: { type: sql, url: \"jdbc:postgresql://h/db?password=x\" } }"))
        .contains("jobs.erp.url");
    assertThat(
            error(MACHINE + "jobs: { erp: { type: rest, url: \"https://erp\", ordersTable: t } }"))
        .contains("jobs.erp.ordersTable");
    assertThat(
            error(
                MACHINE
                    + "jobs: { erp: { type: rest, url: \"https://erp\", fields: { colour: x } } }"))
        .contains("jobs.erp.fields.colour");
    assertThat(error(MACHINE + "jobs: { shifts: 3 }")).contains("jobs").contains("shifts");
  }
}
