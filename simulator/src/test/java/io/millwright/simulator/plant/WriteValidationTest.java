package io.millwright.simulator.plant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.core.sample.Value;
import io.millwright.simulator.ServedMachine;
import org.junit.jupiter.api.Test;

class WriteValidationTest {

  private final Plant plant = Plant.demo(41);
  private final ServedMachine press = plant.machine("press-01");
  private final ServedMachine cnc = plant.machine("cnc-01");

  @Test
  void readOnlyTagsAreRefused() {
    for (String tag : new String[] {"state", "state/reason", "counts/good", "press/force"}) {
      assertThatThrownBy(() -> press.write(tag, Value.of(1L)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(tag)
          .hasMessageContaining("press-01")
          .hasMessageContaining("read-only");
    }
  }

  @Test
  void unknownTagsAreRefusedOnReadAndWrite() {
    assertThatThrownBy(() -> press.read("press/nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("machine press-01 has no tag \"press/nope\"");
    assertThatThrownBy(() -> press.write("press/nope", Value.of(1.0)))
        .hasMessageContaining("press/nope");
    assertThatThrownBy(() -> press.read(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theValueKindMustMatch() {
    assertThatThrownBy(() -> press.write("job/target", Value.of("500")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("job/target")
        .hasMessageContaining("LONG")
        .hasMessageContaining("uint32")
        .hasMessageContaining("not STRING");
    assertThatThrownBy(() -> press.write("hydraulics/pressure/setpoint", Value.of(200L)))
        .hasMessageContaining("DOUBLE");
    assertThatThrownBy(() -> press.write("job/order", Value.of(true)))
        .hasMessageContaining("STRING");
    assertThatThrownBy(() -> press.write("job/order", null)).hasMessageContaining("no value");
  }

  @Test
  void numbersMustBeInRange() {
    assertThatThrownBy(() -> press.write("job/target", Value.of(-1L)))
        .hasMessageContaining("job/target")
        .hasMessageContaining("between 0 and 4294967295");
    assertThatThrownBy(() -> press.write("job/target", Value.of(1L << 32)))
        .hasMessageContaining("between");
    assertThatThrownBy(() -> cnc.write("spindle/speed/setpoint", Value.of(25_000.0)))
        .hasMessageContaining("between 0 and 18000");
    assertThatThrownBy(() -> cnc.write("spindle/speed/setpoint", Value.of(Double.NaN)))
        .hasMessageContaining("spindle/speed/setpoint");
    cnc.write("spindle/speed/setpoint", Value.of(9_000.0));
    assertThat(cnc.read("spindle/speed/setpoint")).isEqualTo(Value.of(9_000.0));
  }

  @Test
  void stringsMustFitTheMachine() {
    String seventeen = "PO-12345678901234";
    assertThatThrownBy(() -> press.write("job/order", Value.of(seventeen)))
        .hasMessageContaining("at most 16 characters, not 17");
    press.write("job/order", Value.of(seventeen.substring(0, 16)));
    assertThat(press.read("job/order").toString()).isEqualTo(seventeen.substring(0, 16));
    assertThatThrownBy(() -> press.write("job/product", Value.of("BRÄCKET")))
        .hasMessageContaining("ASCII");

    cnc.write("job/order", Value.of(seventeen));
    cnc.write("job/product", Value.of("BRÄCKET"));
    assertThatThrownBy(() -> cnc.write("job/order", Value.of("x".repeat(33))))
        .hasMessageContaining("at most 32");
  }

  @Test
  void aRefusedWriteChangesNothing() {
    Value before = press.read("job/target");
    assertThatThrownBy(() -> press.write("job/target", Value.of(-5L)));
    assertThat(press.read("job/target")).isEqualTo(before);
  }

  @Test
  void repeatedReadsOfAnUnchangedValueReturnTheSameObject() {
    Value first = press.read("press/force");
    assertThat(press.read("press/force")).isSameAs(first);
  }
}
