package io.millwright.connect.file;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millwright.core.sample.Value;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Writes job files into the machine's outbox: the job fields (writable tags) by address, with their
 * last written values. A file appears whole or not at all: it is written under a name starting with
 * a dot and ending in {@code .tmp}, which machines skip, forced to disk and renamed. Names are made
 * here, never from written values, so no value can reach outside the outbox: {@code
 * job-20261123T081500123Z-000001.json}.
 *
 * <p>JSON nests by the address's slashes ({@code job/order} becomes {@code {"job":{"order":...}}},
 * read back by the same JSON pointer); CSV is a header of addresses and one row of values. Used
 * from the connector's scan thread only.
 */
final class JobFiles {

  private static final ObjectMapper MAPPER = JsonMapper.builder().build();
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

  private final Path outbox;
  private final FileFormat format;
  private final char delimiter;
  private long sequence;

  /**
   * @param delimiter the CSV field separator, the same as the machine's results use
   */
  JobFiles(Path outbox, FileFormat format, char delimiter) {
    this.outbox = outbox;
    this.format = format;
    this.delimiter = delimiter;
  }

  Path outbox() {
    return outbox;
  }

  /**
   * @param fields address to value, in the order the file lists them
   * @return the file written
   */
  Path write(Map<String, Value> fields, Instant now) throws IOException {
    Files.createDirectories(outbox);
    String name =
        "job-"
            + STAMP.format(now)
            + "-"
            + String.format("%06d", ++sequence)
            + "."
            + format.extension();
    Path temp = outbox.resolve("." + name + ".tmp");
    Path target = outbox.resolve(name);
    byte[] content =
        (format == FileFormat.CSV ? csv(fields, delimiter) : json(fields))
            .getBytes(StandardCharsets.UTF_8);
    try {
      // Forced to disk before the rename: the write is acknowledged once the file is in place, and
      // a job acknowledged must not vanish in a power cut.
      try (FileChannel ch =
          FileChannel.open(
              temp,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        ch.write(ByteBuffer.wrap(content));
        ch.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
    return target;
  }

  static String json(Map<String, Value> fields) throws JsonProcessingException {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    fields.forEach(
        (address, value) -> {
          JsonPointer p = JsonResults.pointer(address);
          ObjectNode parent = root;
          while (!p.tail().matches()) {
            JsonNode child = parent.get(p.getMatchingProperty());
            parent = child instanceof ObjectNode o ? o : parent.putObject(p.getMatchingProperty());
            p = p.tail();
          }
          String leaf = p.getMatchingProperty();
          switch (value) {
            case Value.Bool b -> parent.put(leaf, b.value());
            case Value.Int64 l -> parent.put(leaf, l.value());
            case Value.Float64 d -> parent.put(leaf, d.value());
            case Value.Text t -> parent.put(leaf, t.value());
          }
        });
    return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
  }

  static String csv(Map<String, Value> fields, char delimiter) {
    StringBuilder header = new StringBuilder();
    StringBuilder row = new StringBuilder();
    fields.forEach(
        (address, value) -> {
          if (!header.isEmpty()) {
            header.append(delimiter);
            row.append(delimiter);
          }
          header.append(quoted(address, delimiter));
          row.append(quoted(value.toString(), delimiter));
        });
    return header + "\r\n" + row + "\r\n";
  }

  /** RFC 4180: quote a field that holds the delimiter, a quote or a line break; double quotes. */
  private static String quoted(String field, char delimiter) {
    if (field.indexOf(delimiter) < 0
        && field.indexOf('"') < 0
        && field.indexOf('\n') < 0
        && field.indexOf('\r') < 0) {
      return field;
    }
    return '"' + field.replace("\"", "\"\"") + '"';
  }
}
