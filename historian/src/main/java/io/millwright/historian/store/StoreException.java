package io.millwright.historian.store;

/** The store could not do what was asked (I/O, disk full, database down); nothing was half-done. */
public final class StoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
