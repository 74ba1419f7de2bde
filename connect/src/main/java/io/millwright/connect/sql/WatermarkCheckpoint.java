package io.millwright.connect.sql;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The watermark of one machine on disk, so that a restart continues after the last row delivered:
 * nothing read twice, nothing skipped. One small text file per machine; it also names the table and
 * column it belongs to, so that a definition pointed at another table starts afresh instead of
 * skipping rows by a foreign watermark.
 *
 * <p>Saved with a write to a temporary file, fsync, an atomic rename over the old file and an fsync
 * of the directory: after a crash the file holds either the old or the new watermark, never half.
 */
final class WatermarkCheckpoint {

  private static final System.Logger LOG = System.getLogger(WatermarkCheckpoint.class.getName());

  private final Path file;
  private final Path temporary;
  private final String table;
  private final String column;

  /**
   * @param machineId a valid machine id, which is also a safe file name
   */
  WatermarkCheckpoint(Path directory, String machineId, TableName table, SqlIdentifier column) {
    this.file = directory.resolve(machineId + ".watermark");
    this.temporary = directory.resolve(machineId + ".watermark.tmp");
    this.table = table.toString();
    this.column = column.name();
  }

  Path file() {
    return file;
  }

  /**
   * The saved watermark; empty when there is none, or when it belongs to another table or column.
   *
   * @throws IOException when the file exists but cannot be read or makes no sense: guessing could
   *     deliver a table twice or skip it, so the connector does not start reading
   */
  Optional<Watermark> load() throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    Map<String, String> entries = new HashMap<>();
    for (String line : text.split("\n")) {
      int eq = line.indexOf('=');
      if (!line.startsWith("#") && eq > 0) {
        entries.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    if (!table.equals(entries.get("table")) || !column.equals(entries.get("column"))) {
      LOG.log(
          System.Logger.Level.WARNING,
          "{0} is for table {1} column {2}, not {3} column {4}: reading starts afresh",
          file,
          entries.get("table"),
          entries.get("column"),
          table,
          column);
      return Optional.empty();
    }
    Optional<WatermarkType> type = WatermarkType.ofFileName(String.valueOf(entries.get("type")));
    String value = entries.get("value");
    if (type.isEmpty() || value == null) {
      throw new IOException(
          file + " is damaged: no type or value; delete it to read from the start");
    }
    try {
      return Optional.of(new Watermark(type.get(), type.get().parse(value)));
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IOException(
          file + " is damaged: \"" + value + "\" is not a " + type.get().fileName(), e);
    }
  }

  void save(Watermark watermark) throws IOException {
    String text =
        "# The last row of the results table that Millwright delivered.\n"
            + "table="
            + table
            + "\ncolumn="
            + column
            + "\ntype="
            + watermark.type().fileName()
            + "\nvalue="
            + watermark
            + "\n";
    Files.createDirectories(file.getParent());
    try (FileChannel out =
        FileChannel.open(
            temporary,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        out.write(bytes);
      }
      out.force(true);
    }
    try {
      Files.move(
          temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException(file.getParent() + " does not support atomic renames", e);
    }
    // The rename is durable only once the directory entry is on disk.
    try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    }
  }
}
