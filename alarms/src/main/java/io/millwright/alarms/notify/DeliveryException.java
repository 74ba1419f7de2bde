package io.millwright.alarms.notify;

/**
 * A delivery that did not happen. Its message is logged, so it must never hold a secret (a header's
 * value, a password, a URL's path).
 */
public final class DeliveryException extends Exception {

  private final boolean permanent;

  /**
   * @param permanent whether the receiver refused these entries for good (retrying the same request
   *     cannot succeed), rather than being unreachable or busy
   */
  public DeliveryException(String message, boolean permanent) {
    super(message);
    this.permanent = permanent;
  }

  /** Whether retrying the same entries is pointless. */
  public boolean permanent() {
    return permanent;
  }
}
