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
 * The checkpoint that makes a restart neither lose nor repeat a result file. Before a file's
 * samples are handed to the link its entry is written here (atomically: a temporary file renamed);
 * after the file has been moved out of the drop folder the entry is cleared. A restart (or the next
 * scan, after a move that failed) that finds an entry and the same file (name, size, modification
 * time, SHA-256) still in the drop folder finishes the move without handing the samples over again.
 * A crash before the entry leaves none: the file is read again and delivered once. Nothing is
 * handed over without its entry on disk, so a state directory that cannot be written stops the
 * reading instead of repeating files. The one instant not covered is a crash between the entry and
 * the hand-over, which involves no I/O.
 *
 * <p>The guarantee covers a crash of the process (killed, out of memory, updated), the common case:
 * what it wrote is in the operating system's hands. The entry is not forced to disk: that costs a
 * disk flush per file (bench/files.sh: about 3 ms, most of the time per file), and after a power
 * cut the moves out of the drop folder may be lost as well.
 *
 * <p>One journal per machine, named after the machine id, in the connector's state directory.
 */
final class DeliveryJournal {

  /**
   * A file being handed over, or handed over and not yet moved.
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

  /** Records a hand-over about to happen. */
  void write(Entry entry) throws IOException {
    Properties p = new Properties();
    p.setProperty("name", entry.name());
    p.setProperty("size", Long.toString(entry.size()));
    p.setProperty("modified", Long.toString(entry.modified()));
    p.setProperty("sha256", entry.sha256());
    p.setProperty("folder", entry.folder());
    p.setProperty("reason", entry.reason());
    StringWriter text = new StringWriter();
    p.store(text, "result file handed to the machine link, not yet moved out of the drop folder");
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
