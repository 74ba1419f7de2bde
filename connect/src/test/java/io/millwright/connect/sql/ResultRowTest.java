package io.millwright.connect.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ResultRowTest {

  private static List<ResultRow> rows(long... watermarks) {
    return LongStream.of(watermarks)
        .mapToObj(w -> new ResultRow(new Watermark(WatermarkType.NUMBER, w), 0, new Object[0]))
        .toList();
  }

  private static List<Object> watermarks(List<ResultRow> rows) {
    return rows.stream().map(r -> r.watermark().value()).toList();
  }

  @Test
  void aBatchThatIsNotFullIsDeliveredWhole() {
    assertThat(watermarks(ResultRow.deliverable(rows(1, 2, 2), 4))).containsExactly(1L, 2L, 2L);
  }

  @Test
  void aFullBatchHoldsBackItsTrailingTies() {
    // More rows with watermark 3 may lie beyond the limit; "> 2" next time reads them all.
    assertThat(watermarks(ResultRow.deliverable(rows(1, 2, 3, 3), 4))).containsExactly(1L, 2L);
  }

  @Test
  void aFullBatchLeavesItsLastValueForTheNextEvenWithoutVisibleTies() {
    // A fifth row with watermark 4 may lie beyond the limit: reading one row again is cheaper.
    assertThat(watermarks(ResultRow.deliverable(rows(1, 2, 3, 4), 4))).containsExactly(1L, 2L, 3L);
  }

  @Test
  void aFullBatchOfOneValueIsDeliveredRatherThanStuck() {
    assertThat(watermarks(ResultRow.deliverable(rows(5, 5, 5), 3))).containsExactly(5L, 5L, 5L);
  }
}
