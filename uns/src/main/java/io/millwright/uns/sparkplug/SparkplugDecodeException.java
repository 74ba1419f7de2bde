package io.millwright.uns.sparkplug;

/**
 * A Sparkplug payload that cannot be decoded: too large, not protobuf, or not a Sparkplug B
 * payload. The one checked exception of the decode path, so a receiver counts and logs it and
 * carries on with the next message.
 */
public final class SparkplugDecodeException extends Exception {

  public SparkplugDecodeException(String message) {
    super(message);
  }

  public SparkplugDecodeException(String message, Throwable cause) {
    super(message, cause);
  }
}
