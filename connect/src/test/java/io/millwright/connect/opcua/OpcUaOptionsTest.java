package io.millwright.connect.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.core.machine.DefinitionException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.junit.jupiter.api.Test;

class OpcUaOptionsTest {

  private static OpcUaOptions parse(Map<String, String> options) {
    return OpcUaOptions.parse(options, name -> name.equals("PRESS_PASSWORD") ? "from-env" : null);
  }

  private static String field(Map<String, String> options) {
    try {
      parse(options);
      return "";
    } catch (DefinitionException e) {
      return e.field();
    }
  }

  @Test
  void defaultsAreAnonymousAndUnsecured() {
    OpcUaOptions options = parse(Map.of());
    assertThat(options.securityPolicy()).isEqualTo(SecurityPolicy.None);
    assertThat(options.securityMode()).isEqualTo(MessageSecurityMode.None);
    assertThat(options.credentials()).isEmpty();
    assertThat(options.queueSize()).isEqualTo(1);
    assertThat(options.publishingInterval()).isEmpty();
    assertThat(options.serverTrust()).isEqualTo(OpcUaOptions.ServerTrust.TRUST_LIST);
  }

  @Test
  void basic256Sha256DefaultsToSignAndEncrypt() {
    OpcUaOptions options =
        parse(
            Map.of(
                "securityPolicy", "Basic256Sha256",
                "username", "press",
                "passwordEnv", "PRESS_PASSWORD",
                "queueSize", "10",
                "publishingInterval", "250ms",
                "trustServerCertificate", "always"));
    assertThat(options.securityMode()).isEqualTo(MessageSecurityMode.SignAndEncrypt);
    assertThat(options.credentials()).contains(new OpcUaOptions.Credentials("press", "from-env"));
    assertThat(options.credentials().orElseThrow().toString()).doesNotContain("from-env");
    assertThat(options.queueSize()).isEqualTo(10);
    assertThat(options.publishingInterval()).contains(Duration.ofMillis(250));
    assertThat(options.serverTrust()).isEqualTo(OpcUaOptions.ServerTrust.ALWAYS);
    assertThat(
            parse(Map.of("securityPolicy", "Basic256Sha256", "securityMode", "Sign"))
                .securityMode())
        .isEqualTo(MessageSecurityMode.Sign);
  }

  @Test
  void eachMistakeNamesItsOption() {
    assertThatThrownBy(() -> parse(Map.of("securityPolcy", "None")))
        .isInstanceOf(DefinitionException.class)
        .hasMessageContaining("options.securityPolcy")
        .hasMessageContaining("securityPolicy, securityMode, username");
    assertThat(field(Map.of("securityPolicy", "Basic128"))).isEqualTo("options.securityPolicy");
    assertThat(field(Map.of("securityMode", "Sign"))).isEqualTo("options.securityMode");
    assertThat(field(Map.of("securityPolicy", "Basic256Sha256", "securityMode", "None")))
        .isEqualTo("options.securityMode");
    assertThat(field(Map.of("password", "x"))).isEqualTo("options.password");
    assertThat(field(Map.of("username", "u"))).isEqualTo("options.password");
    assertThat(field(Map.of("username", "u", "password", "p", "passwordEnv", "PRESS_PASSWORD")))
        .isEqualTo("options.passwordEnv");
    assertThat(field(Map.of("username", "u", "passwordEnv", "UNSET")))
        .isEqualTo("options.passwordEnv");
    assertThat(field(Map.of("queueSize", "0"))).isEqualTo("options.queueSize");
    assertThat(field(Map.of("queueSize", "many"))).isEqualTo("options.queueSize");
    assertThat(field(Map.of("publishingInterval", "100"))).isEqualTo("options.publishingInterval");
    assertThat(field(Map.of("trustServerCertificate", "sometimes")))
        .isEqualTo("options.trustServerCertificate");
  }

  @Test
  void aPasswordNeverAppearsInAnError() {
    assertThatThrownBy(
            () -> parse(Map.of("username", "u", "password", "hunter2", "queueSize", "x")))
        .message()
        .doesNotContain("hunter2");
  }

  @Property(tries = 1000)
  void anyOptionsEitherParseOrNameAnAcceptedOrUnknownKey(
      @ForAll("options") Map<String, String> options) {
    try {
      OpcUaOptions parsed = parse(options);
      assertThat(parsed.queueSize()).isBetween(1, OpcUaOptions.MAX_QUEUE_SIZE);
      assertThat(parsed.securityMode() == MessageSecurityMode.None)
          .isEqualTo(parsed.securityPolicy() == SecurityPolicy.None);
    } catch (DefinitionException e) {
      assertThat(e.field()).startsWith("options.");
      String key = e.field().substring("options.".length());
      assertThat(OpcUaOptions.KEYS.contains(key) || options.containsKey(key)).isTrue();
      // The password never shows; the same text given as another option's (bad) value may.
      Optional.ofNullable(options.get("password"))
          .filter(p -> p.equals("secret-pw"))
          .filter(p -> options.entrySet().stream().filter(o -> o.getValue().equals(p)).count() == 1)
          .ifPresent(p -> assertThat(e.getMessage()).doesNotContain(p));
    }
  }

  @Provide
  Arbitrary<Map<String, String>> options() {
    Arbitrary<String> keys =
        Arbitraries.oneOf(
            Arbitraries.of(OpcUaOptions.KEYS), Arbitraries.strings().alpha().ofLength(5));
    Arbitrary<String> values =
        Arbitraries.oneOf(
            Arbitraries.of(
                "None",
                "Sign",
                "SignAndEncrypt",
                "Basic256Sha256",
                "always",
                "trust-list",
                "5",
                "0",
                "500ms",
                "2h",
                "PRESS_PASSWORD",
                "secret-pw"),
            Arbitraries.strings().ofMaxLength(8));
    return Arbitraries.maps(keys, values).ofMaxSize(5).map(HashMap::new);
  }
}
