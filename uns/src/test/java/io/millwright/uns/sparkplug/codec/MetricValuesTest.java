package io.millwright.uns.sparkplug.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.uns.sparkplug.SparkplugDecodeException;
import java.math.BigInteger;
import java.util.Date;
import java.util.List;
import org.eclipse.tahu.message.SparkplugBPayloadDecoder;
import org.eclipse.tahu.message.SparkplugBPayloadEncoder;
import org.eclipse.tahu.message.model.DataSet;
import org.eclipse.tahu.message.model.DataSetDataType;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.PropertyDataType;
import org.eclipse.tahu.message.model.PropertySet;
import org.eclipse.tahu.message.model.PropertyValue;
import org.eclipse.tahu.message.model.Row;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.eclipse.tahu.protobuf.SparkplugBProto.DataType;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;
import org.junit.jupiter.api.Test;

class MetricValuesTest {

  private static final long T = 1_700_000_000_000L;
  private final PayloadCodec codec = new PayloadCodec();

  /** Each Sparkplug type with the values at its edges, as the core value it becomes. */
  record Case(MetricDataType type, Object tahuValue, Value value) {}

  static final List<Case> CASES =
      List.of(
          new Case(MetricDataType.Int8, (byte) -128, Value.of(-128L)),
          new Case(MetricDataType.Int8, (byte) 127, Value.of(127L)),
          new Case(MetricDataType.Int16, Short.MIN_VALUE, Value.of((long) Short.MIN_VALUE)),
          new Case(MetricDataType.Int32, Integer.MIN_VALUE, Value.of((long) Integer.MIN_VALUE)),
          new Case(MetricDataType.Int32, Integer.MAX_VALUE, Value.of((long) Integer.MAX_VALUE)),
          new Case(MetricDataType.Int64, Long.MIN_VALUE, Value.of(Long.MIN_VALUE)),
          new Case(MetricDataType.UInt8, (short) 255, Value.of(255L)),
          new Case(MetricDataType.UInt16, 65_535, Value.of(65_535L)),
          new Case(MetricDataType.UInt32, 4_294_967_295L, Value.of(4_294_967_295L)),
          new Case(
              MetricDataType.UInt64, BigInteger.valueOf(Long.MAX_VALUE), Value.of(Long.MAX_VALUE)),
          new Case(MetricDataType.Float, 1.5f, Value.of(1.5)),
          new Case(MetricDataType.Double, -0.1, Value.of(-0.1)),
          new Case(MetricDataType.Boolean, true, Value.of(true)),
          new Case(MetricDataType.String, "héllo", Value.of("héllo")),
          new Case(MetricDataType.Text, "a\nb", Value.of("a\nb")),
          new Case(
              MetricDataType.UUID,
              "0b8e4f2a-1c3d-4e5f-8a9b-0c1d2e3f4a5b",
              Value.of("0b8e4f2a-1c3d-4e5f-8a9b-0c1d2e3f4a5b")),
          new Case(MetricDataType.DateTime, new Date(T), Value.of(T)));

  @Test
  void everyScalarTypeRoundTripsThroughOurWriterAndReader() throws Exception {
    for (Case c : CASES) {
      int datatype = c.type().toIntValue();
      Payload.Metric.Builder metric =
          Payload.Metric.newBuilder().setName("m").setDatatype(datatype);
      assertThat(MetricValues.write(metric, datatype, c.value())).as(c.toString()).isNull();
      Payload decoded = codec.decode(Payload.newBuilder().addMetrics(metric).build().toByteArray());
      Sample sample = MetricValues.toSample(decoded.getMetrics(0), datatype, T);
      assertThat(sample).as(c.toString()).isEqualTo(new Sample(T, c.value(), Quality.GOOD));
    }
  }

  @Test
  void readsWhatTahuWritesForEveryScalarType() throws Exception {
    SparkplugBPayload payload = new SparkplugBPayload(new Date(T), new java.util.ArrayList<>(), 0L);
    for (Case c : CASES) {
      payload.addMetric(
          new Metric.MetricBuilder(c.type().toString(), c.type(), c.tahuValue())
              .timestamp(new Date(T + 1))
              .createMetric());
    }
    Payload decoded = codec.decode(new SparkplugBPayloadEncoder().getBytes(payload, false));
    for (int i = 0; i < CASES.size(); i++) {
      Case c = CASES.get(i);
      Payload.Metric metric = decoded.getMetrics(i);
      assertThat(MetricValues.toSample(metric, metric.getDatatype(), T))
          .as(c.toString())
          .isEqualTo(new Sample(T + 1, c.value(), Quality.GOOD));
    }
  }

  @Test
  void tahuReadsWhatWeWriteForEveryScalarType() throws Exception {
    Payload.Builder payload = Payload.newBuilder().setTimestamp(T).setSeq(0);
    for (Case c : CASES) {
      int datatype = c.type().toIntValue();
      Payload.Metric.Builder metric =
          Payload.Metric.newBuilder()
              .setName(c.type().toString())
              .setTimestamp(T)
              .setDatatype(datatype);
      MetricValues.write(metric, datatype, c.value());
      payload.addMetrics(metric);
    }
    SparkplugBPayload tahu =
        new SparkplugBPayloadDecoder().buildFromByteArray(payload.build().toByteArray(), null);
    for (int i = 0; i < CASES.size(); i++) {
      assertThat(tahu.getMetrics().get(i).getValue())
          .as(CASES.get(i).toString())
          .isEqualTo(CASES.get(i).tahuValue());
    }
  }

  @Test
  void qualityAndSequenceTravelAsProperties() throws Exception {
    Payload.Metric.Builder metric =
        Payload.Metric.newBuilder()
            .setName("m")
            .setAlias(7)
            .setDatatype(DataType.Double_VALUE)
            .setTimestamp(T)
            .setDoubleValue(3.5);
    Payload.PropertySet.Builder properties = Payload.PropertySet.newBuilder();
    MetricQuality.write(properties, Quality.bad("Bad_SensorFailure"));
    MetricSequence.write(properties, 1L << 40);
    Payload decoded =
        codec.decode(
            Payload.newBuilder()
                .addMetrics(metric.setProperties(properties))
                .build()
                .toByteArray());
    Payload.Metric m = decoded.getMetrics(0);
    assertThat(MetricValues.toSample(m, DataType.Double_VALUE, 0))
        .isEqualTo(new Sample(T, Value.of(3.5), Quality.bad("Bad_SensorFailure")));
    assertThat(MetricSequence.read(m)).isEqualTo(1L << 40);

    // What Tahu (and Ignition) see: an Int32 "Quality" of 0 and the reason beside it.
    SparkplugBPayload tahu =
        new SparkplugBPayloadDecoder().buildFromByteArray(decoded.toByteArray(), null);
    PropertySet tahuProperties = tahu.getMetrics().get(0).getProperties();
    assertThat(tahuProperties.getPropertyValue("Quality").getValue()).isEqualTo(0);
    assertThat(tahuProperties.getPropertyValue("QualityReason").getValue())
        .isEqualTo("Bad_SensorFailure");
  }

  @Test
  void goodSamplesCarryNoQualityPropertyAndOtherSendersCodesMapByTheirTopBits() throws Exception {
    Payload.PropertySet.Builder none = Payload.PropertySet.newBuilder();
    MetricQuality.write(none, Quality.GOOD);
    assertThat(none.getKeysCount()).isZero();

    assertThat(qualityOf(192)).isEqualTo(Quality.GOOD);
    assertThat(qualityOf(0xD8)).isEqualTo(Quality.GOOD); // OPC DA "Good, local override"
    assertThat(qualityOf(64)).isEqualTo(Quality.uncertain("Uncertain"));
    assertThat(qualityOf(0)).isEqualTo(Quality.bad("Bad"));
    assertThat(qualityOf(0x80)).isEqualTo(Quality.bad("Bad"));
  }

  private static Quality qualityOf(int code) throws Exception {
    SparkplugBPayload payload = new SparkplugBPayload(new Date(T), new java.util.ArrayList<>());
    PropertySet properties =
        new PropertySet.PropertySetBuilder()
            .addProperty("Quality", new PropertyValue<>(PropertyDataType.Int32, code))
            .createPropertySet();
    payload.addMetric(
        new Metric.MetricBuilder("m", MetricDataType.Int32, 1)
            .properties(properties)
            .createMetric());
    Payload decoded = Payload.parseFrom(new SparkplugBPayloadEncoder().getBytes(payload, false));
    return MetricValues.toSample(decoded.getMetrics(0), DataType.Int32_VALUE, T).quality();
  }

  @Test
  void nullsMismatchesOverflowsAndUnsupportedTypesBecomeBadSamplesNotErrors() {
    Payload.Metric isNull = Payload.Metric.newBuilder().setTimestamp(T).setIsNull(true).build();
    assertThat(MetricValues.toSample(isNull, DataType.Float_VALUE, 0).quality())
        .isEqualTo(MetricValues.NO_DATA);

    Payload.Metric textForInt = Payload.Metric.newBuilder().setStringValue("x").build();
    assertThat(MetricValues.toSample(textForInt, DataType.Int32_VALUE, T))
        .isEqualTo(new Sample(T, Value.of(0L), Quality.TYPE_MISMATCH));

    Payload.Metric hugeUnsigned = Payload.Metric.newBuilder().setLongValue(-1).build();
    assertThat(MetricValues.toSample(hugeUnsigned, DataType.UInt64_VALUE, T).quality())
        .isEqualTo(MetricValues.OUT_OF_RANGE);

    Payload.Metric bytes =
        Payload.Metric.newBuilder()
            .setBytesValue(com.google.protobuf.ByteString.copyFrom(new byte[] {1, 2}))
            .build();
    for (int unsupported :
        new int[] {
          DataType.Bytes_VALUE,
          DataType.File_VALUE,
          DataType.Template_VALUE,
          DataType.Int32Array_VALUE,
          DataType.Unknown_VALUE,
          999
        }) {
      assertThat(MetricValues.toSample(bytes, unsupported, T).quality())
          .isEqualTo(MetricValues.NOT_SUPPORTED);
    }
  }

  @Test
  void writingRefusesValuesTheTypeCannotCarry() {
    Payload.Metric.Builder m = Payload.Metric.newBuilder();
    assertThat(MetricValues.write(m, DataType.Int16_VALUE, Value.of(40_000L)))
        .isEqualTo(MetricValues.OUT_OF_RANGE);
    assertThat(MetricValues.write(m, DataType.UInt32_VALUE, Value.of(-1L)))
        .isEqualTo(MetricValues.OUT_OF_RANGE);
    assertThat(MetricValues.write(m, DataType.Boolean_VALUE, Value.of(1L)))
        .isEqualTo(Quality.TYPE_MISMATCH);
    assertThat(MetricValues.write(m, DataType.Int32_VALUE, Value.of(2.5)))
        .isEqualTo(Quality.TYPE_MISMATCH);
    assertThat(MetricValues.write(m, DataType.Int32_VALUE, Value.of(2.0))).isNull();
    assertThat(m.getIntValue()).isEqualTo(2);
    assertThat(MetricValues.write(m, DataType.Bytes_VALUE, Value.of("x")))
        .isEqualTo(MetricValues.NOT_SUPPORTED);
  }

  @Test
  void aDataSetBecomesJsonText() throws Exception {
    DataSet dataSet =
        new DataSet.DataSetBuilder(3)
            .addColumnNames(List.of("step", "temp", "name"))
            .addTypes(
                List.of(DataSetDataType.Int32, DataSetDataType.Double, DataSetDataType.String))
            .addRow(
                new Row.RowBuilder()
                    .addValue(new org.eclipse.tahu.message.model.Value<>(DataSetDataType.Int32, -1))
                    .addValue(
                        new org.eclipse.tahu.message.model.Value<>(DataSetDataType.Double, 21.5))
                    .addValue(
                        new org.eclipse.tahu.message.model.Value<>(DataSetDataType.String, "a\"b"))
                    .createRow())
            .createDataSet();
    SparkplugBPayload payload = new SparkplugBPayload(new Date(T), new java.util.ArrayList<>());
    payload.addMetric(
        new Metric.MetricBuilder("recipe", MetricDataType.DataSet, dataSet).createMetric());
    Payload decoded = codec.decode(new SparkplugBPayloadEncoder().getBytes(payload, false));
    assertThat(MetricValues.toSample(decoded.getMetrics(0), DataType.DataSet_VALUE, T).value())
        .isEqualTo(
            Value.of(
                "{\"columns\":[\"step\",\"temp\",\"name\"],\"types\":[\"Int32\",\"Double\",\"String\"],"
                    + "\"rows\":[[-1,21.5,\"a\\\"b\"]]}"));
  }

  @Test
  void refusesOversizeAndNonProtobufPayloadsWithOneExceptionType() {
    PayloadCodec small = new PayloadCodec(100);
    assertThatThrownBy(() -> small.decode(new byte[101]))
        .isInstanceOf(SparkplugDecodeException.class)
        .hasMessageContaining("101 bytes; the limit is 100");
    assertThatThrownBy(() -> codec.decode(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}))
        .isInstanceOf(SparkplugDecodeException.class)
        .hasMessageContaining("not a Sparkplug B protobuf payload");
  }
}
