package io.millwright.simulator.s7;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.plc4x.java.s7.readwrite.DataTransportErrorCode;
import org.apache.plc4x.java.s7.readwrite.DataTransportSize;
import org.apache.plc4x.java.s7.readwrite.S7Message;
import org.apache.plc4x.java.s7.readwrite.S7MessageUserData;
import org.apache.plc4x.java.s7.readwrite.S7ParameterUserData;
import org.apache.plc4x.java.s7.readwrite.S7ParameterUserDataItemCPUFunctions;
import org.apache.plc4x.java.s7.readwrite.S7PayloadUserData;
import org.apache.plc4x.java.s7.readwrite.S7PayloadUserDataItemCpuFunctionReadSzlRequest;
import org.apache.plc4x.java.s7.readwrite.S7PayloadUserDataItemCpuFunctionReadSzlResponse;

/**
 * System status list (SZL) reads, the user data a client sends to learn what CPU it talks to. The
 * module identification (SZL 0x0011) names an S7-1500; every other list is not available, as on a
 * CPU that does not keep it. The PLC4X model stops at the list's bytes, so its records are laid out
 * here.
 */
final class SzlAnswers {

  /** The order number of the CPU presented: a CPU 1515-2 PN. */
  static final String ORDER_NUMBER = "6ES7 515-2AM02-0AB0";

  static final int MODULE_IDENTIFICATION = 0x0011;

  /** User data error: the requested SZL list or index is not available. */
  static final int SZL_NOT_AVAILABLE = 0xD401;

  private static final byte CPU_FUNCTIONS = 0x4;
  private static final byte RESPONSE = 0x8;
  private static final short READ_SZL = 0x01;
  private static final short RESPONSE_METHOD = 0x12;

  /** A record of the module identification: index, order number, module type, two versions. */
  private static final int RECORD_BYTES = 28;

  private static final int MODULE_RECORD_INDEX = 0x0001;

  private SzlAnswers() {}

  /** The answer to an SZL read; empty for any other user data. */
  static Optional<S7Message> answer(S7MessageUserData request) {
    if (!(request.getParameter() instanceof S7ParameterUserData parameter)
        || parameter.getItems().size() != 1
        || !(parameter.getItems().getFirst()
            instanceof S7ParameterUserDataItemCPUFunctions function)
        || function.getCpuFunctionGroup() != CPU_FUNCTIONS
        || function.getCpuSubfunction() != READ_SZL
        || !(request.getPayload() instanceof S7PayloadUserData payload)
        || payload.getItems().size() != 1
        || !(payload.getItems().getFirst()
            instanceof S7PayloadUserDataItemCpuFunctionReadSzlRequest read)) {
      return Optional.empty();
    }
    int szlId = szlId(read);
    boolean available = szlId == MODULE_IDENTIFICATION;
    byte[] list = available ? moduleIdentification(read.getSzlIndex()) : new byte[0];
    S7PayloadUserDataItemCpuFunctionReadSzlResponse item =
        new S7PayloadUserDataItemCpuFunctionReadSzlResponse(
            available ? DataTransportErrorCode.OK : DataTransportErrorCode.NOT_FOUND,
            available ? DataTransportSize.OCTET_STRING : DataTransportSize.NULL,
            list.length,
            list);
    S7ParameterUserDataItemCPUFunctions answered =
        new S7ParameterUserDataItemCPUFunctions(
            RESPONSE_METHOD,
            RESPONSE,
            CPU_FUNCTIONS,
            READ_SZL,
            function.getSequenceNumber(),
            (short) 0,
            (short) 0,
            available ? 0 : SZL_NOT_AVAILABLE);
    return Optional.of(
        new S7MessageUserData(
            request.getTpduReference(),
            new S7ParameterUserData(List.of(answered)),
            new S7PayloadUserData(List.of(item))));
  }

  private static int szlId(S7PayloadUserDataItemCpuFunctionReadSzlRequest read) {
    return ((read.getSzlId().getTypeClass().getValue() & 0xF) << 12)
        | ((read.getSzlId().getSublistExtract() & 0xF) << 8)
        | (read.getSzlId().getSublistList().getValue() & 0xFF);
  }

  /**
   * The list's header (SZL id, index, record length, record count) and one record, the module's:
   * its order number padded to 20 characters, then module type and versions, all 0.
   */
  private static byte[] moduleIdentification(int index) {
    ByteBuffer list = ByteBuffer.allocate(8 + RECORD_BYTES);
    list.putShort((short) MODULE_IDENTIFICATION).putShort((short) index);
    list.putShort((short) RECORD_BYTES).putShort((short) 1);
    list.putShort((short) MODULE_RECORD_INDEX);
    list.put(String.format("%-20s", ORDER_NUMBER).getBytes(StandardCharsets.US_ASCII));
    list.putShort((short) 0).putShort((short) 0).putShort((short) 0);
    return list.array();
  }
}
