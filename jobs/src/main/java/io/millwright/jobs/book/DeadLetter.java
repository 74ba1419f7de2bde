package io.millwright.jobs.book;

import java.util.Objects;

/**
 * Something from or for the ERP the site could not take, kept for a person to look at: an order it
 * cannot read or map (unknown machine or product, a quantity that is not positive, a change to a
 * job already under way) or a confirmation the ERP refused for good.
 *
 * @param id the journal's number, 0 before it is journaled
 * @param direction {@code in} (an order) or {@code out} (a confirmation)
 * @param reference the order's key, or where it was found when it has none
 * @param raw what was received or sent, cut to a few kilobytes
 */
public record DeadLetter(
    long id,
    long at,
    String direction,
    String source,
    String reference,
    String raw,
    String reason) {

  public DeadLetter {
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(reason, "reason");
  }
}
