package io.millwright.jobs.book;

/** What importing one order did. */
public sealed interface ImportOutcome {

  /** A new job. */
  record Created(Job job) implements ImportOutcome {}

  /** The order was known with the same content: nothing changed. */
  record Duplicate(Job job) implements ImportOutcome {}

  /** The order was known and not yet under way: its job now has the new content. */
  record Updated(Job job) implements ImportOutcome {}

  /** The site cannot take it: a dead letter, and the ERP is told. */
  record Rejected(String reason) implements ImportOutcome {}
}
