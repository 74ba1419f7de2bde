package io.millwright.alarms.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.millwright.alarms.engine.AlarmEvent;
import io.millwright.alarms.engine.AlarmState;
import io.millwright.alarms.engine.Transition;
import io.millwright.core.alarm.AlarmPriority;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** E-mail digests through the notifier to GreenMail, a real SMTP server in the test JVM. */
@Timeout(60)
class EmailNotifierTest {

  @RegisterExtension
  static final GreenMailExtension SMTP =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
          .withConfiguration(
              GreenMailConfiguration.aConfig()
                  .withUser("millwright@plant.example", "alarms", "right-password"));

  private static final Backoff FAST =
      new Backoff(Duration.ofMillis(10), Duration.ofMillis(80), 0.2);

  private final MemoryOutbox outbox = new MemoryOutbox();
  private Notifier notifier;

  @AfterEach
  void stop() {
    if (notifier != null) {
      notifier.close();
    }
  }

  private static EmailChannel email(String password, Duration every) {
    return new EmailChannel(
        new EmailConfig(
            "email",
            "plant-1",
            "127.0.0.1",
            SMTP.getSmtp().getPort(),
            EmailConfig.Security.NONE,
            "alarms",
            password,
            "millwright@plant.example",
            List.of("maintenance@plant.example", "shift-lead@plant.example"),
            every,
            Duration.ofSeconds(5),
            null));
  }

  /** Until the channel is done with entries up to {@code seq}, its figures counted. */
  private void awaitCursor(long seq) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> notifier.figures().getFirst().cursor() == seq);
  }

  private void start(EmailChannel channel) {
    notifier = Notifier.start(outbox, List.of(channel), FAST, Duration.ofSeconds(30));
  }

  private void journal(AlarmEvent e) {
    outbox.append(e);
    if (notifier != null) {
      notifier.wake();
    }
  }

  @Test
  void sendsOneDigestWithALineAnEntry() throws Exception {
    journal(
        Events.event(
            "cnc-02",
            "spindle-bearing-temperature-high",
            AlarmPriority.HIGH,
            "machining",
            Transition.ACTIVATED));
    journal(
        new AlarmEvent(
            0,
            Events.TIME,
            "press-1",
            "door-open",
            "pressing",
            "line-2",
            AlarmPriority.CRITICAL,
            "is",
            Transition.ACKNOWLEDGED,
            AlarmState.ACKNOWLEDGED,
            "",
            "Door open\nwhile running",
            "anna",
            "checked it"));
    journal(Events.activated(3));

    start(email("right-password", Duration.ofHours(1)));
    awaitCursor(3);

    MimeMessage[] mails = SMTP.getReceivedMessages();
    // One copy per recipient, both the same mail.
    assertThat(mails).hasSize(2);
    MimeMessage mail = mails[0];
    assertThat(mail.getSubject())
        .isEqualTo("[Millwright plant-1] 3 alarms: cnc-02 spindle-bearing-temperature-high…");
    assertThat(mail.getFrom()).containsExactly(new InternetAddress("millwright@plant.example"));
    String body = ((String) mail.getContent()).replace("\r\n", "\n");
    assertThat(body.lines())
        .containsExactly(
            "2026-11-23T10:15:30.123Z  high  cnc-02/spindle-bearing-temperature-high  activated"
                + " -> active-unacknowledged  value 81.2"
                + "  Spindle bearing temperature 81.2 °C above 80 °C",
            "2026-11-23T10:15:30.123Z  critical  press-1/door-open  acknowledged"
                + " -> active-acknowledged  Door open while running  by anna: checked it",
            "2026-11-23T10:15:30.123Z  high  cnc-02/alarm-3  activated -> active-unacknowledged"
                + "  value 81.2  Spindle bearing temperature 81.2 °C above 80 °C");
    assertThat(notifier.figures().getFirst().delivered()).isEqualTo(3);
  }

  @Test
  void gathersWhatComesWithinEveryIntoTheNextMail() {
    // Entries 2..5 must be journaled within `every` of the first mail: 5 s leaves room for a
    // stalled test thread on a busy machine (with 2 s, a late entry 2 could go out on its own).
    start(email("right-password", Duration.ofSeconds(5)));
    journal(Events.activated(1));
    await().until(() -> SMTP.getReceivedMessages().length == 2);

    for (int i = 2; i <= 5; i++) {
      journal(Events.activated(i)); // within the five seconds after the first mail
    }
    awaitCursor(5);

    // Two mails, each to both recipients (GreenMail lists them by mailbox, not by time).
    assertThat(SMTP.getReceivedMessages())
        .extracting(EmailNotifierTest::subject)
        .containsExactlyInAnyOrder(
            "[Millwright plant-1] 1 alarm: cnc-02 alarm-1 activated",
            "[Millwright plant-1] 1 alarm: cnc-02 alarm-1 activated",
            "[Millwright plant-1] 4 alarms: cnc-02 alarm-2…",
            "[Millwright plant-1] 4 alarms: cnc-02 alarm-2…");
  }

  @Test
  void retriesAndCountsWhenTheServerRefusesTheLogin() {
    journal(Events.activated(1));
    journal(Events.activated(2));

    try (LogCapture log = new LogCapture()) {
      start(email("wrong-password", Duration.ofMillis(1)));
      await().until(() -> notifier.figures().getFirst().failures() >= 3);

      ChannelFigures f = notifier.figures().getFirst();
      assertThat(f.delivered()).isZero();
      assertThat(f.skipped()).isZero();
      assertThat(f.backlog()).isEqualTo(2);
      assertThat(outbox.delivered("email")).isZero();
      assertThat(SMTP.getReceivedMessages()).isEmpty();
      assertThat(log.lines()).anyMatch(l -> l.contains("WARNING") && l.contains("SMTP: 535"));
      assertThat(String.join("\n", log.lines())).doesNotContain("wrong-password");
    }
  }

  @Test
  void neverFallsBackToPlainTextWhenStarttlsIsRequired() {
    journal(Events.activated(1));
    EmailChannel starttls =
        new EmailChannel(
            new EmailConfig(
                "email",
                "plant-1",
                "127.0.0.1",
                SMTP.getSmtp().getPort(),
                EmailConfig.Security.STARTTLS,
                "alarms",
                "right-password",
                "millwright@plant.example",
                List.of("maintenance@plant.example"),
                Duration.ofMillis(1),
                Duration.ofSeconds(5),
                null));

    try (LogCapture log = new LogCapture()) {
      start(starttls);
      await().until(() -> notifier.figures().getFirst().failures() >= 2);

      // GreenMail's plain port offers no STARTTLS: the password must not go out in plain text.
      assertThat(SMTP.getReceivedMessages()).isEmpty();
      assertThat(outbox.delivered("email")).isZero();
      assertThat(log.lines()).anyMatch(l -> l.contains("STARTTLS is required"));
    }
  }

  private static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new AssertionError(e);
    }
  }
}
