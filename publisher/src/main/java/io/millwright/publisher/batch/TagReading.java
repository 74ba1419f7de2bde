package io.millwright.publisher.batch;

import io.millwright.core.sample.Sample;
import java.util.Objects;

/**
 * One sample of one tag, bound for the cloud.
 *
 * @param tag the tag's full namespace path, {@code
 *     <enterprise>/<site>/<area>/<line>/<machine>/<tag>}
 * @param sample when, what and how trustworthy, as the edge received it (timestamps are never
 *     rewritten, a clock jump included)
 */
public record TagReading(String tag, Sample sample) {

  /** Longest tag path a batch carries: the namespace's own limit and the site's placement. */
  public static final int MAX_TAG_LENGTH = 512;

  public TagReading {
    Objects.requireNonNull(sample, "sample");
    if (tag == null || tag.isEmpty() || tag.length() > MAX_TAG_LENGTH) {
      throw new IllegalArgumentException("a reading's tag path is 1-" + MAX_TAG_LENGTH + " chars");
    }
  }
}
