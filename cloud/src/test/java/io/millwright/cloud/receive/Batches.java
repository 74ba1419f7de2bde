package io.millwright.cloud.receive;

import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.historian.store.StoredSample;
import io.millwright.publisher.batch.Batch;
import io.millwright.publisher.batch.BatchCodec;
import io.millwright.publisher.batch.BatchId;
import io.millwright.publisher.batch.SiteEvent;
import io.millwright.publisher.batch.TagReading;
import io.millwright.publisher.transport.Envelope;
import java.util.ArrayList;
import java.util.List;

/** Batches as a site's publisher seals them: two presses' pressures, one reading a second. */
final class Batches {

  static final long T0 = 1_767_225_600_000L;

  private Batches() {}

  static String tag(String site, int press) {
    return "acme/" + site + "/pressing/line-1/press-0" + press + "/hydraulics/pressure";
  }

  /** Batch {@code sequence}: {@code perTag} readings of each press from its own second on. */
  static Batch batch(String site, long sequence, int perTag) {
    long from = T0 + (sequence - 1) * perTag * 1000L;
    List<TagReading> readings = new ArrayList<>();
    for (int press = 1; press <= 2; press++) {
      for (int i = 0; i < perTag; i++) {
        long t = from + i * 1000L;
        readings.add(
            new TagReading(
                tag(site, press), new Sample(t, Value.of(100.0 + press + i), Quality.GOOD)));
      }
    }
    List<SiteEvent> events =
        List.of(
            new SiteEvent(
                "acme/" + site + "/_alarms/events",
                from,
                "{\"alarm\":\"press-01 pressure high\",\"seq\":" + sequence + "}"));
    return new Batch(new BatchId(site, "b0", sequence), from, readings, events);
  }

  static Envelope envelope(Batch batch) {
    return new Envelope(batch.id(), false, BatchCodec.encode(batch));
  }

  /** The batch's readings as the store keeps them, tag by tag, oldest first. */
  static List<StoredSample> samples(Batch batch, int press) {
    String tag = tag(batch.id().site(), press);
    return batch.readings().stream()
        .filter(r -> r.tag().equals(tag))
        .map(
            r ->
                new StoredSample(
                    r.tag(), r.sample().timestamp(), r.sample().value(), r.sample().quality()))
        .toList();
  }

  static List<StoredSample> allSamples(Batch batch) {
    List<StoredSample> all = new ArrayList<>(samples(batch, 1));
    all.addAll(samples(batch, 2));
    return all;
  }
}
