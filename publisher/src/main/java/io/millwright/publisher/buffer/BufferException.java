package io.millwright.publisher.buffer;

/**
 * The outbound buffer could not do what was asked: its database cannot be opened, read or written
 * (the disk is full, the volume is gone, another process holds it), or a batch is larger than the
 * whole budget. Whatever was being written is not kept; what was committed before is untouched.
 */
public final class BufferException extends Exception {

  private static final long serialVersionUID = 1L;

  public BufferException(String message) {
    super(message);
  }

  public BufferException(String message, Throwable cause) {
    super(message, cause);
  }
}
