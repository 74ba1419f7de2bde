package io.millwright.connect;

/** Where a connector's link to its machine stands. */
public enum LinkStatus {
  /** Started, first attempt under way. */
  CONNECTING,
  /** Connected; reads are flowing. */
  CONNECTED,
  /** Lost or refused; waiting for the next attempt. */
  DISCONNECTED,
  /** Closed. */
  STOPPED;

  /** The name in the API and metrics: {@code connected}. */
  public String apiName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
