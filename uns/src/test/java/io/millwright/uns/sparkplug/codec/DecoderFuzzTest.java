package io.millwright.uns.sparkplug.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.uns.sparkplug.HostStatus;
import io.millwright.uns.sparkplug.InvalidTopicException;
import io.millwright.uns.sparkplug.SparkplugDecodeException;
import io.millwright.uns.sparkplug.SparkplugTopic;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.eclipse.tahu.protobuf.SparkplugBProto.DataType;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;

/**
 * RELIABILITY T6: whatever arrives, the decode path (payload decoding and conversion of every
 * metric to a sample) ends in a sample or in {@link SparkplugDecodeException}, never in another
 * throwable. (No timing assertion: it failed on a loaded machine; the payload size limit is what
 * bounds the work per message.) Tries per property come from {@code jqwik.tries.default}: 10,000 by
 * default, 500,000 with {@code -Pfuzz}.
 */
class DecoderFuzzTest {

  private static final int[] READ_AS = {
    DataType.Int8_VALUE, DataType.UInt32_VALUE, DataType.UInt64_VALUE, DataType.Float_VALUE,
    DataType.Boolean_VALUE, DataType.String_VALUE, DataType.DataSet_VALUE, DataType.Template_VALUE
  };
  private static final List<byte[]> CORPUS = corpus();

  private final PayloadCodec codec = new PayloadCodec(64 * 1024);

  @Property
  void randomBytesDecodeOrFailWithTheDocumentedException(@ForAll @Size(max = 2048) byte[] bytes) {
    decodeOrFailAsDocumented(bytes);
  }

  @Property
  void mutatedValidPayloadsDecodeOrFailWithTheDocumentedException(
      @ForAll("mutatedPayloads") byte[] bytes) {
    decodeOrFailAsDocumented(bytes);
  }

  @Property(tries = 2000)
  void anyTopicParsesOrFailsWithTheDocumentedException(
      @ForAll @StringLength(max = 200) String suffix) {
    for (String topic : new String[] {suffix, "spBv1.0/" + suffix}) {
      try {
        SparkplugTopic.parse(topic);
      } catch (InvalidTopicException expected) {
        assertThat(expected.getMessage()).startsWith("invalid Sparkplug topic");
      }
    }
  }

  @Property(tries = 2000)
  void anyStatePayloadParsesOrFailsWithTheDocumentedException(
      @ForAll @StringLength(max = 200) String json) {
    try {
      HostStatus.parse(json.getBytes(StandardCharsets.UTF_8));
    } catch (SparkplugDecodeException expected) {
      // documented
    }
  }

  // Regression corpus: inputs that broke or nearly broke decoders of this kind elsewhere.
  @Example
  void emptyTruncatedAndDeeplyNestedInputs() {
    decodeOrFailAsDocumented(new byte[0]);
    decodeOrFailAsDocumented(new byte[] {0x12});
    decodeOrFailAsDocumented(new byte[] {0x12, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x7f});
    decodeOrFailAsDocumented(new byte[] {0x18, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80});
    // property sets nested far beyond protobuf's recursion limit
    byte[] nested = new byte[] {0x08, 0x01};
    for (int i = 0; i < 200; i++) {
      nested = wrap(nested, i % 2 == 0 ? 0x62 : 0x0a);
    }
    decodeOrFailAsDocumented(nested);
  }

  @Provide
  Arbitrary<byte[]> mutatedPayloads() {
    Arbitrary<Integer> seed = Arbitraries.integers().between(0, CORPUS.size() - 1);
    Arbitrary<List<int[]>> edits =
        Combinators.combine(
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 4096),
                Arbitraries.integers().between(0, 255))
            .as((kind, position, value) -> new int[] {kind, position, value})
            .list()
            .ofMinSize(1)
            .ofMaxSize(8);
    return Combinators.combine(seed, edits).as((s, e) -> mutate(CORPUS.get(s), e));
  }

  /** Flips, overwrites, inserts or cuts bytes of a valid payload. */
  private static byte[] mutate(byte[] original, List<int[]> edits) {
    List<Byte> bytes = new ArrayList<>(original.length + edits.size());
    for (byte b : original) {
      bytes.add(b);
    }
    for (int[] edit : edits) {
      int at = bytes.isEmpty() ? 0 : edit[1] % bytes.size();
      switch (edit[0]) {
        case 0 -> {
          if (!bytes.isEmpty()) {
            bytes.set(at, (byte) (bytes.get(at) ^ (1 << (edit[2] & 7))));
          }
        }
        case 1 -> {
          if (!bytes.isEmpty()) {
            bytes.set(at, (byte) edit[2]);
          }
        }
        case 2 -> bytes.add(at, (byte) edit[2]);
        default -> {
          while (bytes.size() > at) {
            bytes.remove(bytes.size() - 1);
          }
        }
      }
    }
    byte[] out = new byte[bytes.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = bytes.get(i);
    }
    return out;
  }

  private void decodeOrFailAsDocumented(byte[] bytes) {
    try {
      Payload payload = codec.decode(bytes);
      for (Payload.Metric metric : payload.getMetricsList()) {
        Sample own = MetricValues.toSample(metric, metric.getDatatype(), 0);
        assertThat(own).isNotNull();
        for (int datatype : READ_AS) {
          assertThat(MetricValues.toSample(metric, datatype, 0)).isNotNull();
        }
        MetricSequence.read(metric);
      }
    } catch (SparkplugDecodeException expected) {
      // the one documented failure
    }
  }

  private static byte[] wrap(byte[] inner, int tag) {
    byte[] lengthVarint = varint(inner.length);
    byte[] out = new byte[1 + lengthVarint.length + inner.length];
    out[0] = (byte) tag;
    System.arraycopy(lengthVarint, 0, out, 1, lengthVarint.length);
    System.arraycopy(inner, 0, out, 1 + lengthVarint.length, inner.length);
    return out;
  }

  private static byte[] varint(int value) {
    byte[] buffer = new byte[5];
    int n = 0;
    while ((value & ~0x7f) != 0) {
      buffer[n++] = (byte) ((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    buffer[n++] = (byte) value;
    return java.util.Arrays.copyOf(buffer, n);
  }

  /** Valid payloads of every shape the decoder meets: births, data with properties, datasets. */
  private static List<byte[]> corpus() {
    List<byte[]> corpus = new ArrayList<>();
    Payload.Builder birth = Payload.newBuilder().setTimestamp(1).setSeq(0);
    int alias = 1;
    for (MetricValuesTest.Case c : MetricValuesTest.CASES) {
      int datatype = c.type().toIntValue();
      Payload.Metric.Builder metric =
          Payload.Metric.newBuilder().setName("m" + alias).setAlias(alias++).setDatatype(datatype);
      MetricValues.write(metric, datatype, c.value());
      birth.addMetrics(metric);
    }
    corpus.add(birth.build().toByteArray());

    Payload.Builder data = Payload.newBuilder().setTimestamp(2).setSeq(3);
    for (int i = 0; i < 20; i++) {
      Payload.PropertySet.Builder properties = Payload.PropertySet.newBuilder();
      MetricQuality.write(properties, i % 3 == 0 ? Quality.NOT_CONNECTED : Quality.GOOD);
      MetricSequence.write(properties, 1000 + i);
      data.addMetrics(
          Payload.Metric.newBuilder()
              .setAlias(i)
              .setTimestamp(3)
              .setIsHistorical(i % 2 == 0)
              .setDoubleValue(i * 0.5)
              .setProperties(properties));
    }
    corpus.add(data.build().toByteArray());

    Payload.DataSet.Builder dataSet =
        Payload.DataSet.newBuilder()
            .setNumOfColumns(2)
            .addColumns("a")
            .addColumns("b")
            .addTypes(DataType.Int32_VALUE)
            .addTypes(DataType.String_VALUE);
    for (int r = 0; r < 5; r++) {
      dataSet.addRows(
          Payload.DataSet.Row.newBuilder()
              .addElements(Payload.DataSet.DataSetValue.newBuilder().setIntValue(r))
              .addElements(Payload.DataSet.DataSetValue.newBuilder().setStringValue("r" + r)));
    }
    corpus.add(
        Payload.newBuilder()
            .addMetrics(
                Payload.Metric.newBuilder()
                    .setName("ds")
                    .setDatatype(DataType.DataSet_VALUE)
                    .setDatasetValue(dataSet))
            .addMetrics(
                Payload.Metric.newBuilder()
                    .setName("raw")
                    .setDatatype(DataType.Bytes_VALUE)
                    .setBytesValue(ByteString.copyFromUtf8("abc")))
            .addMetrics(
                Payload.Metric.newBuilder()
                    .setName("udt")
                    .setDatatype(DataType.Template_VALUE)
                    .setTemplateValue(
                        Payload.Template.newBuilder()
                            .setTemplateRef("Motor")
                            .addMetrics(Payload.Metric.newBuilder().setName("rpm").setIntValue(5))))
            .build()
            .toByteArray());
    corpus.add(
        Payload.newBuilder()
            .setTimestamp(4)
            .addMetrics(
                Payload.Metric.newBuilder()
                    .setName("Node Control/Rebirth")
                    .setDatatype(DataType.Boolean_VALUE)
                    .setBooleanValue(true))
            .build()
            .toByteArray());
    assertThat(MetricValues.toSample(Payload.Metric.getDefaultInstance(), 1, 0).value())
        .isEqualTo(Value.of(0L));
    return corpus;
  }
}
