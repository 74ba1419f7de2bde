package io.millwright.uns.sparkplug.host;

import io.millwright.core.sample.Sample;

/**
 * One sample of one metric as a host received it.
 *
 * @param metric the metric name, i.e. the tag path below the machine
 * @param sequence the edge node's 64-bit per-device sample sequence, for dropping duplicates; 0
 *     when the sender gave none (other vendors' edge nodes, samples the host made up on a death)
 * @param historical true for samples replayed from an edge node's store-and-forward buffer
 *     (Sparkplug {@code is_historical}): they belong in history, not in the live value
 */
public record MetricSample(String metric, Sample sample, long sequence, boolean historical) {}
