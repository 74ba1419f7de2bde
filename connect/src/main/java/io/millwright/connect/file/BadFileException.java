package io.millwright.connect.file;

/**
 * A result file that cannot be used as a whole: unreadable, malformed, too large, or missing a
 * field every row needs. The message is the reason written next to the file in {@code error/}.
 */
final class BadFileException extends Exception {

  private static final long serialVersionUID = 1L;

  BadFileException(String reason) {
    super(reason);
  }
}
