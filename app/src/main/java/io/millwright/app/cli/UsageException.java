package io.millwright.app.cli;

/** The command line is wrong; the binary prints the message and a hint, and exits with code 2. */
public final class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}
