package io.millwright.publisher.transport;

import io.millwright.core.namespace.Names;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Where and as whom {@link HttpsTransport} posts.
 *
 * @param baseUrl the cloud role, {@code https://cloud.example.com} (a path prefix is kept). Plain
 *     {@code http://} is accepted only to a loopback host (127.0.0.0/8, ::1, localhost), for the
 *     demo: it sends the token and the data in clear text
 * @param site this site's id, as the cloud registered it
 * @param token the site's bearer token; never in messages, logs or {@link #toString()}
 * @param trustStore PKCS#12 trust store with the authority of the cloud's certificate; empty trusts
 *     the JDK's authorities
 * @param timeout how long one request may take, connecting included
 */
public record HttpsTransportConfig(
    URI baseUrl,
    String site,
    Optional<String> token,
    Optional<Path> trustStore,
    Optional<String> trustStorePassword,
    Duration timeout) {

  public HttpsTransportConfig {
    if (baseUrl == null) {
      throw new IllegalArgumentException("the cloud's URL is missing");
    }
    String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException(
          "the cloud's URL must start with https:// (http:// for a demo on loopback), not \""
              + scheme
              + "\"");
    }
    if (baseUrl.getHost() == null) {
      throw new IllegalArgumentException("the cloud's URL has no host");
    }
    if (scheme.equals("http") && !loopback(baseUrl.getHost())) {
      throw new IllegalArgumentException(
          "the cloud's URL "
              + baseUrl
              + " is plain http://, which sends the site's token in clear text: use https://"
              + " (http:// is accepted only to a loopback host, 127.0.0.1, ::1 or localhost)");
    }
    if (baseUrl.getRawUserInfo() != null
        || baseUrl.getRawQuery() != null
        || baseUrl.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "the cloud's URL is scheme://host[:port][/path], without user, query or fragment"
              + " (the token goes in token)");
    }
    Names.requireName("site id", site);
    token = token == null ? Optional.empty() : token;
    if (token.isPresent()
        && (token.get().isBlank() || !token.get().chars().allMatch(c -> c > 32 && c < 127))) {
      throw new IllegalArgumentException(
          "the cloud token is blank or has characters a header cannot carry");
    }
    trustStore = trustStore == null ? Optional.empty() : trustStore;
    trustStorePassword = trustStorePassword == null ? Optional.empty() : trustStorePassword;
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the cloud timeout must be positive");
    }
  }

  /** Posts as {@code site} to {@code baseUrl} with a token, the JDK's authorities, 30 s. */
  public static HttpsTransportConfig of(URI baseUrl, String site, String token) {
    return new HttpsTransportConfig(
        baseUrl,
        site,
        Optional.ofNullable(token),
        Optional.empty(),
        Optional.empty(),
        Duration.ofSeconds(30));
  }

  /**
   * Whether the host is a loopback address, judged from its text alone: no name lookup, which a
   * resolver could answer with any address.
   */
  private static boolean loopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("localhost") || h.equals("[::1]") || h.equals("::1")) {
      return true;
    }
    String[] parts = h.split("\\.", -1);
    if (parts.length != 4 || !parts[0].equals("127")) {
      return false;
    }
    for (String part : parts) {
      if (!part.matches("[0-9]{1,3}") || Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  /** Whether requests go in clear text (http://): the demo on loopback only. */
  public boolean plain() {
    return "http".equalsIgnoreCase(baseUrl.getScheme());
  }

  /** The base URL without a trailing slash. */
  String base() {
    String s = baseUrl.toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  @Override
  public String toString() {
    return "HttpsTransportConfig[baseUrl="
        + baseUrl
        + ", site="
        + site
        + ", token="
        + (token.isPresent() ? "***" : "none")
        + ", trustStore="
        + trustStore.map(Path::toString).orElse("JDK")
        + ", trustStorePassword="
        + (trustStorePassword.isPresent() ? "***" : "none")
        + ", timeout="
        + timeout
        + "]";
  }
}
