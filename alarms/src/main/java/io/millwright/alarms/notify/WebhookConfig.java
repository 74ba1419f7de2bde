package io.millwright.alarms.notify;

import io.millwright.core.machine.DefinitionException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A webhook channel: JSON batches POSTed to a URL.
 *
 * <p>Header values and the URL's path and query are treated as secrets (a bearer token, a chat
 * service's webhook key): {@link #toString()} shows only the header names and the URL's scheme and
 * authority.
 *
 * @param name the channel's id and cursor key: 1 to 63 of a-z, 0-9 and dashes
 * @param url where to POST: http or https (https with the JDK's trust store)
 * @param headers extra request headers, e.g. {@code Authorization}
 * @param timeout how long one request may take, connecting included; null for 5 s
 * @param filter which entries it takes; null for all
 * @param batch the most events per request, 1 to 1000
 */
public record WebhookConfig(
    String name,
    URI url,
    Map<String, String> headers,
    Duration timeout,
    ChannelFilter filter,
    int batch) {

  /** The request timeout when none is set. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  /** Events per request unless set. */
  public static final int DEFAULT_BATCH = 100;

  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  // Set by the JDK's client or by the channel itself; a configured one would clash.
  private static final Set<String> RESERVED =
      Set.of(
          "connection",
          "content-length",
          "content-type",
          "expect",
          "host",
          "idempotency-key",
          "upgrade");

  /**
   * @throws DefinitionException naming the field at fault
   */
  public WebhookConfig {
    ChannelNames.check(name);
    checkUrl(url);
    headers = checkHeaders(headers);
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new DefinitionException("timeout", "must be above 0 and at most 5 minutes");
    }
    filter = filter == null ? ChannelFilter.ALL : filter;
    if (batch < 1 || batch > 1000) {
      throw new DefinitionException("batch", "must be from 1 to 1000, not " + batch);
    }
  }

  /** A webhook with the default timeout and batch, taking every entry. */
  public WebhookConfig(String name, URI url, Map<String, String> headers) {
    this(name, url, headers, DEFAULT_TIMEOUT, ChannelFilter.ALL, DEFAULT_BATCH);
  }

  private static void checkUrl(URI url) {
    if (url == null) {
      throw new DefinitionException("url", "is required");
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new DefinitionException("url", "must be an http or https URL");
    }
    if (url.getHost() == null || url.getHost().isEmpty()) {
      throw new DefinitionException("url", "has no host");
    }
    if (url.getRawUserInfo() != null) {
      throw new DefinitionException(
          "url", "must not hold credentials; put them in a header such as Authorization");
    }
  }

  private static Map<String, String> checkHeaders(Map<String, String> headers) {
    if (headers == null) {
      return Map.of();
    }
    for (Map.Entry<String, String> h : headers.entrySet()) {
      String key = h.getKey();
      if (key == null || !TOKEN.matcher(key).matches()) {
        throw new DefinitionException("headers", "\"" + key + "\" is not a header name");
      }
      if (RESERVED.contains(key.toLowerCase(Locale.ROOT))) {
        throw new DefinitionException("headers." + key, "is set by Millwright and cannot be set");
      }
      String value = h.getValue();
      // Value not echoed: it is likely a secret.
      if (value == null || value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f)) {
        throw new DefinitionException("headers." + key, "needs a value without control characters");
      }
    }
    return Map.copyOf(headers);
  }

  /** The URL as far as it may be shown: scheme and authority. */
  public String safeUrl() {
    boolean more =
        url.getRawPath() != null && url.getRawPath().length() > 1 || url.getRawQuery() != null;
    return url.getScheme() + "://" + url.getRawAuthority() + (more ? "/…" : "/");
  }

  /** Shows header names only and the URL without its path. */
  @Override
  public String toString() {
    return "WebhookConfig[name="
        + name
        + ", url="
        + safeUrl()
        + ", headers="
        + new TreeMap<>(headers).keySet()
        + ", timeout="
        + timeout
        + ", filter="
        + filter
        + ", batch="
        + batch
        + "]";
  }
}
