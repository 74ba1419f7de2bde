package io.millwright.simulator.s7;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import org.apache.plc4x.java.s7.readwrite.COTPPacket;
import org.apache.plc4x.java.s7.readwrite.COTPPacketConnectionRequest;
import org.apache.plc4x.java.s7.readwrite.COTPPacketData;
import org.apache.plc4x.java.s7.readwrite.COTPParameterCalledTsap;
import org.apache.plc4x.java.s7.readwrite.COTPParameterCallingTsap;
import org.apache.plc4x.java.s7.readwrite.COTPParameterTpduSize;
import org.apache.plc4x.java.s7.readwrite.COTPProtocolClass;
import org.apache.plc4x.java.s7.readwrite.COTPTpduSize;
import org.apache.plc4x.java.s7.readwrite.S7Message;
import org.apache.plc4x.java.s7.readwrite.S7MessageRequest;
import org.apache.plc4x.java.s7.readwrite.S7ParameterSetupCommunication;
import org.apache.plc4x.java.s7.readwrite.TPKTPacket;
import org.apache.plc4x.java.spi.generation.ReadBufferByteBased;
import org.apache.plc4x.java.spi.generation.WriteBufferByteBased;

/** A bare S7 client on PLC4X's model, for what PLC4X's own client never sends. */
final class RawS7Client implements AutoCloseable {

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  RawS7Client(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /** Sends an ISO connection request for rack 0, slot 1, and returns the answer. */
  COTPPacket connect() throws Exception {
    send(
        new COTPPacketConnectionRequest(
            List.of(
                new COTPParameterCalledTsap(0x0301),
                new COTPParameterCallingTsap(0x0100),
                new COTPParameterTpduSize(COTPTpduSize.SIZE_1024)),
            null,
            0,
            0x0042,
            COTPProtocolClass.CLASS_0));
    return receive();
  }

  /** Connects and negotiates the PDU size; returns the server's Setup Communication answer. */
  S7Message setup(int pduSize) throws Exception {
    connect();
    return exchange(
        new S7MessageRequest(1, new S7ParameterSetupCommunication(1, 1, pduSize), null));
  }

  S7Message exchange(S7Message request) throws Exception {
    send(new COTPPacketData(List.of(), request, true, (byte) 0));
    return ((COTPPacketData) receive()).getPayload();
  }

  void send(COTPPacket packet) throws Exception {
    TPKTPacket frame = new TPKTPacket(packet);
    WriteBufferByteBased buffer = new WriteBufferByteBased(frame.getLengthInBytes());
    frame.serialize(buffer);
    sendRaw(buffer.getBytes());
  }

  void sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** The next frame's COTP packet. */
  COTPPacket receive() throws Exception {
    byte[] frame = TpktFrames.read(in);
    if (frame == null) {
      throw new IOException("the server closed the connection");
    }
    return TPKTPacket.staticParse(new ReadBufferByteBased(frame)).getPayload();
  }

  /** Whether the server has closed the connection (an end of stream or a reset). */
  boolean closedByServer() {
    try {
      return in.read() < 0;
    } catch (IOException reset) {
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
