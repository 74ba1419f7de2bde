package io.millwright.publisher.batch;

import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A batch on the wire: a four-byte header ({@code MWB} and the format version) and a DEFLATE stream
 * of the contents laid out so that what repeats lines up.
 *
 * <p>Why this layout: a plant's samples are mostly the same few hundred tags, sampled at steady
 * intervals, with values that change a little. So strings (tag paths, quality reasons, text values,
 * event topics) go once into a dictionary, sorted and front-coded (a machine's tags share all but
 * their last levels); readings are grouped by tag (a tag's order is kept, the order between tags is
 * not: nothing downstream depends on it); timestamps are deltas from the previous reading of the
 * tag, integers deltas from the previous integer, doubles XORed with the previous double (unchanged
 * high bits become zero bytes). DEFLATE then squeezes the regularity: the measured cost is in
 * docs/benchmarks.md (under 10 bytes a sample is the target).
 *
 * <p>Decoding trusts nothing: every count is checked against the bytes left, strings and the
 * inflated size are bounded, and any mistake is a {@link MalformedBatchException}, never another
 * exception. Stateless and thread-safe.
 */
public final class BatchCodec {

  static final byte[] MAGIC = {'M', 'W', 'B', 1};

  /** Largest encoded batch accepted: a sane batch is a few hundred kilobytes. */
  public static final int MAX_ENCODED_BYTES = 16 * 1024 * 1024;

  /** Largest inflated body accepted: bounds what a hostile payload can make us allocate. */
  static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

  static final int MAX_STRING_BYTES = 256 * 1024;

  private static final int KIND_BOOL = 0;
  private static final int KIND_LONG = 1;
  private static final int KIND_DOUBLE = 2;

  private static final double[] POWERS_OF_TEN = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};
  private static final int KIND_TEXT = 3;

  private BatchCodec() {}

  /**
   * Encodes a batch. A text value or reason longer than {@link #MAX_STRING_BYTES} would make the
   * whole batch unreadable at the cloud, so it is cut to that length here (a tag whose text runs to
   * a quarter megabyte is a misread machine, not data).
   */
  public static byte[] encode(Batch batch) {
    // Strings sorted, so neighbours share prefixes (a machine's tags, its area and line) and the
    // dictionary is front-coded: each entry keeps what it shares with the one before.
    Map<String, List<Sample>> byTag = new TreeMap<>();
    TreeSet<String> strings = new TreeSet<>();
    for (TagReading r : batch.readings()) {
      byTag.computeIfAbsent(r.tag(), t -> new ArrayList<>()).add(r.sample());
      strings.add(r.tag());
      if (!r.sample().quality().isGood()) {
        strings.add(fit(r.sample().quality().reason()));
      }
      if (r.sample().value() instanceof Value.Text t) {
        strings.add(fit(t.value()));
      }
    }
    for (SiteEvent ev : batch.events()) {
      strings.add(ev.topic());
    }
    Map<String, Integer> dictionary = new HashMap<>();
    for (String str : strings) {
      dictionary.put(str, dictionary.size());
    }
    Out body = new Out(64 + batch.readings().size() * 12 + strings.size() * 16);
    body.string(batch.id().site());
    body.string(batch.id().buffer());
    body.varlong(batch.id().sequence());
    body.varlong(batch.sealedAt());
    body.varint(strings.size());
    byte[] previous = new byte[0];
    for (String str : strings) {
      byte[] utf = str.getBytes(StandardCharsets.UTF_8);
      int shared = 0;
      int most = Math.min(previous.length, utf.length);
      while (shared < most && previous[shared] == utf[shared]) {
        shared++;
      }
      body.varint(shared);
      body.varint(utf.length - shared);
      body.write(utf, shared, utf.length - shared);
      previous = utf;
    }
    body.varint(byTag.size());
    for (Map.Entry<String, List<Sample>> e : byTag.entrySet()) {
      body.varint(dictionary.get(e.getKey()));
      List<Sample> samples = e.getValue();
      body.varint(samples.size());
      long lastTime = batch.sealedAt();
      long lastLong = 0;
      long lastBits = 0;
      for (Sample smp : samples) {
        body.zigzag(smp.timestamp() - lastTime);
        lastTime = smp.timestamp();
        int severity = smp.quality().severity().ordinal();
        Value v = smp.value();
        int kind =
            switch (v) {
              case Value.Bool b -> KIND_BOOL;
              case Value.Int64 i -> KIND_LONG;
              case Value.Float64 d -> KIND_DOUBLE;
              case Value.Text t -> KIND_TEXT;
            };
        int flag = v instanceof Value.Bool b && b.value() ? 1 : 0;
        int decimals = v instanceof Value.Float64 d ? decimals(d.value()) : -1;
        body.write(kind | severity << 2 | flag << 4 | (decimals >= 0 ? 1 << 5 : 0));
        if (severity != 0) {
          body.varint(dictionary.get(fit(smp.quality().reason())));
        }
        switch (v) {
          case Value.Bool b -> {}
          case Value.Int64 i -> {
            body.zigzag(i.value() - lastLong);
            lastLong = i.value();
          }
          case Value.Float64 d -> {
            long bits = Double.doubleToRawLongBits(d.value());
            if (decimals >= 0) {
              body.varint(decimals);
              body.zigzag(Math.round(d.value() * POWERS_OF_TEN[decimals]));
            } else {
              body.fixed64(bits ^ lastBits);
            }
            lastBits = bits;
          }
          case Value.Text t -> body.varint(dictionary.get(fit(t.value())));
        }
      }
    }
    body.varint(batch.events().size());
    for (SiteEvent ev : batch.events()) {
      body.varint(dictionary.get(ev.topic()));
      body.zigzag(ev.timestamp() - batch.sealedAt());
      body.string(ev.json());
    }
    return deflate(body);
  }

  /**
   * Most plant values are short decimals (40.3 degC, 1.25 bar): written as a whole number and a
   * count of decimals they take two or three bytes instead of eight. The number of decimals (0 to
   * 6) that gives the very same double back, or -1 for a value to be sent bit for bit.
   */
  static int decimals(double v) {
    long bits = Double.doubleToRawLongBits(v);
    for (int k = 0; k < POWERS_OF_TEN.length; k++) {
      double scaled = v * POWERS_OF_TEN[k];
      if (Math.abs(scaled) >= 1L << 53) {
        return -1;
      }
      long m = Math.round(scaled);
      if (Double.doubleToRawLongBits(m / POWERS_OF_TEN[k]) == bits) {
        return k;
      }
    }
    return -1;
  }

  /** A string as long as the decoder takes: cut at a character, never inside one. */
  static String fit(String s) {
    if (s.length() * 3 <= MAX_STRING_BYTES
        || s.getBytes(StandardCharsets.UTF_8).length <= MAX_STRING_BYTES) {
      return s;
    }
    int end = MAX_STRING_BYTES / 3;
    if (Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end);
  }

  public static Batch decode(byte[] bytes) throws MalformedBatchException {
    if (bytes == null || bytes.length < MAGIC.length) {
      throw new MalformedBatchException("not a batch: fewer than 4 bytes");
    }
    if (bytes.length > MAX_ENCODED_BYTES) {
      throw new MalformedBatchException(
          "batch of " + bytes.length + " bytes is larger than " + MAX_ENCODED_BYTES);
    }
    if (bytes[0] != MAGIC[0] || bytes[1] != MAGIC[1] || bytes[2] != MAGIC[2]) {
      throw new MalformedBatchException("not a batch: it does not start with MWB");
    }
    if (bytes[3] != MAGIC[3]) {
      throw new UnknownBatchVersionException(
          "batch format version " + bytes[3] + " is not known here (this side reads version 1)");
    }
    In in = new In(inflate(bytes));
    try {
      BatchId id = new BatchId(in.string(), in.string(), in.varlong());
      long sealedAt = in.varlong();
      int size = in.count("dictionary", 2);
      String[] dictionary = new String[size];
      byte[] previous = new byte[0];
      for (int i = 0; i < size; i++) {
        previous = in.frontCoded(previous);
        dictionary[i] = new String(previous, StandardCharsets.UTF_8);
      }
      int tags = in.count("tags", 2);
      List<TagReading> readings = new ArrayList<>();
      for (int g = 0; g < tags; g++) {
        String tag = in.entry(dictionary);
        int count = in.count("readings of " + tag, 2);
        long lastTime = sealedAt;
        long lastLong = 0;
        long lastBits = 0;
        for (int r = 0; r < count; r++) {
          long time = lastTime + in.zigzag();
          lastTime = time;
          int header = in.read();
          boolean decimal = (header & 32) != 0;
          if (header >> 6 != 0
              || (header >> 2 & 3) == 3
              || (decimal && (header & 3) != KIND_DOUBLE)) {
            throw new MalformedBatchException("reading header " + header + " of " + tag);
          }
          Quality.Severity severity = Quality.Severity.values()[header >> 2 & 3];
          Quality quality =
              severity == Quality.Severity.GOOD
                  ? Quality.GOOD
                  : new Quality(severity, in.entry(dictionary));
          Value value =
              switch (header & 3) {
                case KIND_BOOL -> Value.of((header & 16) != 0);
                case KIND_LONG -> {
                  lastLong += in.zigzag();
                  yield Value.of(lastLong);
                }
                case KIND_DOUBLE -> {
                  if (decimal) {
                    long k = in.varlong();
                    if (k < 0 || k >= POWERS_OF_TEN.length) {
                      throw new MalformedBatchException(k + " decimals in a reading of " + tag);
                    }
                    lastBits = Double.doubleToRawLongBits(in.zigzag() / POWERS_OF_TEN[(int) k]);
                  } else {
                    lastBits ^= in.fixed64();
                  }
                  yield Value.of(Double.longBitsToDouble(lastBits));
                }
                default -> Value.of(in.entry(dictionary));
              };
          readings.add(new TagReading(tag, new Sample(time, value, quality)));
        }
      }
      int eventCount = in.count("events", 3);
      List<SiteEvent> events = new ArrayList<>(eventCount);
      for (int i = 0; i < eventCount; i++) {
        String topic = in.entry(dictionary);
        long time = sealedAt + in.zigzag();
        events.add(new SiteEvent(topic, time, in.string()));
      }
      if (in.remaining() != 0) {
        throw new MalformedBatchException(in.remaining() + " bytes left over after the events");
      }
      return new Batch(id, sealedAt, readings, events);
    } catch (IllegalArgumentException e) {
      throw new MalformedBatchException("batch contents are not valid: " + e.getMessage(), e);
    }
  }

  private static int index(Map<String, Integer> dictionary, String s) {
    Integer i = dictionary.get(s);
    if (i == null) {
      i = dictionary.size();
      dictionary.put(s, i);
    }
    return i;
  }

  private static byte[] deflate(Out body) {
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    try {
      deflater.setInput(body.buffer, 0, body.size);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(body.size / 3 + 64);
      out.write(MAGIC, 0, MAGIC.length);
      byte[] chunk = new byte[16 * 1024];
      while (!deflater.finished()) {
        int n = deflater.deflate(chunk);
        out.write(chunk, 0, n);
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  private static byte[] inflate(byte[] bytes) throws MalformedBatchException {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(bytes, MAGIC.length, bytes.length - MAGIC.length);
      ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length * 4);
      byte[] chunk = new byte[16 * 1024];
      while (!inflater.finished()) {
        int n = inflater.inflate(chunk);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new MalformedBatchException("batch is cut short: its compressed stream ends early");
        }
        if (out.size() + n > MAX_BODY_BYTES) {
          throw new MalformedBatchException("batch inflates past " + MAX_BODY_BYTES + " bytes");
        }
        out.write(chunk, 0, n);
      }
      if (inflater.getRemaining() != 0) {
        throw new MalformedBatchException("bytes after the end of the compressed stream");
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      throw new MalformedBatchException(
          "batch is not a valid compressed stream: " + e.getMessage());
    } finally {
      inflater.end();
    }
  }

  /** A growable byte buffer with the few encodings used. */
  private static final class Out {
    byte[] buffer;
    int size;

    Out(int capacity) {
      buffer = new byte[Math.max(16, capacity)];
    }

    void write(int b) {
      if (size == buffer.length) {
        buffer = Arrays.copyOf(buffer, buffer.length * 2);
      }
      buffer[size++] = (byte) b;
    }

    void varint(int v) {
      varlong(v & 0xFFFF_FFFFL);
    }

    void varlong(long v) {
      while ((v & ~0x7FL) != 0) {
        write((int) (v & 0x7F) | 0x80);
        v >>>= 7;
      }
      write((int) v);
    }

    void zigzag(long v) {
      varlong(v << 1 ^ v >> 63);
    }

    void fixed64(long v) {
      for (int shift = 56; shift >= 0; shift -= 8) {
        write((int) (v >>> shift));
      }
    }

    void string(String s) {
      byte[] utf = s.getBytes(StandardCharsets.UTF_8);
      varint(utf.length);
      write(utf, 0, utf.length);
    }

    void write(byte[] bytes, int offset, int length) {
      if (size + length > buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + length));
      }
      System.arraycopy(bytes, offset, buffer, size, length);
      size += length;
    }
  }

  /** Reads what {@link Out} wrote, checking every step against the bytes left. */
  private static final class In {
    private final byte[] bytes;
    private int pos;

    In(byte[] bytes) {
      this.bytes = bytes;
    }

    int remaining() {
      return bytes.length - pos;
    }

    int read() throws MalformedBatchException {
      if (pos >= bytes.length) {
        throw new MalformedBatchException("batch ends early at byte " + pos);
      }
      return bytes[pos++] & 0xFF;
    }

    long varlong() throws MalformedBatchException {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = read();
        v |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return v;
        }
      }
      throw new MalformedBatchException("a number at byte " + pos + " runs past 64 bits");
    }

    long zigzag() throws MalformedBatchException {
      long v = varlong();
      return v >>> 1 ^ -(v & 1);
    }

    long fixed64() throws MalformedBatchException {
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = v << 8 | read();
      }
      return v;
    }

    /**
     * A count of items each at least {@code minBytes} long: never more than the bytes left allow.
     */
    int count(String what, int minBytes) throws MalformedBatchException {
      long n = varlong();
      if (n < 0 || n > remaining() / minBytes) {
        throw new MalformedBatchException(
            "count of "
                + what
                + " ("
                + n
                + ") is more than the "
                + remaining()
                + " bytes left hold");
      }
      return (int) n;
    }

    String string() throws MalformedBatchException {
      long n = varlong();
      if (n < 0 || n > MAX_STRING_BYTES || n > remaining()) {
        throw new MalformedBatchException("a string of " + n + " bytes at byte " + pos);
      }
      String s = new String(bytes, pos, (int) n, StandardCharsets.UTF_8);
      pos += (int) n;
      return s;
    }

    /** A string that shares its first bytes with the one before (front coding). */
    byte[] frontCoded(byte[] previous) throws MalformedBatchException {
      long shared = varlong();
      long rest = varlong();
      if (shared < 0 || shared > previous.length || rest < 0 || rest > remaining()) {
        throw new MalformedBatchException(
            "a dictionary entry at byte " + pos + " shares " + shared + " and adds " + rest);
      }
      if (shared + rest > MAX_STRING_BYTES) {
        throw new MalformedBatchException("a string of " + (shared + rest) + " bytes at " + pos);
      }
      byte[] out = Arrays.copyOf(previous, (int) (shared + rest));
      System.arraycopy(bytes, pos, out, (int) shared, (int) rest);
      pos += (int) rest;
      return out;
    }

    String entry(String[] dictionary) throws MalformedBatchException {
      long i = varlong();
      if (i < 0 || i >= dictionary.length) {
        throw new MalformedBatchException(
            "string number " + i + " is not in the batch's " + dictionary.length);
      }
      return dictionary[(int) i];
    }
  }
}
