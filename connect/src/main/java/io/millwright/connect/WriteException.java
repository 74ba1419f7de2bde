package io.millwright.connect;

/** A write the machine did not take, with the reason in operator words. */
public final class WriteException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public WriteException(String message) {
    super(message);
  }

  public WriteException(String message, Throwable cause) {
    super(message, cause);
  }
}
