package io.millwright.jobs.erp;

/**
 * The site's link to one ERP: orders in, confirmations out. Called from the job book's sync thread
 * only, one call at a time; an adapter holds no job state (the journal does), only its connection.
 *
 * <p>Adapters: {@code rest} (a generic JSON-over-HTTP ERP, polled; it may also push orders to the
 * site's webhook) and {@code sql} (staging tables in the ERP's middleware database).
 */
public interface ErpAdapter extends AutoCloseable {

  /**
   * Orders the ERP has for the site after {@code cursor}, oldest first, at most {@code limit}.
   *
   * @param cursor the cursor of the last batch imported; empty at the very first fetch
   * @throws ErpException when the ERP cannot be asked now
   */
  OrderBatch fetch(String cursor, int limit) throws ErpException;

  /**
   * Sends one confirmation. Idempotent by {@link Confirmation#id()}: a confirmation the ERP already
   * holds answers {@link Delivery#DUPLICATE}.
   *
   * @throws ErpException when it could not be delivered ({@link ErpException#retryable()} says
   *     whether trying again can help)
   */
  Delivery confirm(Confirmation confirmation) throws ErpException;

  /** Where it talks to, for the sync status and logs: never a credential. */
  String describe();

  @Override
  void close();
}
