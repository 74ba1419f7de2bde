package io.millwright.publisher.batch;

/**
 * A batch in a format version this side does not read: not damage, but a site upgraded before its
 * cloud. The batch is fine and must be kept and sent again, never refused for good.
 */
public final class UnknownBatchVersionException extends MalformedBatchException {

  private static final long serialVersionUID = 1L;

  public UnknownBatchVersionException(String message) {
    super(message);
  }
}
