package io.millwright.uns.sparkplug.host;

import io.millwright.core.sample.Sample;

/** A metric as its birth declared it, plus the last live sample, which a death turns Bad. */
final class MetricInfo {
  final String name;
  final int datatype;
  Sample last;

  MetricInfo(String name, int datatype) {
    this.name = name;
    this.datatype = datatype;
  }
}
