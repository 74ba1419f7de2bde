package io.millwright.oee.state;

import io.millwright.core.sample.Sample;

/** One sample of one of a machine's tags, as the namespace delivered it. */
public record Reading(String tag, Sample sample) {}
