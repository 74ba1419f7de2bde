package io.millwright.connect.modbus;

import io.millwright.core.machine.Scale;
import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.uns.sparkplug.edge.TagSample;
import java.util.List;

/**
 * Turns the data of one answered request into samples in engineering units, and the failure of one
 * request into Bad samples carrying the tag's last value. Remembers each tag's last value, so it is
 * used from the connector's scheduler thread only.
 */
final class SampleDecoder {

  private final RegisterCodec codec;
  private final Value[] lastValues;

  SampleDecoder(RegisterCodec codec, int tagCount) {
    this.codec = codec;
    this.lastValues = new Value[tagCount];
  }

  void registers(ReadRequest request, int[] registers, long timestamp, List<TagSample> out) {
    for (ModbusTag t : request.tags()) {
      Value raw = codec.decode(t.type(), registers, t.start() - request.start(), t.count());
      out.add(good(t, engineering(t, raw), timestamp));
    }
  }

  void bits(ReadRequest request, boolean[] bits, long timestamp, List<TagSample> out) {
    for (ModbusTag t : request.tags()) {
      out.add(good(t, Value.of(bits[t.start() - request.start()]), timestamp));
    }
  }

  void failed(ReadRequest request, Quality quality, long timestamp, List<TagSample> out) {
    for (ModbusTag t : request.tags()) {
      Value last = lastValues[t.index()];
      Value value = last != null ? last : placeholder(t);
      out.add(new TagSample(t.name(), new Sample(timestamp, value, quality)));
    }
  }

  private TagSample good(ModbusTag t, Value value, long timestamp) {
    lastValues[t.index()] = value;
    return new TagSample(t.name(), Sample.good(timestamp, value));
  }

  /**
   * A scaled tag is delivered as a double whatever its raw type: {@code raw * 0.1} of an int16 is
   * not an integer any more.
   */
  static Value engineering(ModbusTag t, Value raw) {
    Scale scale = t.tag().scale();
    if (scale.isIdentity() || !t.type().isNumeric()) {
      return raw;
    }
    return Value.of(scale.apply(raw.asDouble()));
  }

  /** Sample needs a value even when none was ever read; quality Bad says not to trust it. */
  private static Value placeholder(ModbusTag t) {
    if (t.type().isNumeric() && !t.tag().scale().isIdentity()) {
      return Value.of(Double.NaN);
    }
    return switch (t.type().kind()) {
      case BOOLEAN -> Value.of(false);
      case LONG -> Value.of(0L);
      case DOUBLE -> Value.of(Double.NaN);
      case STRING -> Value.of("");
    };
  }
}
