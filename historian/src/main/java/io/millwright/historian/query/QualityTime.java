package io.millwright.historian.query;

import io.millwright.historian.store.StoredSample;

/**
 * Time in a range that no Good value covers, by why: Uncertain quality, Bad quality, or unknown (no
 * sample in force yet). Shared by the queries that weigh values by time, so that they agree on what
 * is left out.
 */
final class QualityTime {

  long uncertainMillis;
  long badMillis;
  long unknownMillis;

  /**
   * Counts the period when its sample is not Good.
   *
   * @return true when the sample is Good, and the caller weighs its value
   */
  boolean countUnlessGood(StoredSample inForce, long millis) {
    if (inForce == null) {
      unknownMillis += millis;
      return false;
    }
    switch (inForce.quality().severity()) {
      case GOOD -> {
        return true;
      }
      case UNCERTAIN -> uncertainMillis += millis;
      case BAD -> badMillis += millis;
    }
    return false;
  }
}
