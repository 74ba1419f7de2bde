package io.millwright.connect.file;

import io.millwright.connect.ConnectorCounters;
import io.millwright.connect.MachineLink;
import io.millwright.uns.sparkplug.edge.TagSample;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Takes one complete result file: reads it within the limits, hands its samples to the machine
 * link, and moves it to {@code done/} or {@code error/}, checkpointed by the {@link
 * DeliveryJournal} so that a restart neither loses nor repeats it. Used from the scan thread only.
 */
final class ResultIntake {

  private static final System.Logger LOG = System.getLogger(ResultIntake.class.getName());

  /** The journal's hash of a file refused unread (too large, not a regular file). */
  private static final String UNREAD = "-";

  private final DropFolder folder;
  private final FileDropOptions options;
  private final Map<FileFormat, ResultParser> parsers;
  private final ResultMapper mapper;
  private final DeliveryJournal journal;
  private final ConnectorCounters counters;

  ResultIntake(
      DropFolder folder,
      FileDropOptions options,
      Map<FileFormat, ResultParser> parsers,
      ResultMapper mapper,
      DeliveryJournal journal,
      ConnectorCounters counters) {
    this.folder = folder;
    this.options = options;
    this.parsers = Map.copyOf(parsers);
    this.mapper = mapper;
    this.journal = journal;
    this.counters = counters;
  }

  /**
   * Finishes the move a crash or a failed move interrupted: a file the journal says was handed
   * over, still in the drop folder unchanged, goes where it was going without being delivered
   * again. A file of the same name that differs is a new result and is left to be read. Called
   * before every scan; without a journal entry it costs one look at the state directory.
   *
   * @throws IOException when the file is there but still cannot be moved
   */
  void recover() throws IOException {
    Optional<DeliveryJournal.Entry> entry = journal.read();
    if (entry.isEmpty()) {
      return;
    }
    DeliveryJournal.Entry e = entry.get();
    Path file = folder.inbox().resolve(e.name()).normalize();
    if (file.getParent().equals(folder.inbox()) && same(file, e)) {
      folder.retire(
          file, e.folder(), e.reason().isEmpty() ? Optional.empty() : Optional.of(e.reason()));
    }
    journal.clear();
  }

  private boolean same(Path file, DeliveryJournal.Entry e) throws IOException {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    BasicFileAttributes a =
        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (a.size() != e.size() || a.lastModifiedTime().toMillis() != e.modified()) {
      return false;
    }
    if (e.sha256().equals(UNREAD)) {
      return true;
    }
    byte[] content = read(file, options.maxFileBytes());
    return content != null && sha256(content).equals(e.sha256());
  }

  /**
   * @param attributes read without following links, when the file was found complete
   * @throws IOException when the journal could not be written (nothing was delivered) or the file
   *     could not be moved (it was delivered; the journal says so); NoSuchFileException when the
   *     file went away before it was read
   */
  void take(Path file, BasicFileAttributes attributes, MachineLink link) throws IOException {
    String name = file.getFileName().toString();
    long modified = attributes.lastModifiedTime().toMillis();
    long size = attributes.size();
    if (!attributes.isRegularFile()) {
      refuse(file, size, modified, UNREAD, "not a regular file (a link or a device)", link);
      return;
    }
    if (size > options.maxFileBytes()) {
      refuse(file, size, modified, UNREAD, tooLarge(size), link);
      return;
    }
    byte[] content;
    try {
      content = read(file, options.maxFileBytes());
    } catch (NoSuchFileException e) {
      throw e; // Gone since listed: nothing to report.
    } catch (IOException e) {
      refuse(file, size, modified, UNREAD, "cannot be read: " + e, link);
      return;
    }
    if (content == null) {
      refuse(file, size, modified, UNREAD, tooLarge(options.maxFileBytes() + 1), link);
      return;
    }
    String hash = sha256(content);
    Optional<FileFormat> format = options.format().or(() -> FileFormat.ofFileName(name));
    if (format.isEmpty() || !parsers.containsKey(format.get())) {
      refuse(file, size, modified, hash, "its extension names no format; set option format", link);
      return;
    }
    List<ResultRecord> records;
    try {
      records = parsers.get(format.get()).parse(content);
    } catch (BadFileException e) {
      refuse(file, size, modified, hash, e.getMessage(), link);
      return;
    }
    ResultMapper.Mapped mapped = mapper.map(name, records, modified);
    boolean error = !mapped.problems().isEmpty();
    handOver(
        new DeliveryJournal.Entry(
            name,
            size,
            modified,
            hash,
            error ? DropFolder.ERROR : DropFolder.DONE,
            String.join(System.lineSeparator(), mapped.problems())),
        file,
        mapped.batches(),
        mapped.badTags(),
        link);
  }

  /** A file that cannot be used: every read tag Bad with the reason, the file to error/. */
  private void refuse(
      Path file, long size, long modified, String hash, String reason, MachineLink link)
      throws IOException {
    String name = file.getFileName().toString();
    handOver(
        new DeliveryJournal.Entry(name, size, modified, hash, DropFolder.ERROR, reason),
        file,
        List.of(mapper.unreadable(name + ": " + reason, modified)),
        0,
        link);
  }

  /**
   * Journal, hand over, move, clear: see {@link DeliveryJournal}. Nothing is delivered unless the
   * journal entry is written, so a state directory that cannot be written stops the reading rather
   * than repeating files; a move that fails leaves the entry for the next scan to finish.
   */
  private void handOver(
      DeliveryJournal.Entry entry,
      Path file,
      List<List<TagSample>> batches,
      int badTags,
      MachineLink link)
      throws IOException {
    journal.write(entry);
    for (int i = 0; i < badTags; i++) {
      counters.readError();
    }
    if (entry.folder().equals(DropFolder.ERROR)) {
      counters.readError();
      counters.error(entry.name() + ": " + entry.reason().lines().findFirst().orElse(""));
    }
    for (List<TagSample> batch : batches) {
      deliver(batch, link);
    }
    folder.retire(
        file,
        entry.folder(),
        entry.reason().isEmpty() ? Optional.empty() : Optional.of(entry.reason()));
    journal.clear();
  }

  private void deliver(List<TagSample> batch, MachineLink link) {
    if (batch.isEmpty()) {
      return;
    }
    if (batch.stream().anyMatch(s -> s.sample().quality().isGood())) {
      counters.goodRead(System.currentTimeMillis());
    }
    counters.samples(batch.size());
    try {
      link.samples(batch);
    } catch (RuntimeException e) {
      // The link belongs to the host; its failure must not stop this connector or hold the file.
      LOG.log(System.Logger.Level.ERROR, folder.inbox() + ": the machine link failed", e);
    }
  }

  private String tooLarge(long size) {
    return "the file is "
        + size
        + " bytes, more than the "
        + options.maxFileBytes()
        + " of option maxFileBytes";
  }

  /** The whole file, or null when it holds more than {@code max} bytes (it grew since listed). */
  private static byte[] read(Path file, long max) throws IOException {
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
      return content.length > max ? null : content;
    }
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
