package io.millwright.uns.sparkplug.buffer;

/**
 * How much the store-and-forward buffer keeps on disk. When either limit is reached the oldest
 * samples are dropped and counted: during a long outage the newest data is the most useful, and an
 * edge box's disk is shared with everything else on it (RELIABILITY T4).
 *
 * @param maxSamples samples kept at most
 * @param maxBytes encoded bytes kept at most (the file is larger by MVStore's overhead)
 */
public record BufferLimits(long maxSamples, long maxBytes) {

  /** One million samples or 256 MiB, whichever comes first. */
  public static final BufferLimits DEFAULT = new BufferLimits(1_000_000, 256L * 1024 * 1024);

  public BufferLimits {
    if (maxSamples < 1) {
      throw new IllegalArgumentException("the buffer must hold at least one sample");
    }
    if (maxBytes < 1024) {
      throw new IllegalArgumentException("the buffer must hold at least 1 KiB");
    }
  }
}
