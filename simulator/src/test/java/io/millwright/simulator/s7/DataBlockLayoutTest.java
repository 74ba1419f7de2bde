package io.millwright.simulator.s7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Protocol;
import io.millwright.simulator.FixtureMachine;
import io.millwright.simulator.TagSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.plc4x.java.s7.readwrite.tag.S7PlcTagHandler;
import org.apache.plc4x.java.s7.readwrite.tag.S7StringFixedLengthTag;
import org.apache.plc4x.java.s7.readwrite.tag.S7Tag;
import org.junit.jupiter.api.Test;

class DataBlockLayoutTest {

  private static TagSpec tag(String name, DataType type) {
    return new TagSpec(name, type, "", false);
  }

  @Test
  void valuesStartAtEvenBytesAndBoolsShareBytes() {
    List<TagSpec> tags = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      tags.add(tag("b" + i, DataType.BOOL));
    }
    tags.add(tag("real", DataType.FLOAT32));
    tags.add(tag("flag", DataType.BOOL));
    tags.add(tag("count", DataType.INT16));
    tags.add(tag("text", DataType.STRING));
    tags.add(tag("last", DataType.BOOL));

    DataBlockLayout layout = DataBlockLayout.of(tags);

    List<String> addresses = layout.slots().stream().map(S7Slot::address).toList();
    assertThat(addresses.subList(0, 9))
        .containsExactly(
            "%DB1:0.0:BOOL",
            "%DB1:0.1:BOOL",
            "%DB1:0.2:BOOL",
            "%DB1:0.3:BOOL",
            "%DB1:0.4:BOOL",
            "%DB1:0.5:BOOL",
            "%DB1:0.6:BOOL",
            "%DB1:0.7:BOOL",
            "%DB1:1.0:BOOL");
    assertThat(addresses.subList(9, 14))
        .containsExactly(
            "%DB1:2:REAL", "%DB1:6.0:BOOL", "%DB1:8:INT", "%DB1:10:STRING(40)", "%DB1:52.0:BOOL");
    assertThat(layout.size()).isEqualTo(54);
  }

  @Test
  void everyAddressParsesWithPlc4xToItsSlot() {
    DataBlockLayout layout = DataBlockLayout.of(new FixtureMachine("m", Protocol.S7).tags());
    S7PlcTagHandler handler = new S7PlcTagHandler();

    for (S7Slot slot : layout.slots()) {
      S7Tag parsed = (S7Tag) handler.parseTag(slot.address());
      assertThat(parsed.getBlockNumber()).as(slot.address()).isEqualTo(1);
      assertThat(parsed.getByteOffset()).as(slot.address()).isEqualTo(slot.byteOffset());
      assertThat((int) parsed.getBitOffset()).as(slot.address()).isEqualTo(slot.bit());
      int bytes =
          parsed instanceof S7StringFixedLengthTag s
              ? s.getStringLength() + 2
              : parsed.getDataType().getSizeInBytes();
      assertThat(bytes).as(slot.address()).isEqualTo(slot.length());
    }
  }

  @Test
  void tagsBeyondWhatAnAnyPointerAddressesAreRefused() {
    List<TagSpec> tags = Collections.nCopies(1600, tag("text", DataType.STRING));

    assertThatThrownBy(() -> DataBlockLayout.of(tags))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not fit");
  }
}
