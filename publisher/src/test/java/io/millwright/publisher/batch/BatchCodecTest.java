package io.millwright.publisher.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class BatchCodecTest {

  static final BatchId ID = new BatchId("plant-1", "k3x9q2", 42);

  @Test
  void aBatchComesBackAsItWentTagByTagInOrder() throws Exception {
    long t = 1_790_000_000_000L;
    List<TagReading> readings =
        List.of(
            reading("acme/plant-1/pressing/line-1/press-01/counts/cycles", t, Value.of(17L)),
            reading("acme/plant-1/machining/cell-1/cnc-01/spindle/speed", t + 5, Value.of(8012.5)),
            reading("acme/plant-1/pressing/line-1/press-01/counts/cycles", t + 1000, Value.of(18L)),
            reading(
                "acme/plant-1/pressing/line-1/press-01/state", t - 20_000, Value.of("producing")),
            reading("acme/plant-1/pressing/line-1/press-01/door/open", t, Value.of(true)),
            new TagReading(
                "acme/plant-1/machining/cell-1/cnc-01/spindle/speed",
                new Sample(t + 900, Value.of(Double.NaN), Quality.bad("Bad_NotConnected"))));
    List<SiteEvent> events =
        List.of(
            new SiteEvent(
                "acme/plant-1/_jobs/events", t + 3, "{\"job\":7,\"status\":\"running\"}"));
    Batch batch = new Batch(ID, t + 1000, readings, events);

    Batch back = BatchCodec.decode(BatchCodec.encode(batch));

    assertThat(back.id()).isEqualTo(ID);
    assertThat(back.sealedAt()).isEqualTo(t + 1000);
    assertThat(back.events()).isEqualTo(events);
    assertThat(back.readings()).containsExactlyInAnyOrderElementsOf(readings);
    assertThat(tagOrder(back.readings(), "acme/plant-1/pressing/line-1/press-01/counts/cycles"))
        .containsExactly(t, t + 1000);
    assertThat(tagOrder(back.readings(), "acme/plant-1/machining/cell-1/cnc-01/spindle/speed"))
        .containsExactly(t + 5, t + 900);
  }

  @Test
  void aSteadyPlantCostsFewBytesASample() throws Exception {
    // 300 tags each sampled once a second for 5 s: noisy analogue values, counters, states.
    SplittableRandom rnd = new SplittableRandom(7);
    long t = 1_790_000_000_000L;
    List<TagReading> readings = new ArrayList<>();
    for (int second = 0; second < 5; second++) {
      for (int tag = 0; tag < 300; tag++) {
        String path =
            "acme/plant-1/area-" + tag / 50 + "/line-1/machine-" + tag / 10 + "/tag-" + tag;
        long ts = t + second * 1000L + tag % 7;
        Value v =
            switch (tag % 3) {
              case 0 -> Value.of(Math.round((60 + rnd.nextDouble()) * 100) / 100.0);
              case 1 -> Value.of(1000L + second * 3L);
              default -> Value.of(second < 3 ? "producing" : "idle");
            };
        readings.add(reading(path, ts, v));
      }
    }
    byte[] bytes = BatchCodec.encode(new Batch(ID, t + 5000, readings, List.of()));
    double perSample = (double) bytes.length / readings.size();
    System.out.printf(
        "batch of %d readings: %d bytes, %.2f bytes/sample%n",
        readings.size(), bytes.length, perSample);
    assertThat(perSample).isLessThan(10);
  }

  @Test
  void aSecondOfTheDemoFactoryIsAFewBytesASample() throws Exception {
    // What the publisher seals each second in the demo: ~40 readings of ~30 tags of 11 machines.
    String[][] machines = {
      {"pressing/line-1/press-01", "pressing/line-1/press-02", "moulding/line-2/imm-01"},
      {"moulding/line-2/imm-02", "moulding/line-2/imm-03", "machining/cell-1/cnc-01"},
      {"machining/cell-1/cnc-02", "machining/cell-1/cnc-03", "finishing/line-3/laser-01"},
      {"finishing/line-3/washer-01", "quality/lab/cmm-01"}
    };
    String[] tags = {"counts/cycles", "counts/good", "hydraulics/oil-temperature"};
    SplittableRandom rnd = new SplittableRandom(3);
    long t = 1_790_000_000_000L;
    List<TagReading> readings = new ArrayList<>();
    for (String[] group : machines) {
      for (String machine : group) {
        for (String tag : tags) {
          String path = "acme/plant-1/" + machine + "/" + tag;
          Value v =
              tag.startsWith("counts")
                  ? Value.of(1000L + rnd.nextInt(3))
                  : Value.of(Math.round((40 + rnd.nextDouble()) * 10) / 10.0);
          readings.add(reading(path, t + rnd.nextInt(1000), v));
          if (rnd.nextInt(4) == 0) {
            readings.add(reading(path, t + 500 + rnd.nextInt(500), v));
          }
        }
      }
    }
    byte[] bytes = BatchCodec.encode(new Batch(ID, t + 1000, readings, List.of()));
    System.out.printf(
        "a second of the demo: %d readings, %d bytes, %.1f bytes/sample%n",
        readings.size(), bytes.length, (double) bytes.length / readings.size());
    assertThat(BatchCodec.decode(bytes).readings()).containsExactlyInAnyOrderElementsOf(readings);
  }

  @Test
  void aTextTooLongForTheCloudIsCutNotTheBatchLost() throws Exception {
    String huge = "x".repeat(BatchCodec.MAX_STRING_BYTES + 10);
    Batch batch = new Batch(ID, 1, List.of(reading("a/b", 1, Value.of(huge))), List.of());
    Batch back = BatchCodec.decode(BatchCodec.encode(batch));
    assertThat(((Value.Text) back.readings().get(0).sample().value()).value())
        .hasSizeLessThanOrEqualTo(BatchCodec.MAX_STRING_BYTES);
  }

  @Test
  void whatIsNotABatchIsRefusedWithAReason() {
    assertThatThrownBy(() -> BatchCodec.decode(new byte[] {1, 2}))
        .isInstanceOf(MalformedBatchException.class)
        .hasMessageContaining("fewer than 4 bytes");
    assertThatThrownBy(() -> BatchCodec.decode("GET / HTTP/1.1".getBytes()))
        .isInstanceOf(MalformedBatchException.class)
        .hasMessageContaining("MWB");
    assertThatThrownBy(() -> BatchCodec.decode(new byte[] {'M', 'W', 'B', 9, 0}))
        .isInstanceOf(UnknownBatchVersionException.class)
        .hasMessageContaining("version 9");
    byte[] good =
        BatchCodec.encode(new Batch(ID, 1, List.of(reading("a/b", 1, Value.of(1L))), List.of()));
    assertThatThrownBy(() -> BatchCodec.decode(Arrays.copyOf(good, good.length - 3)))
        .isInstanceOf(MalformedBatchException.class);
  }

  @Property(tries = 300)
  void everyBatchRoundTrips(@ForAll("batches") Batch batch) throws Exception {
    Batch back = BatchCodec.decode(BatchCodec.encode(batch));
    assertThat(back.id()).isEqualTo(batch.id());
    assertThat(back.events()).isEqualTo(batch.events());
    assertThat(back.readings()).containsExactlyInAnyOrderElementsOf(batch.readings());
    for (TagReading r : batch.readings()) {
      assertThat(tagOrder(back.readings(), r.tag())).isEqualTo(tagOrder(batch.readings(), r.tag()));
    }
  }

  @Property(tries = 2000)
  void arbitraryBytesDecodeOrFailCleanly(@ForAll byte[] bytes) {
    decodeOrFailCleanly(bytes);
    byte[] headed = new byte[bytes.length + 4];
    System.arraycopy(BatchCodec.MAGIC, 0, headed, 0, 4);
    System.arraycopy(bytes, 0, headed, 4, bytes.length);
    decodeOrFailCleanly(headed);
  }

  @Property(tries = 1000)
  void aDamagedBatchFailsCleanly(
      @ForAll("batches") Batch batch, @ForAll int position, @ForAll byte xor) {
    byte[] bytes = BatchCodec.encode(batch);
    bytes[Math.floorMod(position, bytes.length)] ^= xor;
    decodeOrFailCleanly(bytes);
  }

  static void decodeOrFailCleanly(byte[] bytes) {
    try {
      BatchCodec.decode(bytes);
    } catch (MalformedBatchException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<Batch> batches() {
    Arbitrary<String> tags =
        Arbitraries.of(
            "acme/p/a/l/m1/speed", "acme/p/a/l/m1/state", "acme/p/a/l/m2/count", "x/ü/€");
    Arbitrary<Value> values =
        Arbitraries.oneOf(
            Arbitraries.of(true, false).map(Value::of),
            Arbitraries.longs().map(Value::of),
            Arbitraries.doubles().map(Value::of),
            Arbitraries.of(Double.NaN, Double.NEGATIVE_INFINITY, -0.0).map(Value::of),
            Arbitraries.strings().ofMaxLength(40).map(Value::of));
    Arbitrary<Quality> qualities =
        Arbitraries.of(Quality.GOOD, Quality.NOT_CONNECTED, Quality.STALE, Quality.bad("Bad_X"));
    Arbitrary<TagReading> readings =
        Combinators.combine(tags, Arbitraries.longs(), values, qualities)
            .as((tag, ts, v, q) -> new TagReading(tag, new Sample(ts, v, q)));
    Arbitrary<SiteEvent> events =
        Combinators.combine(
                Arbitraries.of("acme/p/_jobs/events", "acme/p/_alarms/events"),
                Arbitraries.longs(),
                Arbitraries.strings().ofMaxLength(200))
            .as(SiteEvent::new);
    return Combinators.combine(
            Arbitraries.longs().between(1, Long.MAX_VALUE),
            Arbitraries.longs(),
            readings.list().ofMaxSize(60),
            events.list().ofMaxSize(5))
        .as((seq, sealedAt, r, e) -> new Batch(new BatchId("plant-1", "b1", seq), sealedAt, r, e));
  }

  static TagReading reading(String tag, long ts, Value v) {
    return new TagReading(tag, Sample.good(ts, v));
  }

  static List<Long> tagOrder(List<TagReading> readings, String tag) {
    return readings.stream()
        .filter(r -> r.tag().equals(tag))
        .map(r -> r.sample().timestamp())
        .toList();
  }
}
