package io.millwright.jobs.erp;

/** How the ERP took a confirmation. */
public enum Delivery {
  /** Taken for the first time. */
  ACCEPTED,
  /** The ERP already had a confirmation with this id: nothing changed there, and that is fine. */
  DUPLICATE
}
