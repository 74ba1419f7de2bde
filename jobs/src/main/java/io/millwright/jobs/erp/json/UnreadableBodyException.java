package io.millwright.jobs.erp.json;

/**
 * A whole body could not be read: not JSON, too large, nested too deep, or not one of the shapes of
 * orders. A single bad order in a good body is never this: it becomes an {@code
 * Incoming.Unreadable}.
 */
public final class UnreadableBodyException extends Exception {

  private static final long serialVersionUID = 1L;

  public UnreadableBodyException(String message) {
    super(message);
  }

  public UnreadableBodyException(String message, Throwable cause) {
    super(message, cause);
  }
}
