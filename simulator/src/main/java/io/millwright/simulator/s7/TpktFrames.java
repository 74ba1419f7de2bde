package io.millwright.simulator.s7;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * Cuts ISO-on-TCP frames (RFC 1006 TPKT) out of a byte stream: the PLC4X model parses a whole frame
 * but does not say how long the next one is. A TPKT header is version 3, a reserved byte and the
 * frame's length including the header.
 */
final class TpktFrames {

  static final int HEADER_BYTES = 4;

  /** The shortest frame: the header and a COTP header of length and type. */
  static final int MIN_FRAME = HEADER_BYTES + 2;

  /** Far above any frame of a negotiated PDU; a longer one is garbage, not a big request. */
  static final int MAX_FRAME = 8192;

  private TpktFrames() {}

  /**
   * The next whole frame, header included; null when the client closed between frames.
   *
   * @throws BadFrameException when the bytes are not a TPKT header, or the stream ends within a
   *     frame
   */
  static byte[] read(DataInputStream in) throws IOException, BadFrameException {
    int version = in.read();
    if (version < 0) {
      return null;
    }
    if (version != 3) {
      throw new BadFrameException("not a TPKT frame (version " + version + ")");
    }
    try {
      in.readUnsignedByte(); // reserved
      int length = in.readUnsignedShort();
      if (length < MIN_FRAME || length > MAX_FRAME) {
        throw new BadFrameException("a TPKT frame of " + length + " bytes");
      }
      byte[] frame = new byte[length];
      frame[0] = 3;
      frame[2] = (byte) (length >> 8);
      frame[3] = (byte) length;
      in.readFully(frame, HEADER_BYTES, length - HEADER_BYTES);
      return frame;
    } catch (EOFException e) {
      throw new BadFrameException("a TPKT frame cut short", e);
    }
  }
}
