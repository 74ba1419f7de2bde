package io.millwright.uns.sparkplug.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdgeNodeStoreTest {

  @TempDir Path dir;

  @Test
  void sequencesStartAtOneIncreasePerDeviceAndAreNeverReusedAfterARestart() {
    long last;
    try (EdgeNodeStore store = new EdgeNodeStore(dir, BufferLimits.DEFAULT)) {
      assertThat(store.nextSequence("press-01")).isEqualTo(1);
      assertThat(store.nextSequence("press-01")).isEqualTo(2);
      assertThat(store.nextSequence("cnc-02")).isEqualTo(1);
      last = store.nextSequence("press-01");
    }
    try (EdgeNodeStore store = new EdgeNodeStore(dir, BufferLimits.DEFAULT)) {
      // The rest of the reserved block is skipped: gaps are harmless, reuse would not be.
      assertThat(store.nextSequence("press-01")).isGreaterThan(last);
      assertThat(store.nextSequence("cnc-02")).isGreaterThan(1);
    }
  }

  @Test
  void bdSeqIncrementsPerSessionWrapsAt255AndSurvivesARestart() {
    try (EdgeNodeStore store = new EdgeNodeStore(dir, BufferLimits.DEFAULT)) {
      assertThat(store.nextBdSeq()).isZero();
      for (int i = 1; i < 255; i++) {
        store.nextBdSeq();
      }
    }
    try (EdgeNodeStore store = new EdgeNodeStore(dir, BufferLimits.DEFAULT)) {
      assertThat(store.nextBdSeq()).isEqualTo(255);
      assertThat(store.nextBdSeq()).isZero();
    }
  }

  @Test
  void bufferedSamplesSurviveARestartInOrderWithEveryValueKind() {
    List<Sample> samples =
        List.of(
            Sample.good(1, Value.of(true)),
            Sample.good(2, Value.of(-7L)),
            new Sample(3, Value.of(Double.NaN), Quality.bad("Bad_SensorFailure")),
            new Sample(4, Value.of("x".repeat(70_000)), Quality.uncertain("Uncertain_Stale")));
    try (EdgeNodeStore store = new EdgeNodeStore(dir, BufferLimits.DEFAULT)) {
      for (int i = 0; i < samples.size(); i++) {
        store.add(new BufferedSample("press-01", "t" + i, 10 + i, samples.get(i)));
      }
    }
    try (EdgeNodeStore store = new EdgeNodeStore(dir, BufferLimits.DEFAULT)) {
      List<EdgeNodeStore.Entry> entries = store.read(Long.MIN_VALUE, 100);
      assertThat(entries).hasSize(4);
      for (int i = 0; i < samples.size(); i++) {
        assertThat(entries.get(i).sample())
            .isEqualTo(new BufferedSample("press-01", "t" + i, 10 + i, samples.get(i)));
      }
      assertThat(store.bytes()).isGreaterThan(70_000);
    }
  }

  @Test
  void theBoundDropsTheOldestAndCountsThem() {
    try (EdgeNodeStore store = new EdgeNodeStore(dir, new BufferLimits(10, 1 << 20))) {
      for (int i = 1; i <= 25; i++) {
        store.add(new BufferedSample("d", "t", i, Sample.good(i, Value.of((long) i))));
      }
      assertThat(store.size()).isEqualTo(10);
      assertThat(store.dropped()).isEqualTo(15);
      assertThat(store.read(Long.MIN_VALUE, 100))
          .extracting(e -> e.sample().sequence())
          .containsExactly(16L, 17L, 18L, 19L, 20L, 21L, 22L, 23L, 24L, 25L);
    }
    try (EdgeNodeStore store = new EdgeNodeStore(dir, new BufferLimits(4, 1 << 20))) {
      // A tighter bound applies at once on opening.
      assertThat(store.size()).isEqualTo(4);
      assertThat(store.dropped()).isEqualTo(6);
    }
  }

  @Test
  void theByteBoundDropsTheOldestToo() {
    try (EdgeNodeStore store = new EdgeNodeStore(dir, new BufferLimits(1000, 1024))) {
      for (int i = 1; i <= 100; i++) {
        store.add(new BufferedSample("d", "t", i, Sample.good(i, Value.of((long) i))));
      }
      assertThat(store.bytes()).isLessThanOrEqualTo(1024);
      assertThat(store.size() + store.dropped()).isEqualTo(100);
      assertThat(store.read(Long.MIN_VALUE, 1000).getLast().sample().sequence()).isEqualTo(100);
    }
  }

  @Test
  void aSampleWhosePublishFailedGoesBackBeforeTheSamplesBufferedAfterIt() {
    try (EdgeNodeStore store = new EdgeNodeStore(dir, BufferLimits.DEFAULT)) {
      store.add(sample(1)); // the backlog, not yet replayed
      long sentLive = store.reserveKey(); // sample 2 went out live...
      store.add(sample(3)); // ...the connection broke: 3 is buffered
      long replayed = store.read(Long.MIN_VALUE, 1).getFirst().key();
      store.remove(replayed); // 1 is replayed, but that publish fails too
      store.put(sentLive, sample(2)); // 2's publish fails
      store.put(replayed, sample(1));
      assertThat(store.read(Long.MIN_VALUE, 100))
          .extracting(e -> e.sample().sequence())
          .containsExactly(1L, 2L, 3L);
      assertThat(store.size()).isEqualTo(3);
    }
  }

  private static BufferedSample sample(long sequence) {
    return new BufferedSample("d", "t", sequence, Sample.good(sequence, Value.of(sequence)));
  }
}
