package io.millwright.app.broker;

import io.millwright.app.config.MqttConfig;
import io.millwright.app.security.AdminCredential;
import io.millwright.uns.broker.BrokerUsers;
import io.millwright.uns.broker.TopicRule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Who may connect to the embedded broker: the admin (everything), the roles of this process through
 * a service account whose password lives only in memory (everything), and the users of {@code
 * mqtt.users} (their own topic rules).
 */
final class BrokerCredentials implements BrokerUsers {

  /**
   * The account the roles of this process use; its password is new at every start and never leaves
   * the process.
   */
  static final String SERVICE_USER = "millwright";

  private static final List<TopicRule> EVERYTHING = List.of(TopicRule.all("#"));

  private final AdminCredential admin;
  private final byte[] servicePassword;
  private final Map<String, MqttConfig.User> users;

  BrokerCredentials(AdminCredential admin, List<MqttConfig.User> users) {
    this.admin = admin;
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    this.servicePassword =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(random)
            .getBytes(StandardCharsets.US_ASCII);
    this.users =
        users.stream().collect(Collectors.toMap(MqttConfig.User::name, Function.identity()));
  }

  String servicePassword() {
    return new String(servicePassword, StandardCharsets.US_ASCII);
  }

  @Override
  public Optional<List<TopicRule>> authenticate(String user, byte[] password) {
    if (SERVICE_USER.equals(user)) {
      return MessageDigest.isEqual(servicePassword, password)
          ? Optional.of(EVERYTHING)
          : Optional.empty();
    }
    if (AdminCredential.USER.equals(user)) {
      return admin.matches(user, new String(password, StandardCharsets.UTF_8))
          ? Optional.of(EVERYTHING)
          : Optional.empty();
    }
    MqttConfig.User configured = users.get(user);
    if (configured != null && configured.password().matches(password)) {
      return Optional.of(configured.rules());
    }
    return Optional.empty();
  }
}
