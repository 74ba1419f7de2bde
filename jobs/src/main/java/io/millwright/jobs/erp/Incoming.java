package io.millwright.jobs.erp;

/**
 * One entry of what the ERP sent: an order that could be read, or one that could not (kept with its
 * raw text for the dead-letter list, never dropped).
 */
public sealed interface Incoming {

  /** An order read completely; whether the site can run it is decided on import. */
  record Order(ErpOrder order) implements Incoming {}

  /**
   * An entry that is not an order: a missing or malformed field, a quantity that is not a number.
   *
   * @param reference what identifies it at the source (its order number if one could be read, or
   *     its row id or position), for the dead-letter list and the ERP's rejection
   * @param raw the entry as received, cut to a few kilobytes
   * @param reason what is wrong, naming the field
   */
  record Unreadable(String reference, String raw, String reason) implements Incoming {}
}
