package io.millwright.historian.store;

/**
 * One time bucket of a numeric tag's samples with quality Good: {@code [start, start + width)}.
 * Empty buckets are not returned.
 *
 * @param start the bucket's start, UTC epoch milliseconds, a multiple of the width from the epoch
 * @param count Good samples in the bucket
 * @param first the value of the earliest, {@code last} of the latest
 */
public record Bucket(
    long start, long count, double min, double max, double avg, double first, double last) {}
