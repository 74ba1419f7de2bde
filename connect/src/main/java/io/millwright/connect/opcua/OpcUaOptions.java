package io.millwright.connect.opcua;

import io.millwright.connect.PasswordOption;
import io.millwright.core.machine.DefinitionException;
import io.millwright.core.time.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;

/**
 * The {@code options} of an OPC UA machine, checked once at {@code create()} so that a typo fails
 * at start with the key named, not at 3 a.m. with a cryptic handshake error.
 *
 * @param credentials empty for an anonymous session
 * @param publishingInterval empty to publish at the fastest sampling interval of the machine
 */
record OpcUaOptions(
    SecurityPolicy securityPolicy,
    MessageSecurityMode securityMode,
    Optional<Credentials> credentials,
    int queueSize,
    Optional<Duration> publishingInterval,
    ServerTrust serverTrust) {

  static final List<String> KEYS =
      List.of(
          "securityPolicy",
          "securityMode",
          "username",
          "password",
          "passwordEnv",
          "queueSize",
          "publishingInterval",
          "trustServerCertificate");

  /** Monitored item queues beyond this only hide a publishing interval that is too slow. */
  static final int MAX_QUEUE_SIZE = 10_000;

  /** How the server's application certificate is judged. */
  enum ServerTrust {
    /** Any certificate: for commissioning and demos only. */
    ALWAYS("always"),
    /** Only certificates in {@code <pki>/trusted/certs}; others go to {@code <pki>/rejected}. */
    TRUST_LIST("trust-list");

    final String configName;

    ServerTrust(String configName) {
      this.configName = configName;
    }
  }

  /** A user name and password; the password never appears in toString or logs. */
  record Credentials(String username, String password) {
    @Override
    public String toString() {
      return "Credentials[username=" + username + ", password=***]";
    }
  }

  static OpcUaOptions anonymousNone() {
    return new OpcUaOptions(
        SecurityPolicy.None,
        MessageSecurityMode.None,
        Optional.empty(),
        1,
        Optional.empty(),
        ServerTrust.TRUST_LIST);
  }

  /**
   * @param environment looks up environment variables (for {@code passwordEnv}); a parameter so
   *     that tests need not change the process environment
   * @throws DefinitionException naming {@code options.<key>}
   */
  static OpcUaOptions parse(Map<String, String> options, UnaryOperator<String> environment) {
    Map<String, String> given = options == null ? Map.of() : options;
    TreeSet<String> unknown = new TreeSet<>(given.keySet());
    KEYS.forEach(unknown::remove);
    if (!unknown.isEmpty()) {
      throw new DefinitionException(
          "options." + unknown.first(),
          "is not an OPC UA option; the accepted options are " + String.join(", ", KEYS));
    }
    SecurityPolicy policy = parsePolicy(given.get("securityPolicy"));
    MessageSecurityMode mode = parseMode(given.get("securityMode"), policy);
    return new OpcUaOptions(
        policy,
        mode,
        parseCredentials(given, environment),
        parseQueueSize(given.get("queueSize")),
        parsePublishingInterval(given.get("publishingInterval")),
        parseTrust(given.get("trustServerCertificate")));
  }

  private static SecurityPolicy parsePolicy(String text) {
    if (text == null) {
      return SecurityPolicy.None;
    }
    return switch (text.strip()) {
      case "None" -> SecurityPolicy.None;
      case "Basic256Sha256" -> SecurityPolicy.Basic256Sha256;
      default ->
          throw new DefinitionException(
              "options.securityPolicy",
              "\"" + text + "\" is not supported; use None or Basic256Sha256");
    };
  }

  private static MessageSecurityMode parseMode(String text, SecurityPolicy policy) {
    boolean secure = policy != SecurityPolicy.None;
    if (text == null) {
      return secure ? MessageSecurityMode.SignAndEncrypt : MessageSecurityMode.None;
    }
    MessageSecurityMode mode =
        switch (text.strip()) {
          case "None" -> MessageSecurityMode.None;
          case "Sign" -> MessageSecurityMode.Sign;
          case "SignAndEncrypt" -> MessageSecurityMode.SignAndEncrypt;
          default ->
              throw new DefinitionException(
                  "options.securityMode",
                  "\"" + text + "\" is not a security mode; use None, Sign or SignAndEncrypt");
        };
    if (secure && mode == MessageSecurityMode.None) {
      throw new DefinitionException(
          "options.securityMode",
          "None contradicts securityPolicy " + policy.name() + "; use Sign or SignAndEncrypt");
    }
    if (!secure && mode != MessageSecurityMode.None) {
      throw new DefinitionException(
          "options.securityMode",
          mode.name() + " needs a securityPolicy such as Basic256Sha256, and it is None");
    }
    return mode;
  }

  private static Optional<Credentials> parseCredentials(
      Map<String, String> given, UnaryOperator<String> environment) {
    String username = given.get("username");
    if (username != null && username.isBlank()) {
      throw new DefinitionException("options.username", "is empty");
    }
    Optional<String> password = PasswordOption.read(given, "username", environment);
    if (username == null) {
      return Optional.empty();
    }
    if (password.isEmpty()) {
      throw new DefinitionException(
          "options.password", "is missing for options.username; or name a variable in passwordEnv");
    }
    return Optional.of(new Credentials(username.strip(), password.get()));
  }

  private static int parseQueueSize(String text) {
    if (text == null) {
      return 1;
    }
    try {
      int size = Integer.parseInt(text.strip());
      if (size >= 1 && size <= MAX_QUEUE_SIZE) {
        return size;
      }
    } catch (NumberFormatException e) {
      // reported below with the accepted range
    }
    throw new DefinitionException(
        "options.queueSize", "\"" + text + "\" is not a whole number from 1 to " + MAX_QUEUE_SIZE);
  }

  private static Optional<Duration> parsePublishingInterval(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Duration interval;
    try {
      interval = Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new DefinitionException("options.publishingInterval", e.getMessage());
    }
    if (interval.toMillis() < 1 || interval.compareTo(Duration.ofHours(1)) > 0) {
      throw new DefinitionException(
          "options.publishingInterval", "must be between 1ms and 1h, not " + text.strip());
    }
    return Optional.of(interval);
  }

  private static ServerTrust parseTrust(String text) {
    if (text == null) {
      return ServerTrust.TRUST_LIST;
    }
    String wanted = text.strip().toLowerCase(Locale.ROOT);
    for (ServerTrust trust : ServerTrust.values()) {
      if (trust.configName.equals(wanted)) {
        return trust;
      }
    }
    throw new DefinitionException(
        "options.trustServerCertificate",
        "\"" + text + "\" is not known; use trust-list or always");
  }
}
