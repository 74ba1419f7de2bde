package io.millwright.web.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.web.users.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SessionStoreTest {

  /** A clock the test moves. */
  static final class Manual extends Clock {
    Instant now = Instant.parse("2026-11-23T06:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  final Manual clock = new Manual();
  final SessionStore store = new SessionStore(clock, Duration.ofHours(8), Duration.ofHours(24));

  @Test
  void aSessionEndsAfterItsIdleTimeButAnActiveOneLastsTheDay() {
    Session idle = store.start("olga", Role.OPERATOR);
    Session busy = store.start("sam", Role.VIEWER);
    for (int hour = 0; hour < 9; hour++) {
      clock.now = clock.now.plus(Duration.ofHours(1));
      assertThat(store.find(busy.id())).isPresent();
    }
    assertThat(store.find(idle.id())).isEmpty();
    clock.now = clock.now.plus(Duration.ofHours(15));
    assertThat(store.find(busy.id())).as("past its 24-hour lifetime").isEmpty();
  }

  @Test
  void idsAndTokensAreUnguessableAndDistinct() {
    Session a = store.start("olga", Role.OPERATOR);
    Session b = store.start("olga", Role.OPERATOR);
    assertThat(a.id()).isNotEqualTo(b.id()).hasSize(43);
    assertThat(a.csrf()).isNotEqualTo(a.id()).isNotEqualTo(b.csrf());
    assertThat(a.toString()).doesNotContain(a.id()).doesNotContain(a.csrf());
  }

  @Test
  void signingOutAndChangingAUserEndTheirSessions() {
    Session a = store.start("olga", Role.OPERATOR);
    Session b = store.start("olga", Role.OPERATOR);
    Session other = store.start("sam", Role.VIEWER);
    store.end(a.id());
    assertThat(store.find(a.id())).isEmpty();
    store.endAllOf("olga");
    assertThat(store.find(b.id())).isEmpty();
    assertThat(store.find(other.id())).isPresent();
  }

  @Test
  void aUserSigningInInALoopKeepsOnlyTheNewestSessions() {
    Session first = store.start("script", Role.VIEWER);
    for (int i = 0; i < SessionStore.MAX_PER_USER + 5; i++) {
      clock.now = clock.now.plusMillis(1);
      store.start("script", Role.VIEWER);
    }
    assertThat(store.find(first.id())).isEmpty();
    assertThat(store.size()).isEqualTo(SessionStore.MAX_PER_USER);
  }

  @Test
  void guessingANameIsStoppedForTheWindow() {
    SignInGuard guard = new SignInGuard(clock, Duration.ofMinutes(15));
    for (int i = 0; i < SignInGuard.FREE_FAILURES; i++) {
      assertThat(guard.allows("olga")).isTrue();
      guard.failed("olga");
    }
    assertThat(guard.allows("olga")).isFalse();
    assertThat(guard.allows("sam")).as("other names are not locked out").isTrue();
    clock.now = clock.now.plus(Duration.ofMinutes(15));
    assertThat(guard.allows("olga")).isTrue();
  }
}
