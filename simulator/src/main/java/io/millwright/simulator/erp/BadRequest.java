package io.millwright.simulator.erp;

/** A request the simulated ERP refuses, with the status and a sentence for the problem JSON. */
final class BadRequest extends Exception {

  private static final long serialVersionUID = 1L;

  private final int status;

  BadRequest(int status, String detail) {
    // Ordinary input, not a fault: no stack trace.
    super(detail, null, false, false);
    this.status = status;
  }

  BadRequest(String detail) {
    this(400, detail);
  }

  int status() {
    return status;
  }
}
