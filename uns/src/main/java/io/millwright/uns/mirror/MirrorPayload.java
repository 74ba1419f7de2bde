package io.millwright.uns.mirror;

import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.uns.json.JsonStrings;

/**
 * The JSON of one mirrored tag, as the contract gives it: {@code
 * {"value":21.5,"timestamp":1763805600000, "quality":"Good"}}. The timestamp is epoch milliseconds
 * (the wire's unit, as in Sparkplug); the quality is {@code Good} or the OPC UA reason of a lesser
 * one ({@code Bad_NotConnected}). JSON has no NaN or infinity: such a value is written as {@code
 * null}, its quality unchanged.
 */
final class MirrorPayload {

  private MirrorPayload() {}

  static String json(Sample sample) {
    StringBuilder out = new StringBuilder(64);
    out.append("{\"value\":");
    switch (sample.value()) {
      case Value.Bool b -> out.append(b.value());
      case Value.Int64 l -> out.append(l.value());
      case Value.Float64 d -> {
        if (Double.isFinite(d.value())) {
          out.append(d.value());
        } else {
          out.append("null");
        }
      }
      case Value.Text t -> JsonStrings.append(out, t.value());
    }
    out.append(",\"timestamp\":").append(sample.timestamp()).append(",\"quality\":");
    JsonStrings.append(out, sample.quality().toString());
    return out.append('}').toString();
  }
}
