package io.millwright.web.session;

import io.millwright.web.users.Role;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sign-in sessions, in memory: a restart signs everyone out, which on a shop-floor screen means one
 * sign-in more, and no session secret ever touches the disk. A session ends after {@code idle}
 * without a request, after {@code lifetime} in any case, at sign-out, and when an admin changes or
 * removes its user.
 */
public final class SessionStore {

  public static final Duration DEFAULT_IDLE = Duration.ofHours(8);
  public static final Duration DEFAULT_LIFETIME = Duration.ofHours(24);
  static final int MAX_PER_USER = 20;
  static final int MAX_SESSIONS = 10_000;

  private record Entry(Session session, long lastSeenMs) {}

  private final Clock clock;
  private final Duration idle;
  private final Duration lifetime;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Entry> sessions = new ConcurrentHashMap<>();

  public SessionStore(Clock clock, Duration idle, Duration lifetime) {
    this.clock = clock;
    this.idle = idle;
    this.lifetime = lifetime;
  }

  /**
   * Starts a session; a user's oldest sessions end beyond {@value #MAX_PER_USER}, and everyone's
   * oldest beyond {@value #MAX_SESSIONS}, so a script signing in in a loop cannot fill memory.
   */
  public synchronized Session start(String user, Role role) {
    Session s = new Session(secret(), secret(), user, role, clock.instant());
    prune(user);
    sessions.put(s.id(), new Entry(s, clock.millis()));
    return s;
  }

  /** The live session with this id, its idle time restarted. */
  public Optional<Session> find(String id) {
    if (id == null) {
      return Optional.empty();
    }
    Entry e = sessions.get(id);
    if (e == null) {
      return Optional.empty();
    }
    long now = clock.millis();
    if (expired(e, now)) {
      sessions.remove(id, e);
      return Optional.empty();
    }
    sessions.replace(id, e, new Entry(e.session(), now));
    return Optional.of(e.session());
  }

  public void end(String id) {
    if (id != null) {
      sessions.remove(id);
    }
  }

  /** Ends every session of a user: after a role change, a new password, disabling or removal. */
  public void endAllOf(String user) {
    sessions.values().removeIf(e -> e.session().user().equals(user));
  }

  public int size() {
    return sessions.size();
  }

  private boolean expired(Entry e, long now) {
    return now - e.lastSeenMs() >= idle.toMillis()
        || now - e.session().created().toEpochMilli() >= lifetime.toMillis();
  }

  private void prune(String user) {
    long now = clock.millis();
    sessions.values().removeIf(e -> expired(e, now));
    var mine =
        sessions.values().stream()
            .filter(e -> e.session().user().equals(user))
            .sorted(Comparator.comparing((Entry e) -> e.session().created()))
            .toList();
    for (int i = 0; i <= mine.size() - MAX_PER_USER; i++) {
      sessions.remove(mine.get(i).session().id());
    }
    if (sessions.size() >= MAX_SESSIONS) {
      sessions.values().stream()
          .min(Comparator.comparingLong(Entry::lastSeenMs))
          .ifPresent(e -> sessions.remove(e.session().id()));
    }
  }

  private String secret() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** When a session started this instant would end at the latest, for the cookie's Max-Age. */
  public Duration lifetime() {
    return lifetime;
  }
}
