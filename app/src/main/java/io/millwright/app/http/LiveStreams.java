package io.millwright.app.http;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Long-lived HTTP responses (server-sent events) that must end when the process is asked to stop:
 * the framework's graceful shutdown waits for responses in flight, and a live stream never ends by
 * itself, so without this every stop with a browser open would wait out the whole shutdown timeout.
 */
public final class LiveStreams {

  /**
   * How long a stream may stay silent: then it sends an empty event, so that a browser sees the
   * stream is alive and can tell a link that stopped delivering (a half-open connection behind a
   * proxy, a tablet waking up) from a quiet plant. {@code app.js} reconnects after three missed.
   */
  public static final Duration HEARTBEAT = Duration.ofSeconds(10);

  private static final Set<Runnable> OPEN = ConcurrentHashMap.newKeySet();

  private LiveStreams() {}

  /**
   * @param end completes the stream; called at most once, from any thread
   * @return removes the stream again (when its client went away)
   */
  public static Runnable open(Runnable end) {
    OPEN.add(end);
    return () -> OPEN.remove(end);
  }

  /** Ends every open stream: the first step of a clean stop. */
  public static void endAll() {
    for (Runnable end : OPEN) {
      OPEN.remove(end);
      try {
        end.run();
      } catch (RuntimeException e) {
        // a client already gone: nothing left to end
      }
    }
  }
}
