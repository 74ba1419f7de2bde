package io.millwright.uns.sparkplug;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs each kind of problem at most once per interval, with how many were not logged since: a flood
 * of malformed messages (RELIABILITY T7) must not become a flood of log lines.
 */
public final class LogLimiter {

  private final Logger logger;
  private final long intervalNanos;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  private static final class Window {
    volatile long lastLogged = Long.MIN_VALUE;
    final AtomicLong suppressed = new AtomicLong();
  }

  public LogLimiter(Logger logger, java.time.Duration interval) {
    this.logger = logger;
    this.intervalNanos = interval.toNanos();
  }

  /** Logs {@code message} as a warning unless this kind was logged within the interval. */
  public void warn(String kind, String message) {
    Window window = windows.computeIfAbsent(kind, k -> new Window());
    long now = System.nanoTime();
    synchronized (window) {
      if (window.lastLogged != Long.MIN_VALUE && now - window.lastLogged < intervalNanos) {
        window.suppressed.incrementAndGet();
        return;
      }
      window.lastLogged = now;
    }
    long skipped = window.suppressed.getAndSet(0);
    logger.log(
        Level.WARNING,
        skipped == 0 ? message : message + " (" + skipped + " more of this kind not logged)");
  }
}
