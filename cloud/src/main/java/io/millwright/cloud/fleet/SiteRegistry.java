package io.millwright.cloud.fleet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sites allowed to send to the cloud, from the configuration. A batch or status from any other
 * site is refused. Immutable and thread-safe.
 */
public final class SiteRegistry {

  private final Map<String, RegisteredSite> sites = new LinkedHashMap<>();
  // Digests, not the tokens: comparing equal-length digests takes the same time whatever the
  // presented token is, so its timing tells an attacker nothing about how much of it was right.
  private final Map<String, byte[]> tokenDigests = new LinkedHashMap<>();

  /** Compared against for a site without a token digest; random, so no token matches it. */
  private static final byte[] NO_TOKEN = randomDigest();

  /**
   * @param sites in the order the fleet view lists them
   * @throws IllegalArgumentException when two entries have the same id
   */
  public SiteRegistry(List<RegisteredSite> sites) {
    for (RegisteredSite site : sites) {
      if (this.sites.putIfAbsent(site.id(), site) != null) {
        throw new IllegalArgumentException(
            "site " + site.id() + " is registered twice; each site id once");
      }
      site.token().ifPresent(t -> tokenDigests.put(site.id(), sha256(t)));
    }
  }

  /** Every registered site, in configuration order. */
  public List<RegisteredSite> sites() {
    return List.copyOf(sites.values());
  }

  public Optional<RegisteredSite> find(String id) {
    return Optional.ofNullable(sites.get(id));
  }

  /**
   * Whether the token is the site's, in constant time. False for an unknown site, a site without a
   * token and a missing token alike.
   */
  public boolean tokenMatches(String site, String presentedToken) {
    if (presentedToken == null) {
      return false;
    }
    byte[] expected = tokenDigests.get(site);
    // An unknown site (or one without a token) costs the same digest and comparison as a known
    // one, so the answer's timing does not tell an anonymous caller which site ids exist.
    boolean matches =
        MessageDigest.isEqual(expected == null ? NO_TOKEN : expected, sha256(presentedToken));
    return expected != null && matches;
  }

  private static byte[] randomDigest() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
