package io.millwright.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code publisher} and {@code cloud} sections: what they take, and what they refuse, where.
 */
class EdgeToCloudConfigTest {

  @TempDir Path dir;

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
  void aPublisherWithItsTokenFromTheEnvironment() throws IOException {
    PublisherConfig p =
        load(
                """
                publisher:
                  transport: https
                  url: https://cloud.example.com
                  token: "${CLOUD_TOKEN}"
                  drainRate: 5000
                  diskBudget: 512MiB
                  warnAt: 90%
                  batchInterval: 1s
                """,
                Map.of("CLOUD_TOKEN", "t0ken"))
            .publisher()
            .orElseThrow();
    assertThat(p.token().orElseThrow().reveal()).isEqualTo("t0ken");
    assertThat(p.token().orElseThrow().toString()).doesNotContain("t0ken");
    assertThat(p.drainRate()).isEqualTo(5000);
    assertThat(p.diskBudget()).isEqualTo(512L << 20);
    assertThat(p.warnAt()).isEqualTo(0.9);
    assertThat(p.batchInterval()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void publisherMistakesAreNamedWithTheirLine() {
    assertThat(error("publisher:\n  transport: ftp\n  url: ftp://x\n"))
        .contains("publisher.transport")
        .contains("https, mqtt or kafka");
    assertThat(error("publisher:\n  transport: https\n  url: https://c\n  token: literal\n"))
        .contains("publisher.token")
        .contains("environment");
    assertThat(error("publisher:\n  transport: https\n  url: https://u:p@c\n"))
        .contains("publisher.url")
        .contains("credentials");
    assertThat(error("publisher:\n  transport: kafka\n  url: not a server list\n"))
        .contains("publisher.url");
    assertThat(error("publisher:\n  transport: https\n  url: https://c\n  username: u\n"))
        .contains("publisher.username")
        .contains("transport mqtt");
    assertThat(error("publisher:\n  transport: https\n  url: https://c\n  batchInterval: 10s\n"))
        .contains("publisher.batchInterval");
    assertThat(error("publisher:\n  transport: https\n  url: https://c\n  diskBudget: 1MiB\n"))
        .contains("publisher.diskBudget");
    assertThat(error("publisher:\n  transport: https\n  url: https://c\n  warnAt: 120%\n"))
        .contains("publisher.warnAt");
    assertThat(error("publisher:\n  transport: https\n  url: https://c\n  colour: blue\n"))
        .contains("colour");
  }

  @Test
  void aCloudWithItsSites() throws IOException {
    CloudConfig c =
        load(
                """
                cloud:
                  sites:
                    - id: plant-1
                      name: Plant 1, Brescia
                      token: "${PLANT_1_TOKEN}"
                    - id: plant-2
                  kafka:
                    bootstrapServers: kafka-1:9093
                """,
                Map.of("PLANT_1_TOKEN", "abc"))
            .cloud()
            .orElseThrow();
    assertThat(c.sites()).extracting(CloudConfig.Site::id).containsExactly("plant-1", "plant-2");
    assertThat(c.sites().get(1).token()).isEmpty();
    assertThat(c.store()).isEqualTo(CloudConfig.EMBEDDED);
    assertThat(c.kafka().orElseThrow().topic()).isEqualTo("millwright.batches");
  }

  @Test
  void cloudMistakesAreNamedWithTheirLine() {
    assertThat(error("cloud:\n  sites:\n    - id: plant-1\n    - id: plant-1\n"))
        .contains("cloud.sites[1].id")
        .contains("twice");
    assertThat(error("cloud:\n  sites:\n    - id: Plant One\n")).contains("cloud.sites[0].id");
    assertThat(error("cloud:\n  sites:\n    - id: p\n      token: plain\n"))
        .contains("cloud.sites[0].token")
        .contains("environment");
    assertThat(error("cloud:\n  store: postgresql\n")).contains("cloud.postgresql");
    assertThat(error("cloud:\n  mqtt:\n    url: http://broker\n")).contains("cloud.mqtt.url");
    assertThat(error("cloud:\n  receiptRetention: 1h\n")).contains("cloud.receiptRetention");
  }
}
