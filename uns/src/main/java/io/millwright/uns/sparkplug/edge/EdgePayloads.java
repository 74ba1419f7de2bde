package io.millwright.uns.sparkplug.edge;

import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Sample;
import io.millwright.uns.sparkplug.buffer.BufferedSample;
import io.millwright.uns.sparkplug.codec.MetricQuality;
import io.millwright.uns.sparkplug.codec.MetricSequence;
import io.millwright.uns.sparkplug.codec.MetricValues;
import java.util.Collection;
import java.util.List;
import org.eclipse.tahu.protobuf.SparkplugBProto.DataType;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload.Metric;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload.PropertySet;

/** Builds the payloads an edge node sends (Sparkplug 3.0, 6.4.18 "Payload Requirements"). */
final class EdgePayloads {

  static final String BD_SEQ = "bdSeq";
  static final String REBIRTH = "Node Control/Rebirth";

  private EdgePayloads() {}

  /**
   * tck-id-payloads-nbirth-bdseq, tck-id-payloads-nbirth-rebirth-req: the bdSeq of this connection
   * and Node Control/Rebirth = false.
   */
  static byte[] nodeBirth(long bdSeq, int seq, long now) {
    return Payload.newBuilder()
        .setTimestamp(now)
        .setSeq(seq)
        .addMetrics(bdSeqMetric(bdSeq, now))
        .addMetrics(
            Metric.newBuilder()
                .setName(REBIRTH)
                .setTimestamp(now)
                .setDatatype(DataType.Boolean_VALUE)
                .setBooleanValue(false))
        .build()
        .toByteArray();
  }

  /** tck-id-payloads-ndeath-bdseq, tck-id-payloads-ndeath-seq: bdSeq only, no seq. */
  static byte[] nodeDeath(long bdSeq, long now) {
    return Payload.newBuilder()
        .setTimestamp(now)
        .addMetrics(bdSeqMetric(bdSeq, now))
        .build()
        .toByteArray();
  }

  /**
   * Every tag with name, alias, datatype and its last value (tck-id-payloads-dbirth-..., all
   * metrics the device will report), is_null for tags without a value yet.
   */
  static byte[] deviceBirth(Collection<TagState> tags, int seq, long now) {
    Payload.Builder payload = Payload.newBuilder().setTimestamp(now).setSeq(seq);
    for (TagState tag : tags) {
      Metric.Builder metric =
          Metric.newBuilder().setName(tag.tag.name()).setAlias(tag.alias).setDatatype(tag.datatype);
      if (tag.last == null) {
        metric.setTimestamp(now).setIsNull(true);
      } else {
        value(metric, tag, tag.last, tag.lastSequence);
      }
      payload.addMetrics(metric);
    }
    return payload.build().toByteArray();
  }

  /** Aliases only after the birth (tck-id-payloads-alias-data-cmd-requirement). */
  static byte[] deviceData(
      DeviceHandle device, List<BufferedSample> samples, boolean historical, int seq, long now) {
    Payload.Builder payload = Payload.newBuilder().setTimestamp(now).setSeq(seq);
    for (BufferedSample sample : samples) {
      TagState tag = device.tag(sample.tag());
      Metric.Builder metric = Metric.newBuilder().setAlias(tag.alias);
      if (historical) {
        metric.setIsHistorical(true);
      }
      value(metric, tag, sample.sample(), sample.sequence());
      payload.addMetrics(metric);
    }
    return payload.build().toByteArray();
  }

  static byte[] deviceDeath(int seq, long now) {
    return Payload.newBuilder().setTimestamp(now).setSeq(seq).build().toByteArray();
  }

  private static void value(Metric.Builder metric, TagState tag, Sample sample, long sequence) {
    metric.setTimestamp(sample.timestamp());
    Quality quality = sample.quality();
    Quality refused = MetricValues.write(metric, tag.datatype, sample.value());
    if (refused != null) {
      // The connector gave a value the tag's type cannot carry: send no value and say why.
      metric.setIsNull(true);
      quality = refused;
    }
    PropertySet.Builder properties = PropertySet.newBuilder();
    MetricQuality.write(properties, quality);
    MetricSequence.write(properties, sequence);
    metric.setProperties(properties);
  }

  private static Metric.Builder bdSeqMetric(long bdSeq, long now) {
    return Metric.newBuilder()
        .setName(BD_SEQ)
        .setTimestamp(now)
        .setDatatype(DataType.UInt64_VALUE)
        .setLongValue(bdSeq);
  }
}
