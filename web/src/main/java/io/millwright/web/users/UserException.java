package io.millwright.web.users;

/**
 * A change to users refused, naming the field at fault so a form can show the message next to it.
 */
public final class UserException extends Exception {

  private static final long serialVersionUID = 1L;

  /** What to answer: 400 for a bad field, 404 for an unknown user, 409 for a clash. */
  public enum Kind {
    INVALID,
    NOT_FOUND,
    CONFLICT
  }

  private final Kind kind;
  private final String field;

  public UserException(Kind kind, String field, String message) {
    super(message);
    this.kind = kind;
    this.field = field;
  }

  public Kind kind() {
    return kind;
  }

  /** The field of the request at fault ({@code name}, {@code role}, {@code password}). */
  public String field() {
    return field;
  }
}
