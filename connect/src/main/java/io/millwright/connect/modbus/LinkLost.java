package io.millwright.connect.modbus;

/**
 * The link to the machine cannot be trusted any more: refused, timed out, closed, or a response
 * that does not match its request (after which the byte stream may be out of step). The connector
 * drops the connection and reconnects.
 */
final class LinkLost extends Exception {

  private static final long serialVersionUID = 1L;

  LinkLost(String reason) {
    super(reason);
  }

  LinkLost(String reason, Throwable cause) {
    super(reason, cause);
  }
}
