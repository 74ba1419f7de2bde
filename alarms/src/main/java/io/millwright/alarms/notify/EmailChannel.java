package io.millwright.alarms.notify;

import io.millwright.alarms.engine.AlarmEvent;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/**
 * Sends alarm digests by SMTP with Angus Mail: at most one mail per {@link EmailConfig#every()},
 * holding up to {@link #MAX_EVENTS} entries, one line each. SMTP failures are always retried, never
 * skipped: they come from the server or its configuration, not from an entry.
 */
public final class EmailChannel implements Channel {

  /** The most entries in one mail. */
  public static final int MAX_EVENTS = 50;

  private final EmailConfig config;
  private final Session session;

  /** A channel for the configuration; connects only to send. */
  public EmailChannel(EmailConfig config) {
    this.config = config;
    this.session = Session.getInstance(properties(config));
  }

  private static Properties properties(EmailConfig c) {
    Properties p = new Properties();
    // Always the smtp provider (what Transport.send picks for an address); TLS is a switch on it.
    p.setProperty("mail.smtp.host", c.host());
    p.setProperty("mail.smtp.port", Integer.toString(c.port()));
    String millis = Long.toString(c.timeout().toMillis());
    p.setProperty("mail.smtp.connectiontimeout", millis);
    p.setProperty("mail.smtp.timeout", millis);
    p.setProperty("mail.smtp.writetimeout", millis);
    p.setProperty("mail.smtp.auth", Boolean.toString(c.authenticates()));
    switch (c.security()) {
      case NONE -> {}
      case STARTTLS -> {
        p.setProperty("mail.smtp.starttls.enable", "true");
        // Never fall back to plain text, where the password would cross the network readable.
        p.setProperty("mail.smtp.starttls.required", "true");
      }
      case TLS -> p.setProperty("mail.smtp.ssl.enable", "true");
    }
    if (c.security() != EmailConfig.Security.NONE) {
      p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
    }
    return p;
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public ChannelFilter filter() {
    return config.filter();
  }

  @Override
  public int batch() {
    return MAX_EVENTS;
  }

  @Override
  public Duration spacing() {
    return config.every();
  }

  @Override
  public void deliver(List<AlarmEvent> events) throws DeliveryException {
    try {
      MimeMessage mail = new MimeMessage(session);
      mail.setFrom(new InternetAddress(config.from()));
      for (String to : config.to()) {
        mail.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
      }
      mail.setSubject(EmailDigest.subject(config.site(), events), "UTF-8");
      mail.setText(EmailDigest.body(events), "UTF-8");
      mail.setSentDate(new Date());
      if (config.authenticates()) {
        Transport.send(mail, config.user(), config.password());
      } else {
        Transport.send(mail);
      }
    } catch (MessagingException e) {
      throw new DeliveryException("SMTP: " + firstLine(e), false);
    }
  }

  // Server replies are safe to log (they never echo the password) but can run to many lines.
  private static String firstLine(MessagingException e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
    int nl = m.indexOf('\n');
    m = nl < 0 ? m : m.substring(0, nl);
    return m.length() > 200 ? m.substring(0, 200) + "…" : m;
  }

  @Override
  public void close() {
    // Nothing held between mails: each send opens and closes its connection.
  }

  @Override
  public String toString() {
    return "EmailChannel[" + config + "]";
  }
}
