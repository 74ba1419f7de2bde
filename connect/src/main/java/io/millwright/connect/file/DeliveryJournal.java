package io.millwright.connect.file;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * The checkpoint that makes every result file reach the machine link exactly once across restarts.
 * After a file's samples were handed to the link and before the file is moved out of the drop
 * folder, its entry is written here (atomically: a temporary file renamed); after the move it is
 * cleared. A restart that finds an entry and the same file (name, size, modification time, SHA-256)
 * still in the drop folder finishes the move without handing the samples over again. A crash before
 * the entry leaves no entry: the file is read again, the samples delivered once. Only a crash in
 * the instant between the hand-over and the entry can repeat a file: repeating the same samples at
 * the same timestamps is harmless downstream, losing a result is not.
 *
 * <p>The guarantee covers a crash of the process (killed, out of memory, updated), the common case:
 * what it wrote is in the operating system's hands. The journal is not forced to disk: that costs a
 * disk flush per file (bench/files.sh: about 4 ms, most of the time per file), and after a power
 * cut the moves out of the drop folder may be lost as well, so a file can then be read once more.
 *
 * <p>One journal per machine, named after the machine id, in the connector's state directory.
 */
final class DeliveryJournal {

  /**
   * A file handed over but perhaps not yet moved.
   *
   * @param folder {@code done} or {@code error}
   * @param reason why it goes to error, empty for done
   */
  record Entry(
      String name, long size, long modified, String sha256, String folder, String reason) {}

  private final Path file;
  private final Path temp;

  DeliveryJournal(Path stateDirectory, String machineId) {
    this.file = stateDirectory.resolve(machineId + ".file-journal");
    this.temp = stateDirectory.resolve(machineId + ".file-journal.tmp");
  }

  Path path() {
    return file;
  }

  /** Records a hand-over; returns once the entry is on disk. */
  void write(Entry entry) throws IOException {
    Properties p = new Properties();
    p.setProperty("name", entry.name());
    p.setProperty("size", Long.toString(entry.size()));
    p.setProperty("modified", Long.toString(entry.modified()));
    p.setProperty("sha256", entry.sha256());
    p.setProperty("folder", entry.folder());
    p.setProperty("reason", entry.reason());
    StringWriter text = new StringWriter();
    p.store(text, "result file handed to the machine link, not yet moved");
    Files.createDirectories(file.getParent());
    Files.writeString(temp, text.toString(), StandardCharsets.UTF_8);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** The entry a crash left behind, if any. A torn or foreign file counts as none. */
  Optional<Entry> read() {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      Properties p = new Properties();
      p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
      String folder = required(p, "folder");
      if (!folder.equals(DropFolder.DONE) && !folder.equals(DropFolder.ERROR)) {
        return Optional.empty();
      }
      return Optional.of(
          new Entry(
              required(p, "name"),
              Long.parseLong(required(p, "size")),
              Long.parseLong(required(p, "modified")),
              required(p, "sha256"),
              folder,
              p.getProperty("reason", "")));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  void clear() throws IOException {
    Files.deleteIfExists(file);
  }

  private static String required(Properties p, String key) {
    String v = p.getProperty(key);
    if (v == null) {
      throw new IllegalArgumentException("no " + key);
    }
    return v;
  }
}
