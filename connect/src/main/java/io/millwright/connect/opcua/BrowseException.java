package io.millwright.connect.opcua;

/**
 * A browse that could not be done: the server is unreachable, refused us, or the node is unknown.
 */
public final class BrowseException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public BrowseException(String message, Throwable cause) {
    super(message, cause);
  }

  public BrowseException(String message) {
    super(message);
  }
}
