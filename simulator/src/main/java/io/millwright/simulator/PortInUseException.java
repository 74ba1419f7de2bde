package io.millwright.simulator;

/** A simulator server could not listen because its port is taken. */
public final class PortInUseException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private final int port;

  public PortInUseException(int port, String what, Throwable cause) {
    super(what + ": port " + port + " is already in use", cause);
    this.port = port;
  }

  public int port() {
    return port;
  }
}
