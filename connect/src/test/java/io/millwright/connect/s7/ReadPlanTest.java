package io.millwright.connect.s7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Tag;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadPlanTest {

  private static S7Variable v(int index, String address, DataType type) {
    return S7Variable.parse(index, Tag.of("t" + index, address, type));
  }

  @Test
  void neighboursJoinAndDistantVariablesDoNot() {
    List<S7Variable> vars =
        List.of(
            v(0, "%DB1:0:REAL", DataType.FLOAT32),
            v(1, "%DB1:4:DINT", DataType.INT32),
            v(2, "%DB1:10.3:BOOL", DataType.BOOL),
            v(3, "%DB1:400:INT", DataType.INT16),
            v(4, "%DB2:0:INT", DataType.INT16),
            v(5, "%M10.0:BOOL", DataType.BOOL));
    List<ReadPlan.Request> plan = ReadPlan.plan(vars, 480, 32);
    assertThat(plan).hasSize(1);
    assertThat(plan.getFirst().ranges())
        .extracting(ReadPlan.Range::toString)
        .containsExactlyInAnyOrder(
            "DB1 bytes 0..10", "DB1 bytes 400..401", "DB2 bytes 0..1", "M bytes 10..10");
    assertThat(plan.getFirst().ranges())
        .extracting(ReadPlan.Range::address)
        .contains("%DB1:0:BYTE[11]");
  }

  @Test
  void rangesAndRequestsFitThePdu() {
    List<S7Variable> vars = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      vars.add(v(i, "%DB1:" + i * 4 + ":DINT", DataType.INT32));
    }
    for (int pdu : new int[] {240, 480, 960}) {
      List<ReadPlan.Request> plan = ReadPlan.plan(vars, pdu, 32);
      int variables = 0;
      for (ReadPlan.Request r : plan) {
        assertThat(r.ranges()).hasSizeLessThanOrEqualTo(ReadPlan.MAX_ITEMS);
        int answer = ReadPlan.RESPONSE_HEADER;
        for (ReadPlan.Range range : r.ranges()) {
          answer += ReadPlan.RESPONSE_ITEM + range.length() + range.length() % 2;
          variables += range.variables().size();
        }
        assertThat(answer).isLessThanOrEqualTo(pdu);
        assertThat(ReadPlan.REQUEST_HEADER + ReadPlan.REQUEST_ITEM * r.ranges().size())
            .isLessThanOrEqualTo(pdu);
      }
      assertThat(variables).isEqualTo(1000);
      assertThat(plan.size()).isLessThanOrEqualTo(4000 / ReadPlan.maxRange(pdu) + 1);
    }
  }

  @Test
  void aVariableLargerThanAPduIsRefused() {
    List<S7Variable> vars = List.of(v(0, "%DB1:0:STRING(254)", DataType.STRING));
    assertThatThrownBy(() -> ReadPlan.plan(vars, 240, 32))
        .hasMessageContaining("256 bytes, more than one read carries in a PDU of 240");
    assertThat(ReadPlan.plan(vars, 480, 32)).hasSize(1);
  }
}
