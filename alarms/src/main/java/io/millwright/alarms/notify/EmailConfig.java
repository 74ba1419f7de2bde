package io.millwright.alarms.notify;

import io.millwright.core.machine.DefinitionException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * An e-mail digest channel: at most one mail per {@code every}, over SMTP.
 *
 * @param name the channel's id and cursor key, e.g. {@code email}
 * @param site the site's name, shown in the subject: {@code [Millwright plant-1] ...}
 * @param port the SMTP port; 0 for the security's usual one (25, 587 or 465)
 * @param user the SMTP login; empty for none
 * @param password the SMTP password, a secret: never shown by {@link #toString()}
 * @param every the least time between two mails; null for 1 minute
 * @param timeout how long connecting, reading and writing may each take; null for 10 s
 * @param filter which entries it takes; null for all
 */
public record EmailConfig(
    String name,
    String site,
    String host,
    int port,
    Security security,
    String user,
    String password,
    String from,
    List<String> to,
    Duration every,
    Duration timeout,
    ChannelFilter filter) {

  /** How the SMTP connection is protected. */
  public enum Security {
    /** Plain SMTP, for a relay on the plant network. */
    NONE(25),
    /** Plain then upgraded with STARTTLS, which is required. */
    STARTTLS(587),
    /** TLS from the first byte (SMTPS). */
    TLS(465);

    private final int port;

    Security(int port) {
      this.port = port;
    }

    /** The usual port. */
    public int port() {
      return port;
    }

    /** The name in configuration: {@code none}, {@code starttls}, {@code tls}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws DefinitionException on {@code security}, listing the names
     */
    public static Security parse(String text) {
      for (Security s : values()) {
        if (s.wireName().equals(text)) {
          return s;
        }
      }
      throw new DefinitionException(
          "security", "\"" + text + "\" is not one of none, starttls, tls");
    }
  }

  /** The gap between mails unless set. */
  public static final Duration DEFAULT_EVERY = Duration.ofMinutes(1);

  /** The SMTP timeout unless set. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * @throws DefinitionException naming the field at fault
   */
  public EmailConfig {
    ChannelNames.check(name);
    if (site == null || site.isBlank() || site.chars().anyMatch(Character::isISOControl)) {
      throw new DefinitionException("site", "needs a name without control characters");
    }
    if (host == null || host.isBlank() || host.chars().anyMatch(c -> c <= ' ')) {
      throw new DefinitionException("host", "needs a host name or address");
    }
    security = security == null ? Security.STARTTLS : security;
    port = port == 0 ? security.port() : port;
    if (port < 1 || port > 65535) {
      throw new DefinitionException("port", "must be from 1 to 65535, not " + port);
    }
    user = user == null ? "" : user;
    password = password == null ? "" : password;
    if (user.isEmpty() != password.isEmpty()) {
      throw new DefinitionException("password", "user and password go together");
    }
    checkAddress("from", from);
    if (to == null || to.isEmpty()) {
      throw new DefinitionException("to", "needs at least one address");
    }
    to = List.copyOf(to);
    for (int i = 0; i < to.size(); i++) {
      checkAddress("to[" + i + "]", to.get(i));
    }
    every = every == null ? DEFAULT_EVERY : every;
    if (every.isNegative() || every.isZero()) {
      throw new DefinitionException("every", "must be above 0");
    }
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new DefinitionException("timeout", "must be above 0 and at most 5 minutes");
    }
    filter = filter == null ? ChannelFilter.ALL : filter;
  }

  private static void checkAddress(String field, String address) {
    try {
      new InternetAddress(address == null ? "" : address, true).validate();
    } catch (AddressException e) {
      throw new DefinitionException(field, "\"" + address + "\" is not an e-mail address");
    }
  }

  /** The same channel for a site whose name is known only once the configuration is resolved. */
  public EmailConfig withSite(String siteName) {
    return new EmailConfig(
        name, siteName, host, port, security, user, password, from, to, every, timeout, filter);
  }

  /** Whether it logs in. */
  public boolean authenticates() {
    return !user.isEmpty();
  }

  /** Everything but the password. */
  @Override
  public String toString() {
    return "EmailConfig[name="
        + name
        + ", site="
        + site
        + ", host="
        + host
        + ", port="
        + port
        + ", security="
        + security.wireName()
        + ", user="
        + user
        + ", password="
        + (password.isEmpty() ? "" : "***")
        + ", from="
        + from
        + ", to="
        + to
        + ", every="
        + every
        + ", timeout="
        + timeout
        + ", filter="
        + filter
        + "]";
  }
}
