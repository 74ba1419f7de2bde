package io.millwright.simulator.s7;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.plc4x.java.s7.readwrite.COTPPacket;
import org.apache.plc4x.java.s7.readwrite.COTPPacketConnectionRequest;
import org.apache.plc4x.java.s7.readwrite.COTPPacketConnectionResponse;
import org.apache.plc4x.java.s7.readwrite.COTPPacketData;
import org.apache.plc4x.java.s7.readwrite.COTPPacketDisconnectRequest;
import org.apache.plc4x.java.s7.readwrite.COTPProtocolClass;
import org.apache.plc4x.java.s7.readwrite.S7Message;
import org.apache.plc4x.java.s7.readwrite.TPKTPacket;
import org.apache.plc4x.java.spi.generation.ParseException;
import org.apache.plc4x.java.spi.generation.ReadBufferByteBased;
import org.apache.plc4x.java.spi.generation.SerializationException;
import org.apache.plc4x.java.spi.generation.WriteBufferByteBased;

/**
 * One client's connection: the ISO transport (COTP) connect, then S7 messages in COTP data frames,
 * answered in order. Any rack, slot and TSAP is accepted: the confirm echoes the request's
 * parameters, as one CPU behind one address needs no routing.
 */
final class S7Connection {

  /** Our COTP reference; a client only echoes it back. */
  private static final int SOURCE_REFERENCE = 0x0001;

  private final Socket socket;
  private final S7Session session;
  private final BooleanSupplier linkUp;

  S7Connection(Socket socket, S7Session session, BooleanSupplier linkUp) {
    this.socket = socket;
    this.session = session;
    this.linkUp = linkUp;
  }

  /**
   * Serves until the client disconnects or the machine's link goes down.
   *
   * @return true when it stopped because a request came while the link was down
   * @throws BadFrameException on the first frame that is not ISO-on-TCP S7; the caller closes
   * @throws IOException when the socket fails or is closed under it
   */
  boolean serve() throws IOException, BadFrameException {
    DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
    OutputStream out = socket.getOutputStream();
    boolean connected = false;
    byte[] frame;
    while ((frame = TpktFrames.read(in)) != null) {
      if (!linkUp.getAsBoolean()) {
        return true;
      }
      COTPPacket packet = parse(frame);
      if (packet instanceof COTPPacketConnectionRequest request && !connected) {
        connected = true;
        send(
            out,
            new COTPPacketConnectionResponse(
                request.getParameters(),
                null,
                request.getSourceReference(),
                SOURCE_REFERENCE,
                COTPProtocolClass.CLASS_0));
      } else if (packet instanceof COTPPacketData data && connected) {
        S7Message message = data.getPayload();
        if (message == null || !data.getEot()) {
          throw new BadFrameException("a COTP data frame without a whole S7 message");
        }
        send(out, new COTPPacketData(List.of(), session.answer(message), true, (byte) 0));
      } else if (packet instanceof COTPPacketDisconnectRequest) {
        return false;
      } else {
        throw new BadFrameException(
            "a " + packet.getClass().getSimpleName() + (connected ? "" : " before connecting"));
      }
    }
    return false;
  }

  private static COTPPacket parse(byte[] frame) throws BadFrameException {
    try {
      return TPKTPacket.staticParse(new ReadBufferByteBased(frame)).getPayload();
    } catch (ParseException | RuntimeException e) {
      // The generated parsers throw unchecked exceptions too, for lengths that do not add up.
      throw new BadFrameException("an unparseable frame: " + e.getMessage(), e);
    }
  }

  private static void send(OutputStream out, COTPPacket packet) throws IOException {
    TPKTPacket frame = new TPKTPacket(packet);
    WriteBufferByteBased buffer = new WriteBufferByteBased(frame.getLengthInBytes());
    try {
      frame.serialize(buffer);
    } catch (SerializationException e) {
      throw new IllegalStateException("cannot serialize our own answer " + frame, e);
    }
    out.write(buffer.getBytes());
    out.flush();
  }
}
