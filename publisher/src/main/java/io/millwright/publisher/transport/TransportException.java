package io.millwright.publisher.transport;

/**
 * A batch or status did not reach the cloud. {@link #refused()} when the receiver answered that
 * this very message will never be taken (malformed, too large): sending it again cannot help. Every
 * other failure (link down, timeout, a receiver answering errors or garbage, credentials the cloud
 * does not know yet) is worth retrying, with backoff.
 */
public final class TransportException extends Exception {

  private static final long serialVersionUID = 1L;

  private final boolean refused;

  public TransportException(String message, boolean refused, Throwable cause) {
    super(message, cause);
    this.refused = refused;
  }

  public static TransportException retryable(String message, Throwable cause) {
    return new TransportException(message, false, cause);
  }

  public static TransportException refused(String message) {
    return new TransportException(message, true, null);
  }

  public boolean refused() {
    return refused;
  }
}
