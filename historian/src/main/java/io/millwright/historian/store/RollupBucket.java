package io.millwright.historian.store;

/**
 * One stored rollup bucket of a tag: what its Good numeric samples add up to, kept so that buckets
 * combine exactly into wider ones (a sum and a count rather than an average; first and last with
 * their timestamps).
 *
 * @param start the bucket's start, a multiple of the rollup width from the epoch
 */
public record RollupBucket(
    long start,
    long count,
    double sum,
    double min,
    double max,
    long firstTime,
    double first,
    long lastTime,
    double last) {}
