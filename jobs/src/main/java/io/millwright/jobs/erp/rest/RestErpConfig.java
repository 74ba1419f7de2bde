package io.millwright.jobs.erp.rest;

import io.millwright.jobs.erp.json.FieldNames;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how the generic REST adapter talks to an ERP.
 *
 * @param baseUrl http or https, e.g. {@code https://erp.example.com/api}; no credentials, query or
 *     fragment (a trailing slash is dropped)
 * @param bearerToken sent as {@code Authorization: Bearer ...}; a secret, never printed
 * @param fieldNames the ERP's names for the order fields
 * @param requestTimeout how long one request may take, connecting included
 * @param ordersPath appended to the base URL to fetch orders
 * @param confirmationsPath appended to the base URL to post confirmations
 */
public record RestErpConfig(
    URI baseUrl,
    Optional<String> bearerToken,
    FieldNames fieldNames,
    Duration requestTimeout,
    String ordersPath,
    String confirmationsPath) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  public static final String DEFAULT_ORDERS_PATH = "/orders";
  public static final String DEFAULT_CONFIRMATIONS_PATH = "/confirmations";

  private static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

  public RestErpConfig {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(bearerToken, "bearerToken");
    Objects.requireNonNull(fieldNames, "fieldNames");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    baseUrl = checkedBase(baseUrl);
    bearerToken.ifPresent(RestErpConfig::checkToken);
    if (requestTimeout.isNegative()
        || requestTimeout.isZero()
        || requestTimeout.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          "requestTimeout must be above zero and at most "
              + MAX_TIMEOUT
              + ", not "
              + requestTimeout);
    }
    checkPath("ordersPath", ordersPath);
    checkPath("confirmationsPath", confirmationsPath);
  }

  /**
   * The defaults: no token, documented field names, 10 s, {@code /orders}, {@code /confirmations}.
   */
  public static RestErpConfig of(URI baseUrl) {
    return new RestErpConfig(
        baseUrl,
        Optional.empty(),
        FieldNames.DEFAULT,
        DEFAULT_TIMEOUT,
        DEFAULT_ORDERS_PATH,
        DEFAULT_CONFIRMATIONS_PATH);
  }

  public RestErpConfig withBearerToken(String token) {
    return new RestErpConfig(
        baseUrl, Optional.of(token), fieldNames, requestTimeout, ordersPath, confirmationsPath);
  }

  public RestErpConfig withFieldNames(FieldNames names) {
    return new RestErpConfig(
        baseUrl, bearerToken, names, requestTimeout, ordersPath, confirmationsPath);
  }

  public RestErpConfig withRequestTimeout(Duration timeout) {
    return new RestErpConfig(
        baseUrl, bearerToken, fieldNames, timeout, ordersPath, confirmationsPath);
  }

  public RestErpConfig withPaths(String orders, String confirmations) {
    return new RestErpConfig(
        baseUrl, bearerToken, fieldNames, requestTimeout, orders, confirmations);
  }

  /** Without the token: it is a secret. */
  @Override
  public String toString() {
    return "RestErpConfig[baseUrl="
        + baseUrl
        + ", bearerToken="
        + (bearerToken.isPresent() ? "(set)" : "(none)")
        + ", fieldNames="
        + fieldNames
        + ", requestTimeout="
        + requestTimeout
        + ", ordersPath="
        + ordersPath
        + ", confirmationsPath="
        + confirmationsPath
        + "]";
  }

  private static URI checkedBase(URI url) {
    String scheme = url.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      throw new IllegalArgumentException("baseUrl must be http or https, not " + url);
    }
    if (url.getHost() == null) {
      throw new IllegalArgumentException("baseUrl has no host: " + url);
    }
    // Credentials in the URL would show up wherever the URL is printed: use bearerToken.
    if (url.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "baseUrl must not hold credentials; give a bearer token instead");
    }
    if (url.getRawQuery() != null || url.getRawFragment() != null) {
      throw new IllegalArgumentException("baseUrl must have no query or fragment: " + url);
    }
    String text = url.toString();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    return URI.create(text);
  }

  private static void checkToken(String token) {
    // A line break in a header value would let the token inject headers.
    if (token.isBlank() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      throw new IllegalArgumentException(
          "bearerToken must be non-empty printable ASCII without spaces");
    }
  }

  private static void checkPath(String name, String path) {
    Objects.requireNonNull(path, name);
    if (!path.startsWith("/") || path.contains("?") || path.contains("#") || path.contains(" ")) {
      throw new IllegalArgumentException(
          name + " must start with / and have no query, fragment or space, not \"" + path + "\"");
    }
  }
}
