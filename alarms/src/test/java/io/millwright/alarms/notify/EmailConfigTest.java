package io.millwright.alarms.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.core.machine.DefinitionException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmailConfigTest {

  private static EmailConfig config(
      String host, int port, EmailConfig.Security security, String user, String password) {
    return new EmailConfig(
        "email",
        "plant-1",
        host,
        port,
        security,
        user,
        password,
        "millwright@plant.example",
        List.of("maintenance@plant.example"),
        null,
        null,
        null);
  }

  @Test
  void fillsDefaultsFromTheSecurity() {
    EmailConfig c = config("smtp.example", 0, null, null, null);

    assertThat(c.security()).isEqualTo(EmailConfig.Security.STARTTLS);
    assertThat(c.port()).isEqualTo(587);
    assertThat(c.every()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.authenticates()).isFalse();
    assertThat(config("h", 0, EmailConfig.Security.TLS, "", "").port()).isEqualTo(465);
  }

  @Test
  void toStringHidesThePassword() {
    EmailConfig c = config("smtp.example", 0, EmailConfig.Security.TLS, "alarms", "pw-9876");

    assertThat(c.toString()).contains("alarms", "***").doesNotContain("pw-9876");
    assertThat(new EmailChannel(c).toString()).doesNotContain("pw-9876");
  }

  @Test
  void parsesSecurityNames() {
    assertThat(EmailConfig.Security.parse("starttls")).isEqualTo(EmailConfig.Security.STARTTLS);
    assertThatThrownBy(() -> EmailConfig.Security.parse("ssl"))
        .isInstanceOf(DefinitionException.class)
        .hasMessageContaining("none, starttls, tls");
  }

  @Test
  void namesTheFieldAtFault() {
    assertThat(field(() -> config("", 0, null, null, null))).isEqualTo("host");
    assertThat(field(() -> config("h", 70000, null, null, null))).isEqualTo("port");
    assertThat(field(() -> config("h", 0, null, "alarms", ""))).isEqualTo("password");
    assertThat(
            field(
                () ->
                    new EmailConfig(
                        "email",
                        "plant-1",
                        "h",
                        0,
                        null,
                        "",
                        "",
                        "not an address",
                        List.of("a@b.example"),
                        null,
                        null,
                        null)))
        .isEqualTo("from");
    assertThat(
            field(
                () ->
                    new EmailConfig(
                        "email",
                        "plant-1",
                        "h",
                        0,
                        null,
                        "",
                        "",
                        "a@b.example",
                        List.of("a@b.example", "x@y\r\nBcc: evil@z"),
                        null,
                        null,
                        null)))
        .isEqualTo("to[1]");
    assertThat(
            field(
                () ->
                    new EmailConfig(
                        "email",
                        "plant-1",
                        "h",
                        0,
                        null,
                        "",
                        "",
                        "a@b.example",
                        List.of(),
                        null,
                        null,
                        null)))
        .isEqualTo("to");
    assertThat(
            field(
                () ->
                    new EmailConfig(
                        "email",
                        "plant\n1",
                        "h",
                        0,
                        null,
                        "",
                        "",
                        "a@b.example",
                        List.of("a@b.example"),
                        null,
                        null,
                        null)))
        .isEqualTo("site");
    assertThat(
            field(
                () ->
                    new EmailConfig(
                        "Email",
                        "plant-1",
                        "h",
                        0,
                        null,
                        "",
                        "",
                        "a@b.example",
                        List.of("a@b.example"),
                        null,
                        null,
                        null)))
        .isEqualTo("name");
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
