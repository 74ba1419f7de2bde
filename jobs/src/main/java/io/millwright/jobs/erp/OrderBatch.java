package io.millwright.jobs.erp;

import java.util.List;

/**
 * Orders fetched from the ERP in its order, and the cursor to fetch after them. The job book
 * imports the whole batch before it stores the cursor, so a crash in between fetches the batch
 * again (and the import, being idempotent, makes nothing twice).
 *
 * @param cursor opaque to everyone but the adapter (a row id, a timestamp, a page token); the same
 *     cursor when nothing new came
 */
public record OrderBatch(List<Incoming> orders, String cursor) {

  public OrderBatch {
    orders = List.copyOf(orders);
  }
}
