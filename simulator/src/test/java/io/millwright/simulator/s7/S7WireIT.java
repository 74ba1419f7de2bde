package io.millwright.simulator.s7;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.machine.Protocol;
import io.millwright.simulator.FixtureMachine;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.apache.plc4x.java.s7.readwrite.COTPPacket;
import org.apache.plc4x.java.s7.readwrite.COTPPacketConnectionResponse;
import org.apache.plc4x.java.s7.readwrite.COTPPacketData;
import org.apache.plc4x.java.s7.readwrite.COTPParameter;
import org.apache.plc4x.java.s7.readwrite.COTPParameterCalledTsap;
import org.apache.plc4x.java.s7.readwrite.DataTransportErrorCode;
import org.apache.plc4x.java.s7.readwrite.DataTransportSize;
import org.apache.plc4x.java.s7.readwrite.MemoryArea;
import org.apache.plc4x.java.s7.readwrite.S7AddressAny;
import org.apache.plc4x.java.s7.readwrite.S7Message;
import org.apache.plc4x.java.s7.readwrite.S7MessageRequest;
import org.apache.plc4x.java.s7.readwrite.S7MessageResponseData;
import org.apache.plc4x.java.s7.readwrite.S7MessageUserData;
import org.apache.plc4x.java.s7.readwrite.S7ParameterReadVarRequest;
import org.apache.plc4x.java.s7.readwrite.S7ParameterSetupCommunication;
import org.apache.plc4x.java.s7.readwrite.S7ParameterUserData;
import org.apache.plc4x.java.s7.readwrite.S7ParameterUserDataItemCPUFunctions;
import org.apache.plc4x.java.s7.readwrite.S7PayloadReadVarResponse;
import org.apache.plc4x.java.s7.readwrite.S7PayloadUserData;
import org.apache.plc4x.java.s7.readwrite.S7PayloadUserDataItem;
import org.apache.plc4x.java.s7.readwrite.S7PayloadUserDataItemClkRequest;
import org.apache.plc4x.java.s7.readwrite.S7PayloadUserDataItemCpuFunctionReadSzlRequest;
import org.apache.plc4x.java.s7.readwrite.S7PayloadUserDataItemCpuFunctionReadSzlResponse;
import org.apache.plc4x.java.s7.readwrite.S7VarRequestParameterItem;
import org.apache.plc4x.java.s7.readwrite.S7VarRequestParameterItemAddress;
import org.apache.plc4x.java.s7.readwrite.SzlId;
import org.apache.plc4x.java.s7.readwrite.SzlModuleTypeClass;
import org.apache.plc4x.java.s7.readwrite.SzlSublist;
import org.apache.plc4x.java.s7.readwrite.TransportSize;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server against hand-made S7 messages: what PLC4X's client does not send. */
class S7WireIT {

  private final FixtureMachine machine = new FixtureMachine("press-08", Protocol.S7);
  private S7Presenter presenter;

  @BeforeEach
  void start() {
    presenter = new S7Presenter(machine, InetAddress.getLoopbackAddress(), 0, "127.0.0.1");
    presenter.start();
  }

  @AfterEach
  void stop() {
    presenter.close();
  }

  private static S7VarRequestParameterItem db1Bytes(int offset, int count) {
    return new S7VarRequestParameterItemAddress(
        new S7AddressAny(TransportSize.BYTE, count, 1, MemoryArea.DATA_BLOCKS, offset, (byte) 0));
  }

  private static S7Message read(S7VarRequestParameterItem... items) {
    return new S7MessageRequest(7, new S7ParameterReadVarRequest(List.of(items)), null);
  }

  @Test
  void anyTsapIsAcceptedAndEchoed() throws Exception {
    try (RawS7Client client = new RawS7Client(presenter.port())) {
      COTPPacket answer = client.connect();

      assertThat(answer).isInstanceOf(COTPPacketConnectionResponse.class);
      COTPPacketConnectionResponse confirm = (COTPPacketConnectionResponse) answer;
      assertThat(confirm.getDestinationReference()).isEqualTo(0x0042);
      List<COTPParameter> parameters = confirm.getParameters();
      assertThat(parameters)
          .anySatisfy(
              p ->
                  assertThat(p)
                      .isInstanceOfSatisfying(
                          COTPParameterCalledTsap.class,
                          t -> assertThat(t.getTsapId()).isEqualTo(0x0301)));
    }
  }

  @Test
  void thePduIsAtMost480Bytes() throws Exception {
    try (RawS7Client big = new RawS7Client(presenter.port());
        RawS7Client small = new RawS7Client(presenter.port())) {
      S7ParameterSetupCommunication offered =
          (S7ParameterSetupCommunication) big.setup(960).getParameter();
      S7ParameterSetupCommunication asked =
          (S7ParameterSetupCommunication) small.setup(240).getParameter();

      assertThat(offered.getPduLength()).isEqualTo(S7Session.MAX_PDU);
      assertThat(asked.getPduLength()).isEqualTo(240);
    }
  }

  @Test
  void aResponseBeyondThePduIsAnErrorAndOneWithinItIsNot() throws Exception {
    try (RawS7Client client = new RawS7Client(presenter.port())) {
      client.setup(240);

      S7MessageResponseData tooBig =
          (S7MessageResponseData) client.exchange(read(db1Bytes(0, 120), db1Bytes(0, 120)));
      S7MessageResponseData fits =
          (S7MessageResponseData) client.exchange(read(db1Bytes(0, 100), db1Bytes(0, 100)));

      assertThat(tooBig.getErrorClass()).isEqualTo(S7Session.PDU_SIZE_CLASS);
      assertThat(tooBig.getTpduReference()).isEqualTo(7);
      assertThat(fits.getErrorClass()).isZero();
      S7PayloadReadVarResponse payload = (S7PayloadReadVarResponse) fits.getPayload();
      assertThat(payload.getItems())
          .allSatisfy(
              item -> {
                assertThat(item.getReturnCode()).isEqualTo(DataTransportErrorCode.OK);
                assertThat(item.getTransportSize()).isEqualTo(DataTransportSize.BYTE_WORD_DWORD);
                assertThat(item.getData()).hasSize(100);
              });
    }
  }

  private static S7Message userData(
      byte group, short subfunction, S7PayloadUserDataItem payloadItem) {
    return new S7MessageUserData(
        3,
        new S7ParameterUserData(
            List.of(
                new S7ParameterUserDataItemCPUFunctions(
                    (short) 0x11, (byte) 0x4, group, subfunction, (short) 0, null, null, null))),
        new S7PayloadUserData(List.of(payloadItem)));
  }

  private static S7Message szlRead(SzlSublist list) {
    return userData(
        (byte) 0x4,
        (short) 0x01,
        new S7PayloadUserDataItemCpuFunctionReadSzlRequest(
            DataTransportErrorCode.OK,
            DataTransportSize.OCTET_STRING,
            4,
            new SzlId(SzlModuleTypeClass.CPU, (byte) 0x00, list),
            0));
  }

  private static S7PayloadUserDataItemCpuFunctionReadSzlResponse szlAnswer(S7Message answer) {
    assertThat(answer).isInstanceOf(S7MessageUserData.class);
    assertThat(answer.getTpduReference()).isEqualTo(3);
    return (S7PayloadUserDataItemCpuFunctionReadSzlResponse)
        ((S7PayloadUserData) answer.getPayload()).getItems().getFirst();
  }

  @Test
  void theModuleIdentificationNamesAnS71500() throws Exception {
    try (RawS7Client client = new RawS7Client(presenter.port())) {
      client.setup(480);

      S7PayloadUserDataItemCpuFunctionReadSzlResponse identity =
          szlAnswer(client.exchange(szlRead(SzlSublist.MODULE_IDENTIFICATION)));
      S7PayloadUserDataItemCpuFunctionReadSzlResponse other =
          szlAnswer(client.exchange(szlRead(SzlSublist.CPU_FEATURES)));

      assertThat(identity.getReturnCode()).isEqualTo(DataTransportErrorCode.OK);
      byte[] list = identity.getItems();
      // SZL id 0x0011, index 0, one record of 28 bytes whose index 1 is the module's.
      assertThat(HexFormat.of().formatHex(list, 0, 10)).isEqualTo("00110000001c00010001");
      assertThat(new String(list, 10, 20, StandardCharsets.US_ASCII))
          .isEqualTo("6ES7 515-2AM02-0AB0 ");
      assertThat(list).hasSize(36);
      assertThat(other.getReturnCode()).isEqualTo(DataTransportErrorCode.NOT_FOUND);
      assertThat(other.getItems()).isEmpty();
    }
  }

  @Test
  void otherUserDataIsAnsweredAsNotImplemented() throws Exception {
    S7Message clockRead =
        userData(
            (byte) 0x7,
            (short) 0x01,
            new S7PayloadUserDataItemClkRequest(
                DataTransportErrorCode.OK, DataTransportSize.NULL, 0));
    try (RawS7Client client = new RawS7Client(presenter.port())) {
      client.setup(480);

      S7MessageResponseData answer = (S7MessageResponseData) client.exchange(clockRead);

      assertThat(answer.getTpduReference()).isEqualTo(3);
      assertThat(answer.getErrorClass()).isEqualTo(S7Session.NOT_IMPLEMENTED_CLASS);
      assertThat(answer.getErrorCode()).isEqualTo(S7Session.NOT_IMPLEMENTED_CODE);
      // The connection stays usable.
      assertThat(client.exchange(read(db1Bytes(0, 2))).getPayload())
          .isInstanceOf(S7PayloadReadVarResponse.class);
    }
  }

  @Test
  void aJobBeforeSetupCommunicationClosesTheConnection() throws Exception {
    try (RawS7Client client = new RawS7Client(presenter.port())) {
      client.connect();
      client.send(new COTPPacketData(List.of(), read(db1Bytes(0, 2)), true, (byte) 0));

      assertThat(client.closedByServer()).isTrue();
    }
    assertThat(presenter.counters().malformed()).isEqualTo(1);
  }

  @Test
  void aSetupOfferingNoPduClosesTheConnection() throws Exception {
    try (RawS7Client client = new RawS7Client(presenter.port())) {
      client.connect();
      client.send(
          new COTPPacketData(
              List.of(),
              new S7MessageRequest(1, new S7ParameterSetupCommunication(1, 1, 0), null),
              true,
              (byte) 0));

      assertThat(client.closedByServer()).isTrue();
    }
    assertThat(presenter.counters().malformed()).isEqualTo(1);
  }

  @Test
  void closingFreesThePortAndEndsTheConnections() throws Exception {
    try (RawS7Client client = new RawS7Client(presenter.port())) {
      client.setup(480);

      presenter.close();

      assertThat(client.closedByServer()).isTrue();
      new ServerSocket(presenter.port(), 50, InetAddress.getLoopbackAddress()).close();
    }
  }

  @Test
  void aTpktFrameWithGarbageInsideClosesTheConnection() throws Exception {
    try (RawS7Client client = new RawS7Client(presenter.port())) {
      client.sendRaw(new byte[] {3, 0, 0, 10, 2, (byte) 0xF0, (byte) 0x80, 0x77, 1, 2});

      assertThat(client.closedByServer()).isTrue();
    }
    try (RawS7Client other = new RawS7Client(presenter.port())) {
      assertThat(other.connect()).isInstanceOf(COTPPacketConnectionResponse.class);
    }
    assertThat(presenter.counters().malformed()).isEqualTo(1);
  }
}
