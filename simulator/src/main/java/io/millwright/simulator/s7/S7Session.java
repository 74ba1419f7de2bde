package io.millwright.simulator.s7;

import java.util.ArrayList;
import java.util.List;
import org.apache.plc4x.java.s7.readwrite.DataTransportErrorCode;
import org.apache.plc4x.java.s7.readwrite.S7AddressAny;
import org.apache.plc4x.java.s7.readwrite.S7Message;
import org.apache.plc4x.java.s7.readwrite.S7MessageRequest;
import org.apache.plc4x.java.s7.readwrite.S7MessageResponseData;
import org.apache.plc4x.java.s7.readwrite.S7MessageUserData;
import org.apache.plc4x.java.s7.readwrite.S7Parameter;
import org.apache.plc4x.java.s7.readwrite.S7ParameterReadVarRequest;
import org.apache.plc4x.java.s7.readwrite.S7ParameterReadVarResponse;
import org.apache.plc4x.java.s7.readwrite.S7ParameterSetupCommunication;
import org.apache.plc4x.java.s7.readwrite.S7ParameterWriteVarRequest;
import org.apache.plc4x.java.s7.readwrite.S7ParameterWriteVarResponse;
import org.apache.plc4x.java.s7.readwrite.S7PayloadReadVarResponse;
import org.apache.plc4x.java.s7.readwrite.S7PayloadWriteVarRequest;
import org.apache.plc4x.java.s7.readwrite.S7PayloadWriteVarResponse;
import org.apache.plc4x.java.s7.readwrite.S7VarPayloadDataItem;
import org.apache.plc4x.java.s7.readwrite.S7VarPayloadStatusItem;
import org.apache.plc4x.java.s7.readwrite.S7VarRequestParameterItem;
import org.apache.plc4x.java.s7.readwrite.S7VarRequestParameterItemAddress;

/**
 * The S7 communication of one connection: Setup Communication first, which fixes the PDU size, then
 * Read Var and Write Var jobs. Anything else, user data (SZL, clock, alarms) included, gets the
 * header error a CPU gives for a function it does not implement.
 */
final class S7Session {

  /** The PDU size an S7-1500 offers. */
  static final int MAX_PDU = 480;

  /** Parallel jobs offered; this server answers one job at a time anyway. */
  static final int MAX_PARALLEL_JOBS = 8;

  /** Header error class and code: "context not supported" (function not implemented). */
  static final short NOT_IMPLEMENTED_CLASS = 0x81;

  static final short NOT_IMPLEMENTED_CODE = 0x04;

  /** Header error class and code: the response would not fit the negotiated PDU. */
  static final short PDU_SIZE_CLASS = 0x85;

  static final short PDU_SIZE_CODE = 0x00;

  private final PlcMemory memory;
  private final S7Counters counters;
  private int pduSize; // 0 until Setup Communication

  S7Session(PlcMemory memory, S7Counters counters) {
    this.memory = memory;
    this.counters = counters;
  }

  /**
   * The answer to a message.
   *
   * @throws BadFrameException for a message a client does not send, a PDU of 0 bytes, or a job
   *     before setup
   */
  S7Message answer(S7Message message) throws BadFrameException {
    if (message instanceof S7MessageUserData userData) {
      counters.request();
      return SzlAnswers.answer(userData)
          .orElseGet(() -> error(message, NOT_IMPLEMENTED_CLASS, NOT_IMPLEMENTED_CODE));
    }
    if (!(message instanceof S7MessageRequest)) {
      throw new BadFrameException("a client sent a " + message.getClass().getSimpleName());
    }
    S7Parameter parameter = message.getParameter();
    if (parameter instanceof S7ParameterSetupCommunication setup) {
      if (setup.getPduLength() == 0) {
        throw new BadFrameException("a Setup Communication offering no PDU");
      }
      pduSize = Math.min(setup.getPduLength(), MAX_PDU);
      counters.request();
      return new S7MessageResponseData(
          message.getTpduReference(),
          new S7ParameterSetupCommunication(
              Math.min(setup.getMaxAmqCaller(), MAX_PARALLEL_JOBS),
              Math.min(setup.getMaxAmqCallee(), MAX_PARALLEL_JOBS),
              pduSize),
          null,
          (short) 0,
          (short) 0);
    }
    if (pduSize == 0) {
      throw new BadFrameException("a job before Setup Communication");
    }
    S7Message response =
        switch (parameter) {
          case S7ParameterReadVarRequest read -> read(message, read);
          case S7ParameterWriteVarRequest write -> write(message, write);
          case null, default -> error(message, NOT_IMPLEMENTED_CLASS, NOT_IMPLEMENTED_CODE);
        };
    counters.request();
    return response.getLengthInBytes() > pduSize
        ? error(message, PDU_SIZE_CLASS, PDU_SIZE_CODE)
        : response;
  }

  private S7Message read(S7Message message, S7ParameterReadVarRequest request)
      throws BadFrameException {
    byte[] block = memory.snapshot();
    List<S7VarPayloadDataItem> items = new ArrayList<>();
    for (S7VarRequestParameterItem item : request.getItems()) {
      items.add(memory.read(any(item), block));
    }
    return new S7MessageResponseData(
        message.getTpduReference(),
        new S7ParameterReadVarResponse((short) items.size()),
        new S7PayloadReadVarResponse(items),
        (short) 0,
        (short) 0);
  }

  private S7Message write(S7Message message, S7ParameterWriteVarRequest request)
      throws BadFrameException {
    if (!(message.getPayload() instanceof S7PayloadWriteVarRequest payload)
        || payload.getItems().size() != request.getItems().size()) {
      throw new BadFrameException("a write whose data items do not match its addresses");
    }
    List<S7VarPayloadStatusItem> items = new ArrayList<>();
    for (int i = 0; i < request.getItems().size(); i++) {
      S7AddressAny address = any(request.getItems().get(i));
      DataTransportErrorCode code = memory.write(address, payload.getItems().get(i).getData());
      items.add(new S7VarPayloadStatusItem(code));
    }
    return new S7MessageResponseData(
        message.getTpduReference(),
        new S7ParameterWriteVarResponse((short) items.size()),
        new S7PayloadWriteVarResponse(items),
        (short) 0,
        (short) 0);
  }

  private static S7AddressAny any(S7VarRequestParameterItem item) throws BadFrameException {
    if (item instanceof S7VarRequestParameterItemAddress withAddress
        && withAddress.getAddress() instanceof S7AddressAny any) {
      return any;
    }
    throw new BadFrameException("an item that is not an ANY pointer");
  }

  private static S7Message error(S7Message message, short errorClass, short errorCode) {
    return new S7MessageResponseData(message.getTpduReference(), null, null, errorClass, errorCode);
  }
}
