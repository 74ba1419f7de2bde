package io.millwright.cloud.fleet;

import io.millwright.core.namespace.Names;
import java.util.Objects;
import java.util.Optional;

/**
 * A site the cloud takes batches from, as configured.
 *
 * @param id the site id its batches carry, a namespace name ({@code plant-1})
 * @param name what the fleet view calls it ({@code Plant 1, Brescia})
 * @param token the secret the site presents to the HTTPS endpoint; empty when it reaches the cloud
 *     only by MQTT or Kafka, whose brokers authenticate it
 */
public record RegisteredSite(String id, String name, Optional<String> token) {

  public RegisteredSite {
    Names.requireName("site id", id);
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("site " + id + " needs a name for the fleet view");
    }
    Objects.requireNonNull(token, "token");
    if (token.isPresent() && token.get().isEmpty()) {
      throw new IllegalArgumentException(
          "site " + id + " has an empty token: leave it out, or give a secret");
    }
  }

  /** Without the token: a site's description ends up in logs, its secret must not. */
  @Override
  public String toString() {
    return "RegisteredSite[id="
        + id
        + ", name="
        + name
        + ", token="
        + (token.isPresent() ? "(set)" : "(none)")
        + "]";
  }
}
