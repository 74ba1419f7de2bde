package io.millwright.connect.modbus;

import io.millwright.core.sample.Quality;

/**
 * The machine answered a request with a Modbus exception response: the request failed, the link is
 * fine. Maps the exception code (Modbus Application Protocol 1.1b3, section 7) onto the OPC UA
 * status names samples carry.
 */
final class ModbusRefusal extends Exception {

  private static final long serialVersionUID = 1L;

  private final int code;

  ModbusRefusal(int code) {
    super(describe(code) + " (Modbus exception " + code + ")");
    this.code = code;
  }

  int code() {
    return code;
  }

  Quality quality() {
    return Quality.bad(
        switch (code) {
          case 1 -> "Bad_NotSupported";
          case 2 -> "Bad_NodeIdUnknown";
          case 3 -> "Bad_OutOfRange";
          case 4 -> "Bad_DeviceFailure";
          case 5, 6 -> "Bad_ResourceUnavailable";
          case 10, 11 -> "Bad_NoCommunication";
          default -> "Bad_CommunicationError";
        });
  }

  private static String describe(int code) {
    return switch (code) {
      case 1 -> "illegal function";
      case 2 -> "illegal data address";
      case 3 -> "illegal data value";
      case 4 -> "server device failure";
      case 5 -> "acknowledged, still processing";
      case 6 -> "server device busy";
      case 8 -> "memory parity error";
      case 10 -> "gateway path unavailable";
      case 11 -> "gateway target device failed to respond";
      default -> "unknown exception";
    };
  }
}
