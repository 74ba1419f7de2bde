package io.millwright.uns.sparkplug.codec;

import com.google.protobuf.InvalidProtocolBufferException;
import io.millwright.uns.sparkplug.SparkplugDecodeException;
import java.nio.ByteBuffer;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;

/**
 * Turns Sparkplug B payloads into Tahu's protobuf model and back. Decoding works on Tahu's
 * generated protobuf classes rather than its object model: the object model boxes every value and
 * wraps every timestamp in a {@code Date}, which a host decoding millions of metrics a second
 * cannot afford.
 *
 * <p>The size limit is checked before parsing, so an oversize payload costs nothing to refuse.
 */
public final class PayloadCodec {

  /** The embedded broker's default packet limit; a larger payload cannot be a legitimate one. */
  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024;

  private final int maxPayloadBytes;

  public PayloadCodec(int maxPayloadBytes) {
    if (maxPayloadBytes < 16) {
      throw new IllegalArgumentException(
          "the maximum Sparkplug payload size must be at least 16 bytes, not " + maxPayloadBytes);
    }
    this.maxPayloadBytes = maxPayloadBytes;
  }

  public PayloadCodec() {
    this(DEFAULT_MAX_PAYLOAD_BYTES);
  }

  public int maxPayloadBytes() {
    return maxPayloadBytes;
  }

  /**
   * @throws SparkplugDecodeException when the payload is oversize or not a Sparkplug B payload
   */
  public Payload decode(byte[] bytes) throws SparkplugDecodeException {
    checkSize(bytes.length);
    try {
      return Payload.parseFrom(bytes);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw notSparkplug(e);
    }
  }

  /** Decodes without copying the MQTT client's buffer. */
  public Payload decode(ByteBuffer bytes) throws SparkplugDecodeException {
    checkSize(bytes.remaining());
    try {
      return Payload.parseFrom(bytes.duplicate());
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw notSparkplug(e);
    }
  }

  public byte[] encode(Payload payload) {
    return payload.toByteArray();
  }

  private void checkSize(int size) throws SparkplugDecodeException {
    if (size > maxPayloadBytes) {
      throw new SparkplugDecodeException(
          "the payload is " + size + " bytes; the limit is " + maxPayloadBytes);
    }
  }

  private static SparkplugDecodeException notSparkplug(Exception e) {
    return new SparkplugDecodeException(
        "the payload is not a Sparkplug B protobuf payload: " + e.getMessage(), e);
  }
}
