package io.millwright.publisher.buffer;

/**
 * How much the outbound buffer may hold.
 *
 * @param budgetBytes the most payload bytes (encoded, compressed batches) it keeps; at least 1 MiB.
 *     The database file is larger than this (plan about three times): see {@link
 *     BufferStats#fileBytes()}
 * @param warnAt the fill, strictly between 0 and 1 (e.g. 0.8), from which {@link
 *     BufferStats#warning()} is raised
 */
public record BufferLimits(long budgetBytes, double warnAt) {

  /** The smallest budget: 1 MiB. */
  public static final long MIN_BUDGET_BYTES = 1024 * 1024;

  public BufferLimits {
    if (budgetBytes < MIN_BUDGET_BYTES) {
      throw new IllegalArgumentException(
          "the buffer's budget of " + budgetBytes + " bytes is under the minimum of 1 MiB");
    }
    if (!(warnAt > 0 && warnAt < 1)) {
      throw new IllegalArgumentException(
          "the buffer's warning level " + warnAt + " is not strictly between 0 and 1");
    }
  }
}
