package io.millwright.core.sample;

/**
 * How far a value can be trusted, following OPC UA (Part 4, 7.39 StatusCode): the severity is Good,
 * Uncertain or Bad, and anything but Good carries a reason, by preference an OPC UA symbolic name
 * such as {@code Bad_CommunicationError}, so the UI and the historian say why a value is not good.
 */
public record Quality(Severity severity, String reason) {

  public enum Severity {
    GOOD,
    UNCERTAIN,
    BAD
  }

  public static final Quality GOOD = new Quality(Severity.GOOD, "");

  /** The link to the machine is down; the value is the last one read. */
  public static final Quality NOT_CONNECTED = bad("Bad_NotConnected");

  /** The machine answered with an error for this address. */
  public static final Quality COMMUNICATION_ERROR = bad("Bad_CommunicationError");

  /** The value read does not fit the tag's data type. */
  public static final Quality TYPE_MISMATCH = bad("Bad_TypeMismatch");

  /** No fresh value within the expected interval; the last value may still be usable. */
  public static final Quality STALE = uncertain("Uncertain_LastUsableValue");

  public Quality {
    if (severity == null) {
      throw new IllegalArgumentException("quality severity is missing");
    }
    reason = reason == null ? "" : reason.strip();
    if (severity != Severity.GOOD && reason.isEmpty()) {
      throw new IllegalArgumentException(
          "a " + severity.name().toLowerCase() + " quality needs a reason, e.g. Bad_NotConnected");
    }
  }

  public static Quality bad(String reason) {
    return new Quality(Severity.BAD, reason);
  }

  public static Quality uncertain(String reason) {
    return new Quality(Severity.UNCERTAIN, reason);
  }

  public boolean isGood() {
    return severity == Severity.GOOD;
  }

  @Override
  public String toString() {
    return isGood() ? "Good" : reason;
  }
}
