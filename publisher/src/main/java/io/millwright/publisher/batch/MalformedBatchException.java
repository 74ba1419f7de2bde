package io.millwright.publisher.batch;

/** Bytes that are not a batch this version can read; the message says where they go wrong. */
public class MalformedBatchException extends Exception {

  private static final long serialVersionUID = 1L;

  public MalformedBatchException(String message) {
    super(message);
  }

  public MalformedBatchException(String message, Throwable cause) {
    super(message, cause);
  }
}
