package io.millwright.connect.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestPlannerTest {

  private static final ModbusOptions DEFAULTS = ModbusOptions.DEFAULTS;

  @Test
  void neighbouringRegistersBecomeOneRequest() {
    List<ReadRequest> plan =
        plan(
            DEFAULTS,
            tag("holding:0", DataType.FLOAT32),
            tag("holding:2", DataType.INT16),
            tag("holding:3", DataType.INT64));
    assertThat(plan).singleElement().hasToString("holding:0 x7");
    assertThat(plan.get(0).tags()).hasSize(3);
  }

  @Test
  void aGapUpToMaxGapIsReadAcrossAndALargerOneSplits() {
    // holding:2 ends at 4; holding:12 is a gap of 8 away (merged), holding:29 a gap of 16 (split).
    List<ReadRequest> plan =
        plan(
            DEFAULTS,
            tag("holding:2", DataType.FLOAT32),
            tag("holding:12", DataType.INT16),
            tag("holding:29", DataType.INT16));
    assertThat(plan).extracting(Object::toString).containsExactly("holding:2 x11", "holding:29 x1");
  }

  @Test
  void maxGapZeroMergesOnlyTouchingRanges() {
    ModbusOptions noGap = ModbusOptions.parse(Map.of("maxGap", "0"));
    List<ReadRequest> plan =
        plan(
            noGap,
            tag("input:0", DataType.INT16),
            tag("input:1", DataType.INT16),
            tag("input:3", DataType.INT16));
    assertThat(plan).extracting(Object::toString).containsExactly("input:0 x2", "input:3 x1");
  }

  @Test
  void requestsNeverExceedMaxRegisters() {
    List<Object[]> tags = new ArrayList<>();
    for (int i = 0; i < 1000; i += 2) {
      tags.add(new Object[] {"holding:" + i, DataType.FLOAT32});
    }
    List<ReadRequest> plan = plan(DEFAULTS, tags.toArray(Object[][]::new));
    // 1000 registers: a float never straddles two requests, so each holds 62 floats (124
    // registers) and 1000 registers take 9 requests.
    assertThat(plan).hasSize(9).allSatisfy(r -> assertThat(r.count()).isLessThanOrEqualTo(125));
    assertThat(plan.stream().mapToInt(r -> r.tags().size()).sum()).isEqualTo(500);

    ModbusOptions small = ModbusOptions.parse(Map.of("maxRegisters", "10"));
    assertThat(plan(small, tags.toArray(Object[][]::new))).hasSize(100);
  }

  @Test
  void tablesAreNeverMixedAndBitsUseTheBitLimit() {
    List<Object[]> tags = new ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      tags.add(new Object[] {"coil:" + i, DataType.BOOL});
    }
    tags.add(new Object[] {"discrete:0", DataType.BOOL});
    tags.add(new Object[] {"holding:0", DataType.INT16});
    tags.add(new Object[] {"input:0", DataType.INT16});
    List<ReadRequest> plan = plan(DEFAULTS, tags.toArray(Object[][]::new));
    assertThat(plan)
        .extracting(Object::toString)
        .containsExactlyInAnyOrder(
            "coil:0 x2000", "coil:2000 x500", "discrete:0 x1", "input:0 x1", "holding:0 x1");
  }

  @Test
  void overlappingTagsShareTheirRegisters() {
    List<ReadRequest> plan =
        plan(DEFAULTS, tag("holding:10:4", DataType.STRING), tag("holding:10", DataType.UINT16));
    assertThat(plan).singleElement().hasToString("holding:10 x4");
  }

  private static Object[] tag(String address, DataType type) {
    return new Object[] {address, type};
  }

  private static List<ReadRequest> plan(ModbusOptions options, Object[]... tags) {
    List<ModbusTag> placed = new ArrayList<>();
    for (int i = 0; i < tags.length; i++) {
      placed.add(
          ModbusTag.of(i, Tag.of("t" + i, (String) tags[i][0], (DataType) tags[i][1]), options));
    }
    return RequestPlanner.plan(placed, options);
  }
}
