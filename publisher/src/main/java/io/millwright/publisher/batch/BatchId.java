package io.millwright.publisher.batch;

import io.millwright.core.namespace.Names;
import java.util.regex.Pattern;

/**
 * Which batch: the site, the buffer that sealed it and its number in that buffer. Stable across
 * resends (the receiver makes its effect exactly-once by it) and never reused: a new buffer (a lost
 * volume, a new install) has a new random name, so its numbers cannot collide with the old ones.
 *
 * @param site the site id, as registered at the cloud
 * @param buffer the buffer's random name, 1-32 of [a-z0-9]
 * @param sequence 1 for the buffer's first batch, one more for each
 */
public record BatchId(String site, String buffer, long sequence) {

  private static final Pattern BUFFER = Pattern.compile("[a-z0-9]{1,32}");

  public BatchId {
    Names.requireName("site id", site);
    if (buffer == null || !BUFFER.matcher(buffer).matches()) {
      throw new IllegalArgumentException(
          "buffer name \"" + buffer + "\" is not 1-32 lower-case letters and digits");
    }
    if (sequence < 1) {
      throw new IllegalArgumentException("batch sequence " + sequence + " is not positive");
    }
  }

  /** Reads {@code site/buffer/sequence}, as {@link #toString()} writes it. */
  public static BatchId parse(String text) {
    if (text == null || text.length() > 200) {
      throw new IllegalArgumentException("a batch id is site/buffer/sequence");
    }
    String[] parts = text.split("/", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("batch id \"" + text + "\" is not site/buffer/sequence");
    }
    try {
      return new BatchId(parts[0], parts[1], Long.parseLong(parts[2]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "batch id \"" + text + "\": sequence \"" + parts[2] + "\" is not a number");
    }
  }

  @Override
  public String toString() {
    return site + "/" + buffer + "/" + sequence;
  }
}
