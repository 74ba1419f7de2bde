package io.millwright.uns.sparkplug.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.uns.sparkplug.buffer.BufferedSample;
import io.millwright.uns.sparkplug.buffer.EdgeNodeStore;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class UnconfirmedWindowTest {

  private static List<EdgeNodeStore.Entry> entries(long first, long last) {
    return LongStream.rangeClosed(first, last)
        .mapToObj(
            k ->
                new EdgeNodeStore.Entry(
                    k,
                    new BufferedSample(
                        "press-01", "counts/cycles", k, Sample.good(k, new Value.Int64(k)))))
        .toList();
  }

  private static List<Long> keys(List<EdgeNodeStore.Entry> entries) {
    return entries.stream().map(EdgeNodeStore.Entry::key).toList();
  }

  @Test
  void givesBackWhatWasSentWithinTheWindowOldestFirstAndOnlyOnce() {
    UnconfirmedWindow window = new UnconfirmedWindow();
    long t0 = 1_000_000_000L;
    window.add(entries(1, 3), t0);
    window.add(entries(4, 5), t0 + UnconfirmedWindow.AGE_NANOS);

    assertThat(keys(window.takeAll(t0 + UnconfirmedWindow.AGE_NANOS + 1))).containsExactly(4L, 5L);
    assertThat(window.takeAll(t0 + UnconfirmedWindow.AGE_NANOS + 2)).isEmpty();
  }

  @Test
  void keepsAtMostTheNewestMaxSamples() {
    UnconfirmedWindow window = new UnconfirmedWindow();
    window.add(entries(1, UnconfirmedWindow.MAX_SAMPLES + 10), 0);

    List<EdgeNodeStore.Entry> kept = window.takeAll(1);
    assertThat(kept).hasSize(UnconfirmedWindow.MAX_SAMPLES);
    assertThat(kept.getFirst().key()).isEqualTo(11L);
  }
}
