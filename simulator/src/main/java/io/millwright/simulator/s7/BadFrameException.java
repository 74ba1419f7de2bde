package io.millwright.simulator.s7;

/** A frame that cannot be parsed or that breaks the protocol; its connection is closed. */
final class BadFrameException extends Exception {

  private static final long serialVersionUID = 1L;

  BadFrameException(String message) {
    super(message);
  }

  BadFrameException(String message, Throwable cause) {
    super(message, cause);
  }
}
