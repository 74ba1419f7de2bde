package io.millwright.uns.sparkplug.edge;

import io.millwright.core.sample.Sample;

/** A sample of a named tag, for publishing several in one DDATA. */
public record TagSample(String tag, Sample sample) {}
