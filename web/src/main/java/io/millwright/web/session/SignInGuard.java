package io.millwright.web.session;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing at the sign-in form: after {@value #FREE_FAILURES} failed sign-ins of a
 * name within {@code window}, that name is refused for the rest of the window, whatever the
 * password. Keyed by name, not address, because a plant's panel PCs often share one address behind
 * a NAT, and one guessing screen must not lock the others out of their own names.
 */
public final class SignInGuard {

  static final int FREE_FAILURES = 5;
  static final int MAX_TRACKED = 10_000;

  private record Failures(int count, long firstMs) {}

  private final Clock clock;
  private final Duration window;
  private final Map<String, Failures> failures = new ConcurrentHashMap<>();

  public SignInGuard(Clock clock, Duration window) {
    this.clock = clock;
    this.window = window;
  }

  /** Whether this name may try now. */
  public boolean allows(String name) {
    Failures f = failures.get(key(name));
    if (f == null) {
      return true;
    }
    if (clock.millis() - f.firstMs() >= window.toMillis()) {
      failures.remove(key(name), f);
      return true;
    }
    return f.count() < FREE_FAILURES;
  }

  public void failed(String name) {
    if (failures.size() >= MAX_TRACKED) {
      long now = clock.millis();
      failures.values().removeIf(f -> now - f.firstMs() >= window.toMillis());
      if (failures.size() >= MAX_TRACKED) {
        failures.clear();
      }
    }
    long now = clock.millis();
    failures.merge(
        key(name),
        new Failures(1, now),
        (old, one) ->
            now - old.firstMs() >= window.toMillis()
                ? one
                : new Failures(old.count() + 1, old.firstMs()));
  }

  public void succeeded(String name) {
    failures.remove(key(name));
  }

  private static String key(String name) {
    return name == null ? "" : name;
  }
}
