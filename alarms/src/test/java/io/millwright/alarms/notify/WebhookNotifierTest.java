package io.millwright.alarms.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millwright.alarms.engine.AlarmEvent;
import io.millwright.alarms.engine.Transition;
import io.millwright.core.alarm.AlarmPriority;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The notifier with real webhook channels against a real HTTP server on loopback. */
@Timeout(60)
class WebhookNotifierTest {

  // Short waits so that retries happen within a test; production uses Backoff.DEFAULT.
  private static final Backoff FAST =
      new Backoff(Duration.ofMillis(10), Duration.ofMillis(80), 0.2);
  private static final Duration POLL = Duration.ofSeconds(30);
  private static final String SECRET = "Bearer s3cret-token";

  private final MemoryOutbox outbox = new MemoryOutbox();
  private Receiver receiver;
  private Notifier notifier;

  @AfterEach
  void stop() {
    if (notifier != null) {
      notifier.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  private static WebhookChannel hook(URI url, int batch, Duration timeout, ChannelFilter filter) {
    return new WebhookChannel(
        new WebhookConfig("hook", url, Map.of("Authorization", SECRET), timeout, filter, batch));
  }

  private static WebhookChannel hook(URI url) {
    return hook(url, 100, Duration.ofSeconds(5), null);
  }

  private void journal(int count) {
    for (int i = 0; i < count; i++) {
      outbox.append(Events.activated(i));
      if (notifier != null) {
        notifier.wake();
      }
    }
  }

  private ChannelFigures figures() {
    return notifier.figures().getFirst();
  }

  /** Until the channel is done with entries up to {@code seq}, its figures counted. */
  private void awaitCursor(long seq) {
    await().until(() -> figures().cursor() == seq);
  }

  private static List<Long> seqs(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }

  @Test
  void deliversEveryEntryOnceInOrderInBatches() throws IOException {
    receiver = Receiver.start();
    journal(5);
    notifier =
        Notifier.start(
            outbox, List.of(hook(receiver.url(), 7, Duration.ofSeconds(5), null)), FAST, POLL);
    journal(40);

    awaitCursor(45);

    assertThat(receiver.accepted()).isEqualTo(seqs(1, 45));
    for (Receiver.Request r : receiver.requests()) {
      assertThat(r.seqs()).hasSizeLessThanOrEqualTo(7);
      assertThat(r.idempotencyKey())
          .isEqualTo("hook-" + r.seqs().getFirst() + "-" + r.seqs().getLast());
      assertThat(r.authorization()).isEqualTo(SECRET);
    }
    ChannelFigures f = figures();
    assertThat(f.delivered()).isEqualTo(45);
    assertThat(f.failures()).isZero();
    assertThat(f.backlog()).isZero();
    assertThat(f.lastSuccessMillis()).isPositive();
  }

  @Test
  void keepsTheBacklogWhileTheReceiverIsDownAndDeliversItInOrderOnceUp() throws IOException {
    int port = closedPort(); // nothing listens there until the receiver starts
    notifier = Notifier.start(outbox, List.of(hook(Receiver.url(port))), FAST, POLL);

    // The engine journals and wakes at its own pace; a dead receiver must not hold it up.
    journal(300);
    await().until(() -> figures().failures() >= 3);
    assertThat(figures().backlog()).isEqualTo(300);
    assertThat(figures().backoff()).isPositive();
    assertThat(outbox.delivered("hook")).isZero();

    receiver = Receiver.startOn(port);
    awaitCursor(300);

    assertThat(receiver.accepted()).isEqualTo(seqs(1, 300));
    assertThat(figures().backlog()).isZero();
    assertThat(figures().backoff()).isZero();
  }

  @Test
  void retriesAServerErrorWithTheSameBatch() throws IOException {
    receiver = Receiver.start();
    int[] calls = {0};
    receiver.answering(seqs -> ++calls[0] <= 2 ? 500 : 200);
    journal(3);

    notifier = Notifier.start(outbox, List.of(hook(receiver.url())), FAST, POLL);
    awaitCursor(3);

    assertThat(receiver.requests())
        .extracting(Receiver.Request::status)
        .containsExactly(500, 500, 200);
    assertThat(receiver.requests())
        .extracting(Receiver.Request::idempotencyKey)
        .containsOnly("hook-1-3");
    assertThat(receiver.accepted()).isEqualTo(seqs(1, 3));
    assertThat(figures().failures()).isEqualTo(2);
    assertThat(figures().skipped()).isZero();
  }

  @Test
  void skipsOnlyTheEntryTheReceiverRefusesForGood() throws IOException {
    receiver = Receiver.start();
    receiver.answering(seqs -> seqs.contains(3L) ? 422 : 200);
    journal(7);

    try (LogCapture log = new LogCapture()) {
      notifier =
          Notifier.start(
              outbox, List.of(hook(receiver.url(), 5, Duration.ofSeconds(5), null)), FAST, POLL);
      awaitCursor(7);

      assertThat(receiver.requests())
          .extracting(Receiver.Request::seqs)
          .containsExactly(
              List.of(1L, 2L, 3L, 4L, 5L),
              List.of(1L),
              List.of(2L),
              List.of(3L),
              List.of(4L),
              List.of(5L),
              List.of(6L, 7L)); // whole batches again after the refused one
      assertThat(receiver.accepted()).isEqualTo(List.of(1L, 2L, 4L, 5L, 6L, 7L));
      assertThat(figures().skipped()).isEqualTo(1);
      assertThat(figures().failures()).isEqualTo(2); // the batch 1-5, then 3 alone
      assertThat(log.lines())
          .filteredOn(l -> l.contains("WARNING"))
          .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .contains("refused entry 3 for good (HTTP 422)");
    }
  }

  @Test
  void skipsEverythingARefusingReceiverRefusesAndNeverLogsSecrets() throws IOException {
    receiver = Receiver.start();
    receiver.answering(seqs -> 422);
    journal(4);

    try (LogCapture log = new LogCapture()) {
      notifier = Notifier.start(outbox, List.of(hook(receiver.url())), FAST, POLL);
      awaitCursor(4);

      assertThat(figures().skipped()).isEqualTo(4);
      assertThat(figures().delivered()).isZero();
      // Logged once for the streak of four refusals, at debug level after that.
      assertThat(log.lines())
          .filteredOn(l -> l.contains("WARNING"))
          .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .contains("channel hook refused entry 1 for good (HTTP 422)");
      assertThat(String.join("\n", log.lines()))
          .doesNotContain("s3cret", "secret-path", "also-secret");
    }
  }

  @Test
  void aRotatedTokenHoldsTheBacklogUntilTheReceiverTakesItAgain() throws IOException {
    receiver = Receiver.start();
    receiver.answering(seqs -> 401);
    journal(3);
    notifier = Notifier.start(outbox, List.of(hook(receiver.url())), FAST, POLL);
    await().atMost(Duration.ofSeconds(10)).until(() -> figures().failures() >= 2);
    assertThat(figures().skipped()).isZero();
    assertThat(figures().backlog()).isEqualTo(3);

    receiver.answering(seqs -> 204);
    awaitCursor(3);
    assertThat(figures().delivered()).isEqualTo(3);
    assertThat(figures().skipped()).isZero();
  }

  @Test
  void retriesAReceiverSlowerThanTheTimeout() throws IOException {
    receiver = Receiver.start();
    receiver.hanging(index -> index == 0); // the first request is never answered
    journal(2);

    try (LogCapture log = new LogCapture()) {
      // Long enough that the answered retry never times out too on a busy machine (200 ms did not
      // leave room for a GC pause or a starved server thread).
      notifier =
          Notifier.start(
              outbox, List.of(hook(receiver.url(), 100, Duration.ofSeconds(2), null)), FAST, POLL);
      awaitCursor(2);

      assertThat(receiver.requests()).hasSize(2);
      assertThat(receiver.requests().get(1).idempotencyKey()).isEqualTo("hook-1-2");
      assertThat(receiver.accepted()).isEqualTo(seqs(1, 2));
      assertThat(figures().failures()).isEqualTo(1);
      assertThat(log.lines()).anyMatch(l -> l.contains("HttpTimeoutException"));
      assertThat(String.join("\n", log.lines())).doesNotContain("s3cret", "secret-path");
    }
  }

  @Test
  void sendsOnlyWhatTheFilterTakesAndMovesPastTheRest() throws IOException {
    receiver = Receiver.start();
    ChannelFilter filter =
        ChannelFilter.ALL
            .withMinimum(AlarmPriority.HIGH)
            .withAreas(Set.of("machining"))
            .withTransitions(Transition.ACTIVATED);
    outbox.append(Events.event("m", "a", AlarmPriority.HIGH, "machining", Transition.ACTIVATED));
    outbox.append(Events.event("m", "b", AlarmPriority.LOW, "machining", Transition.ACTIVATED));
    outbox.append(Events.event("m", "c", AlarmPriority.CRITICAL, "packing", Transition.ACTIVATED));
    outbox.append(Events.event("m", "d", AlarmPriority.HIGH, "machining", Transition.CLEARED));
    outbox.append(
        Events.event("m", "e", AlarmPriority.CRITICAL, "machining", Transition.ACTIVATED));
    outbox.append(Events.event("m", "f", AlarmPriority.LOW, "packing", Transition.CLEARED));

    notifier =
        Notifier.start(
            outbox, List.of(hook(receiver.url(), 100, Duration.ofSeconds(5), filter)), FAST, POLL);
    awaitCursor(6);

    assertThat(receiver.accepted()).containsExactly(1L, 5L);
    assertThat(figures().delivered()).isEqualTo(2);
    assertThat(figures().filtered()).isEqualTo(4);
    assertThat(figures().backlog()).isZero();
  }

  @Test
  void aRestartResumesFromTheCursorWithoutResendingConfirmedBatches() throws IOException {
    receiver = Receiver.start();
    journal(10);
    notifier = Notifier.start(outbox, List.of(hook(receiver.url())), FAST, POLL);
    awaitCursor(10);
    notifier.close();

    notifier = null;
    journal(10); // journaled while no notifier runs, as during a restart
    notifier = Notifier.start(outbox, List.of(hook(receiver.url())), FAST, POLL);
    awaitCursor(20);

    assertThat(receiver.accepted()).isEqualTo(seqs(1, 20));
    assertThat(outbox.delivered("hook")).isEqualTo(20);
  }

  @Test
  void closeStopsADeliveryInFlightAndKeepsItsEntriesForTheNextStart() throws IOException {
    receiver = Receiver.start();
    receiver.hanging(index -> index == 0);
    journal(3);
    notifier =
        Notifier.start(
            outbox, List.of(hook(receiver.url(), 100, Duration.ofMinutes(5), null)), FAST, POLL);
    await().until(() -> receiver.requests().size() == 1);

    notifier.close();

    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().equals("millwright-notify-hook"));
    assertThat(outbox.delivered("hook")).isZero();
    notifier = Notifier.start(outbox, List.of(hook(receiver.url())), FAST, POLL);
    awaitCursor(3);
    assertThat(receiver.accepted()).isEqualTo(seqs(1, 3));
  }

  @Test
  void closeEndsABackoffAtOnce() throws IOException {
    int port = closedPort();
    Backoff slow = new Backoff(Duration.ofMinutes(5), Duration.ofMinutes(5), 0);
    notifier = Notifier.start(outbox, List.of(hook(Receiver.url(port))), slow, POLL);
    journal(1);
    await().until(() -> figures().failures() == 1);

    notifier.close(); // waits a few seconds at most, far less than the five minutes

    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().equals("millwright-notify-hook"));
  }

  @Test
  void waitsOutJournalFailuresAndLosesNothing() throws IOException {
    receiver = Receiver.start();
    journal(5);
    // The H2 journal can fail for a while (disk full, file locked); so does this one, twice.
    Outbox failing =
        new Outbox() {
          private int reads;

          @Override
          public List<AlarmEvent> after(long seq, int max) {
            if (++reads <= 2) {
              throw new IllegalStateException("journal unavailable");
            }
            return outbox.after(seq, max);
          }

          @Override
          public long delivered(String channel) {
            return outbox.delivered(channel);
          }

          @Override
          public void delivered(String channel, long seq) {
            outbox.delivered(channel, seq);
          }

          @Override
          public long latest() {
            return outbox.latest();
          }
        };

    try (LogCapture log = new LogCapture()) {
      notifier = Notifier.start(failing, List.of(hook(receiver.url())), FAST, POLL);
      awaitCursor(5);

      assertThat(receiver.accepted()).isEqualTo(seqs(1, 5));
      assertThat(log.lines())
          .filteredOn(l -> l.contains("cannot use the journal"))
          .hasSize(2)
          .allMatch(l -> l.contains("journal unavailable"));
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort(); // closed again: nothing listens there
    }
  }

  @Test
  void eachChannelKeepsItsOwnCursor() throws IOException {
    receiver = Receiver.start();
    int port = closedPort();
    WebhookChannel down =
        new WebhookChannel(new WebhookConfig("down", Receiver.url(port), Map.of()));
    notifier = Notifier.start(outbox, List.of(hook(receiver.url()), down), FAST, POLL);

    journal(20);
    awaitCursor(20);

    assertThat(receiver.accepted()).isEqualTo(seqs(1, 20));
    assertThat(outbox.delivered("down")).isZero();
    assertThat(notifier.figures().get(1).backlog()).isEqualTo(20);
  }

  @Test
  void rejectsTwoChannelsWithOneName() {
    URI url = Receiver.url(9);
    List<WebhookChannel> twins = List.of(hook(url), hook(url));

    assertThatThrownBy(() -> Notifier.start(outbox, twins, FAST, POLL))
        .hasMessageContaining("\"hook\" is configured twice");
    twins.forEach(WebhookChannel::close);
  }
}
