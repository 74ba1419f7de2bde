package io.millwright.simulator.modbus;

import com.ghgande.j2mod.modbus.Modbus;
import com.ghgande.j2mod.modbus.msg.ModbusRequest;
import com.ghgande.j2mod.modbus.msg.ModbusResponse;
import com.ghgande.j2mod.modbus.msg.ReadCoilsRequest;
import com.ghgande.j2mod.modbus.msg.ReadCoilsResponse;
import com.ghgande.j2mod.modbus.msg.ReadInputDiscretesRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputDiscretesResponse;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersResponse;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersResponse;
import com.ghgande.j2mod.modbus.msg.WriteCoilRequest;
import com.ghgande.j2mod.modbus.msg.WriteCoilResponse;
import com.ghgande.j2mod.modbus.msg.WriteMultipleCoilsRequest;
import com.ghgande.j2mod.modbus.msg.WriteMultipleCoilsResponse;
import com.ghgande.j2mod.modbus.msg.WriteMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.WriteMultipleRegistersResponse;
import com.ghgande.j2mod.modbus.msg.WriteSingleRegisterRequest;
import com.ghgande.j2mod.modbus.msg.WriteSingleRegisterResponse;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Answers one decoded request from the process image. j2mod parses and frames the messages; the
 * answers are built here rather than by j2mod's own process-image path, so that multi-register
 * values are read and written whole and the model's refusals become Modbus exception codes.
 */
final class ModbusRequestHandler {

  /** The unit id the simulated machines answer to; 0 is accepted too, as many masters send it. */
  static final int UNIT_ID = 1;

  private static final Logger LOG = System.getLogger(ModbusRequestHandler.class.getName());

  private final String machineId;
  private final ModbusImage image;
  private final SlaveCounters counters;

  ModbusRequestHandler(String machineId, ModbusImage image, SlaveCounters counters) {
    this.machineId = machineId;
    this.image = image;
    this.counters = counters;
  }

  ModbusResponse answer(ModbusRequest request) {
    counters.request();
    ModbusResponse response;
    try {
      if (request.getUnitID() != UNIT_ID && request.getUnitID() != 0) {
        throw new ModbusRefusal(
            ModbusRefusal.GATEWAY_TARGET_FAILED, "no unit " + request.getUnitID() + " here");
      }
      response = dispatch(request);
    } catch (ModbusRefusal refusal) {
      counters.exception();
      LOG.log(
          Level.DEBUG,
          () ->
              machineId
                  + ": function "
                  + request.getFunctionCode()
                  + " refused with exception "
                  + refusal.code()
                  + ": "
                  + refusal.getMessage());
      return request.createExceptionResponse(refusal.code());
    }
    response.setUnitID(request.getUnitID());
    response.setTransactionID(request.getTransactionID());
    response.setProtocolID(request.getProtocolID());
    response.setHeadless(request.isHeadless());
    return response;
  }

  private ModbusResponse dispatch(ModbusRequest request) throws ModbusRefusal {
    return switch (request) {
      case ReadCoilsRequest r -> {
        boolean[] bits = image.readBits(RegisterTable.COIL, r.getReference(), r.getBitCount());
        ReadCoilsResponse response = new ReadCoilsResponse(bits.length);
        for (int i = 0; i < bits.length; i++) {
          response.setCoilStatus(i, bits[i]);
        }
        yield response;
      }
      case ReadInputDiscretesRequest r -> {
        boolean[] bits =
            image.readBits(RegisterTable.DISCRETE_INPUT, r.getReference(), r.getBitCount());
        ReadInputDiscretesResponse response = new ReadInputDiscretesResponse(bits.length);
        for (int i = 0; i < bits.length; i++) {
          response.setDiscreteStatus(i, bits[i]);
        }
        yield response;
      }
      case ReadMultipleRegistersRequest r -> {
        int[] words =
            image.readRegisters(RegisterTable.HOLDING_REGISTER, r.getReference(), r.getWordCount());
        Register[] registers = new Register[words.length];
        for (int i = 0; i < words.length; i++) {
          registers[i] = new SimpleRegister(words[i]);
        }
        yield new ReadMultipleRegistersResponse(registers);
      }
      case ReadInputRegistersRequest r -> {
        int[] words =
            image.readRegisters(RegisterTable.INPUT_REGISTER, r.getReference(), r.getWordCount());
        InputRegister[] registers = new InputRegister[words.length];
        for (int i = 0; i < words.length; i++) {
          registers[i] = new SimpleInputRegister(words[i]);
        }
        yield new ReadInputRegistersResponse(registers);
      }
      case WriteCoilRequest r -> {
        image.writeCoils(r.getReference(), new boolean[] {r.getCoil()});
        yield new WriteCoilResponse(r.getReference(), r.getCoil());
      }
      case WriteSingleRegisterRequest r -> {
        int word = r.getRegister().getValue();
        image.writeHoldingRegisters(r.getReference(), new int[] {word});
        yield new WriteSingleRegisterResponse(r.getReference(), word);
      }
      case WriteMultipleCoilsRequest r -> {
        boolean[] bits = new boolean[r.getBitCount()];
        for (int i = 0; i < bits.length; i++) {
          bits[i] = r.getCoilStatus(i);
        }
        image.writeCoils(r.getReference(), bits);
        yield new MultipleCoilsWritten(r.getReference(), bits.length);
      }
      case WriteMultipleRegistersRequest r -> {
        int[] words = new int[r.getWordCount()];
        for (int i = 0; i < words.length; i++) {
          words[i] = r.getRegisterValue(i);
        }
        image.writeHoldingRegisters(r.getReference(), words);
        yield new WriteMultipleRegistersResponse(r.getReference(), words.length);
      }
      default ->
          throw new ModbusRefusal(
              ModbusRefusal.ILLEGAL_FUNCTION,
              "function " + request.getFunctionCode() + " is not supported");
    };
  }

  /** j2mod's WriteMultipleCoilsResponse leaves its function code at 0; masters then reject it. */
  private static final class MultipleCoilsWritten extends WriteMultipleCoilsResponse {
    MultipleCoilsWritten(int reference, int count) {
      super(reference, count);
      setFunctionCode(Modbus.WRITE_MULTIPLE_COILS);
    }
  }
}
