package io.millwright.connect.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millwright.core.sample.Value;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * read back by the same JSON pointer); CSV is a header of addresses and one row of values.
 */
final class JobFiles {

  private static final ObjectMapper MAPPER = JsonMapper.builder().build();
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

  private final Path outbox;
  private final FileFormat format;
  private long sequence;

  JobFiles(Path outbox, FileFormat format) {
    this.outbox = outbox;
    this.format = format;
  }

  Path outbox() {
    return outbox;
  }

  /**
   * @param fields address to value, in the order the file lists them
   * @return the file written
   */
  synchronized Path write(Map<String, Value> fields, Instant now) throws IOException {
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
        (format == FileFormat.CSV ? csv(fields) : json(fields)).getBytes(StandardCharsets.UTF_8);
    try {
      Files.write(temp, content);
      try (var ch =
          java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
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
          String[] parts = (address.startsWith("/") ? address.substring(1) : address).split("/");
          ObjectNode parent = root;
          for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = parent.get(parts[i]);
            parent = child instanceof ObjectNode o ? o : parent.putObject(parts[i]);
          }
          String leaf = parts[parts.length - 1];
          switch (value) {
            case Value.Bool b -> parent.put(leaf, b.value());
            case Value.Int64 l -> parent.put(leaf, l.value());
            case Value.Float64 d -> parent.put(leaf, d.value());
            case Value.Text t -> parent.put(leaf, t.value());
          }
        });
    return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
  }

  static String csv(Map<String, Value> fields) {
    StringBuilder header = new StringBuilder();
    StringBuilder row = new StringBuilder();
    fields.forEach(
        (address, value) -> {
          if (!header.isEmpty()) {
            header.append(',');
            row.append(',');
          }
          header.append(quoted(address));
          row.append(quoted(value.toString()));
        });
    return header + "\r\n" + row + "\r\n";
  }

  /** RFC 4180: quote a field that holds a comma, a quote or a line break; double its quotes. */
  private static String quoted(String field) {
    if (field.indexOf(',') < 0
        && field.indexOf('"') < 0
        && field.indexOf('\n') < 0
        && field.indexOf('\r') < 0) {
      return field;
    }
    return '"' + field.replace("\"", "\"\"") + '"';
  }
}
