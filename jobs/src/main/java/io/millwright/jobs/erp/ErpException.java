package io.millwright.jobs.erp;

/**
 * The ERP could not be reached or refused a request.
 *
 * <p>A retryable failure (unreachable, a timeout, a 5xx, a lost database connection) is retried
 * with a growing pause and the sync status shows it. A permanent one (the ERP refuses this very
 * confirmation, e.g. an HTTP 4xx other than 408/429) would fail again unchanged: the confirmation
 * goes to the dead-letter list and the next one is sent.
 */
public final class ErpException extends Exception {

  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  public ErpException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  public ErpException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
