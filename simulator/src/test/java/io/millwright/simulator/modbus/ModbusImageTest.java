package io.millwright.simulator.modbus;

import static io.millwright.simulator.FixtureMachine.setpoint;
import static io.millwright.simulator.FixtureMachine.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Protocol;
import io.millwright.core.sample.Value;
import io.millwright.simulator.FixtureMachine;
import org.junit.jupiter.api.Test;

class ModbusImageTest {

  private final FixtureMachine machine = new FixtureMachine("m", Protocol.MODBUS);
  private final RegisterLayout layout = RegisterLayout.of(machine.tags());
  private final ModbusImage image = new ModbusImage(machine, layout);

  private int offset(String tag) {
    return layout.slot(tag).orElseThrow().offset();
  }

  @Test
  void aReadAcrossTagsEncodesEachOnce() throws Exception {
    int start = offset(value(DataType.INT32));
    int[] words = image.readRegisters(RegisterTable.INPUT_REGISTER, start, 4);
    // -123456789 = 0xF8A432EB, 4000000000 = 0xEE6B2800
    assertThat(words).containsExactly(0xF8A4, 0x32EB, 0xEE6B, 0x2800);
  }

  @Test
  void aReadMayStartInsideAValue() throws Exception {
    int start = offset(value(DataType.FLOAT32)) + 1;
    assertThat(image.readRegisters(RegisterTable.INPUT_REGISTER, start, 1)).containsExactly(0);
  }

  @Test
  void aMultiRegisterWriteReachesTheModelAsOneValue() throws Exception {
    image.writeHoldingRegisters(offset(setpoint(DataType.FLOAT32)), new int[] {0x4148, 0x0000});
    assertThat(machine.read(setpoint(DataType.FLOAT32))).isEqualTo(Value.of(12.5));
    image.writeHoldingRegisters(offset(setpoint(DataType.INT32)), new int[] {0xFFFF, 0xFFFE});
    assertThat(machine.read(setpoint(DataType.INT32))).isEqualTo(Value.of(-2L));
  }

  @Test
  void aPartialWriteMergesWithTheCurrentRegisters() throws Exception {
    machine.set(setpoint(DataType.INT32), Value.of(-65534L)); // 0xFFFF0002
    image.writeHoldingRegisters(offset(setpoint(DataType.INT32)) + 1, new int[] {0x0007});
    assertThat(machine.read(setpoint(DataType.INT32))).isEqualTo(Value.of(-65529L)); // 0xFFFF0007
  }

  @Test
  void theModelRefusingAValueIsAnIllegalDataValue() {
    // 20000 > FixtureMachine.MAX_SETPOINT
    assertThatThrownBy(
            () -> image.writeHoldingRegisters(offset(setpoint(DataType.INT16)), new int[] {20000}))
        .isInstanceOfSatisfying(
            ModbusRefusal.class,
            r -> assertThat(r.code()).isEqualTo(ModbusRefusal.ILLEGAL_DATA_VALUE))
        .hasMessageContaining("out of range");
  }

  @Test
  void addressesPastTheTableAreIllegal() {
    int size = layout.size(RegisterTable.HOLDING_REGISTER);
    assertThatThrownBy(() -> image.readRegisters(RegisterTable.HOLDING_REGISTER, size - 1, 2))
        .isInstanceOfSatisfying(
            ModbusRefusal.class,
            r -> assertThat(r.code()).isEqualTo(ModbusRefusal.ILLEGAL_DATA_ADDRESS));
    assertThatThrownBy(() -> image.writeCoils(1, new boolean[] {true}))
        .isInstanceOfSatisfying(
            ModbusRefusal.class,
            r -> assertThat(r.code()).isEqualTo(ModbusRefusal.ILLEGAL_DATA_ADDRESS));
  }

  @Test
  void quantitiesOutsideTheProtocolLimitsAreIllegalValues() {
    assertThatThrownBy(() -> image.readRegisters(RegisterTable.INPUT_REGISTER, 0, 126))
        .isInstanceOfSatisfying(
            ModbusRefusal.class,
            r -> assertThat(r.code()).isEqualTo(ModbusRefusal.ILLEGAL_DATA_VALUE));
    assertThatThrownBy(() -> image.readBits(RegisterTable.COIL, 0, 0))
        .isInstanceOfSatisfying(
            ModbusRefusal.class,
            r -> assertThat(r.code()).isEqualTo(ModbusRefusal.ILLEGAL_DATA_VALUE));
  }

  @Test
  void aModelValueTheTypeCannotHoldIsADeviceFailure() {
    machine.set(value(DataType.INT16), Value.of(70_000L));
    assertThatThrownBy(
            () ->
                image.readRegisters(RegisterTable.INPUT_REGISTER, offset(value(DataType.INT16)), 1))
        .isInstanceOfSatisfying(
            ModbusRefusal.class,
            r -> assertThat(r.code()).isEqualTo(ModbusRefusal.SERVER_DEVICE_FAILURE));
  }
}
