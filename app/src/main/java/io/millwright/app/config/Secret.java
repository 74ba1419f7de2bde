package io.millwright.app.config;

/** A value that must never reach a log, an error message or a {@code toString}. */
public final class Secret {

  private final String value;

  public Secret(String value) {
    this.value = value;
  }

  /** The secret itself; call only where it is used, never to print it. */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "****";
  }
}
