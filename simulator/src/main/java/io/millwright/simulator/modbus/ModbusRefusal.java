package io.millwright.simulator.modbus;

/** A request the slave answers with a Modbus exception response instead of data. */
final class ModbusRefusal extends Exception {

  private static final long serialVersionUID = 1L;

  /** Modbus exception codes (Modbus Application Protocol V1.1b3, section 7). */
  static final int ILLEGAL_FUNCTION = 1;

  static final int ILLEGAL_DATA_ADDRESS = 2;
  static final int ILLEGAL_DATA_VALUE = 3;
  static final int SERVER_DEVICE_FAILURE = 4;
  static final int GATEWAY_TARGET_FAILED = 0x0B;

  private final int code;

  ModbusRefusal(int code, String reason) {
    super(reason);
    this.code = code;
  }

  int code() {
    return code;
  }
}
