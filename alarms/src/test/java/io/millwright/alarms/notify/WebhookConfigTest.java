package io.millwright.alarms.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.core.machine.DefinitionException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookConfigTest {

  private static final URI URL = URI.create("https://hooks.example.com/services/T0/B0/key123");

  @Test
  void fillsDefaults() {
    WebhookConfig c = new WebhookConfig("ops", URL, null, null, null, 100);

    assertThat(c.headers()).isEmpty();
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.filter()).isEqualTo(ChannelFilter.ALL);
  }

  @Test
  void toStringShowsNeitherHeaderValuesNorTheUrlsPath() {
    WebhookConfig c = new WebhookConfig("ops", URL, Map.of("Authorization", "Bearer tok-42"));

    assertThat(c.toString())
        .contains("Authorization", "https://hooks.example.com/…")
        .doesNotContain("tok-42", "key123", "services");
    assertThat(new WebhookChannel(c).toString()).doesNotContain("tok-42", "key123");
  }

  @Test
  void namesTheFieldAtFault() {
    assertThat(field(() -> new WebhookConfig("Ops", URL, Map.of()))).isEqualTo("name");
    assertThat(field(() -> new WebhookConfig("-ops", URL, Map.of()))).isEqualTo("name");
    assertThat(field(() -> new WebhookConfig("ops", URI.create("ftp://h/x"), Map.of())))
        .isEqualTo("url");
    assertThat(field(() -> new WebhookConfig("ops", URI.create("/relative"), Map.of())))
        .isEqualTo("url");
    assertThat(field(() -> new WebhookConfig("ops", URI.create("https://u:p@h/x"), Map.of())))
        .isEqualTo("url");
    assertThat(field(() -> new WebhookConfig("ops", URL, Map.of("Bad Name", "v"))))
        .isEqualTo("headers");
    assertThat(field(() -> new WebhookConfig("ops", URL, Map.of("Host", "v"))))
        .isEqualTo("headers.Host");
    assertThat(field(() -> new WebhookConfig("ops", URL, Map.of("X-Token", "a\r\nInjected: 1"))))
        .isEqualTo("headers.X-Token");
    assertThat(field(() -> new WebhookConfig("ops", URL, null, Duration.ZERO, null, 100)))
        .isEqualTo("timeout");
    assertThat(field(() -> new WebhookConfig("ops", URL, null, null, null, 0))).isEqualTo("batch");
  }

  @Test
  void headerErrorsDoNotEchoTheValue() {
    assertThatThrownBy(() -> new WebhookConfig("ops", URL, Map.of("X-Token", "s3cret\n")))
        .hasMessageNotContaining("s3cret");
  }

  private static String field(Runnable r) {
    try {
      r.run();
    } catch (DefinitionException e) {
      return e.field();
    }
    throw new AssertionError("accepted");
  }
}
