package io.millwright.app.module;

/** A module could not start; the process exits non-zero after stopping what did start. */
public final class ModuleStartException extends Exception {
  public ModuleStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
