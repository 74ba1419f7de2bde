package io.millwright.uns.sparkplug.buffer;

import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A sample waiting in the store-and-forward buffer, with what it needs to be sent later: the
 * device, the tag and its 64-bit sequence. Stored as a small binary record.
 */
public record BufferedSample(String device, String tag, long sequence, Sample sample) {

  private static final int FORMAT = 1;

  byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeUTF(device);
      out.writeUTF(tag);
      out.writeLong(sequence);
      out.writeLong(sample.timestamp());
      Value value = sample.value();
      switch (value) {
        case Value.Bool b -> {
          out.writeByte(0);
          out.writeBoolean(b.value());
        }
        case Value.Int64 l -> {
          out.writeByte(1);
          out.writeLong(l.value());
        }
        case Value.Float64 d -> {
          out.writeByte(2);
          out.writeDouble(d.value());
        }
        case Value.Text t -> {
          out.writeByte(3);
          writeLongString(out, t.value());
        }
      }
      out.writeByte(sample.quality().severity().ordinal());
      out.writeUTF(sample.quality().reason());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static BufferedSample fromBytes(byte[] bytes) throws IOException {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
      int format = in.readByte();
      if (format != FORMAT) {
        throw new IOException("unknown buffer record format " + format);
      }
      String device = in.readUTF();
      String tag = in.readUTF();
      long sequence = in.readLong();
      long timestamp = in.readLong();
      Value value =
          switch (in.readByte()) {
            case 0 -> Value.of(in.readBoolean());
            case 1 -> Value.of(in.readLong());
            case 2 -> Value.of(in.readDouble());
            case 3 -> Value.of(readLongString(in));
            default -> throw new IOException("unknown value kind in a buffer record");
          };
      int severity = in.readByte();
      String reason = in.readUTF();
      Quality.Severity[] severities = Quality.Severity.values();
      if (severity < 0 || severity >= severities.length) {
        throw new IOException("unknown quality in a buffer record");
      }
      Quality quality =
          severity == Quality.Severity.GOOD.ordinal()
              ? Quality.GOOD
              : new Quality(severities[severity], reason);
      return new BufferedSample(device, tag, sequence, new Sample(timestamp, value, quality));
    }
  }

  /** Text values may pass writeUTF's 64 KiB limit. */
  private static void writeLongString(DataOutputStream out, String s) throws IOException {
    byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String readLongString(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > in.available()) {
      throw new IOException("a text value in a buffer record is cut off");
    }
    return new String(in.readNBytes(length), java.nio.charset.StandardCharsets.UTF_8);
  }
}
