package io.millwright.app.config;

import io.millwright.uns.broker.TopicRule;
import io.millwright.web.users.PasswordHash;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The namespace's broker: the embedded one (default) or an external one ({@code mqtt.url}), and who
 * may use it.
 *
 * @param host listen address of the embedded broker
 * @param keyStore PKCS#12 key store with the broker's key and certificate; when set, the TLS
 *     listener runs on {@code tlsPort}
 * @param url an external broker; when set, the embedded broker does not run and every role connects
 *     there
 * @param username the user roles connect as to an external broker
 * @param users MQTT users of the embedded broker besides the admin, each with its topic rules
 * @param mirror whether this process runs the JSON mirror of the namespace
 */
public record MqttConfig(
    String host,
    int port,
    int tlsPort,
    Optional<Path> keyStore,
    Optional<Secret> keyStorePassword,
    Optional<String> url,
    Optional<String> username,
    Optional<Secret> password,
    List<User> users,
    boolean mirror) {

  public MqttConfig {
    users = List.copyOf(users);
  }

  public MqttConfig withMirror(boolean on) {
    return new MqttConfig(
        host, port, tlsPort, keyStore, keyStorePassword, url, username, password, users, on);
  }

  public boolean external() {
    return url.isPresent();
  }

  /**
   * An MQTT user of the embedded broker, with the hash of its password (from {@code millwright
   * passwd}).
   */
  public record User(String name, PasswordHash password, List<TopicRule> rules) {
    public User {
      rules = List.copyOf(rules);
    }
  }
}
