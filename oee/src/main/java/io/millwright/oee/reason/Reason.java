package io.millwright.oee.reason;

/** One stop reason of a reason table: the code a machine reports and what it means. */
public record Reason(int code, String label) {

  public Reason {
    if (code <= 0) {
      throw new IllegalArgumentException("a reason code is a positive number, not " + code);
    }
    if (label == null || label.isBlank()) {
      throw new IllegalArgumentException("reason " + code + " needs a label");
    }
  }
}
