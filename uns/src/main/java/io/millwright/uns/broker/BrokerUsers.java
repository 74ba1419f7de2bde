package io.millwright.uns.broker;

import java.util.List;
import java.util.Optional;

/**
 * Who may connect to the embedded broker and what each may touch. The broker knows nothing of how
 * passwords are kept; the application answers from its credential store.
 */
@FunctionalInterface
public interface BrokerUsers {

  /**
   * Checks a CONNECT's user name and password. Called off the network threads; may be slow
   * (password hashing).
   *
   * @return the user's topic rules, or empty when the credentials are wrong
   */
  Optional<List<TopicRule>> authenticate(String user, byte[] password);
}
