package io.millwright.simulator.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Scale;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Value;
import io.millwright.simulator.MachinePresenter;
import io.millwright.simulator.ServedMachine;
import io.millwright.simulator.TagSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A machine that reports as a coordinate measuring machine does: one CSV file per report in a drop
 * folder (a header of tag names and {@code timestamp}, one row of the machine's tag values, its job
 * fields included), written under a temporary name and renamed so that no reader sees half a file.
 * A report is written at start and whenever a tag other than a floating-point process value changes
 * (a result, a state change, a new job), or every {@code ticksPerResult} ticks for a machine
 * without {@code counts/cycles}.
 *
 * <p>While the machine's link is down its folder is away, as a share that is no longer mounted:
 * renamed to {@code .<name>.unmounted} beside it, where the machine goes on writing, and renamed
 * back when the link returns.
 *
 * <p>Jobs come the other way: JSON job files in {@code jobs/} below the drop folder, fields nested
 * by the tag's slashes ({@code {"job":{"order":"PO-1"}}}). Each file is applied with {@link
 * ServedMachine#write} and deleted; a file the machine refuses is renamed {@code <name>.error} with
 * the reason in {@code <name>.error.txt}, as a machine's own job import would.
 */
public final class FileDropPresenter implements MachinePresenter {

  private static final System.Logger LOG = System.getLogger(FileDropPresenter.class.getName());
  static final String CYCLES = "counts/cycles";
  static final String TIMESTAMP = "timestamp";
  static final String OUTBOX = "jobs";
  private static final Duration READ_INTERVAL = Duration.ofMillis(500);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ServedMachine machine;
  private final Path folder;
  private final int ticksPerResult;
  private final AtomicLong resultsWritten = new AtomicLong();
  private final AtomicLong jobsApplied = new AtomicLong();
  private final AtomicLong jobsRefused = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  // Guarded by this.
  private boolean started;
  private boolean closed;
  private List<Value> lastEvents;
  private boolean unmounted;
  private long ticks;
  private long sequence;

  /**
   * @param folder the drop folder; created by {@link #start}
   * @param ticksPerResult for a machine without {@code counts/cycles}: a result every so many ticks
   */
  public FileDropPresenter(ServedMachine machine, Path folder, int ticksPerResult) {
    if (ticksPerResult < 1) {
      throw new IllegalArgumentException("ticksPerResult must be 1 or more, not " + ticksPerResult);
    }
    this.machine = machine;
    this.folder = folder.toAbsolutePath().normalize();
    this.ticksPerResult = ticksPerResult;
  }

  @Override
  public ServedMachine machine() {
    return machine;
  }

  @Override
  public synchronized void start() {
    try {
      if (!Files.exists(folder) && Files.isDirectory(unmountedFolder())) {
        // Stopped while its link was down: the folder comes back with what was written meanwhile.
        Files.move(unmountedFolder(), folder, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.createDirectories(folder.resolve(OUTBOX));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the drop folder " + folder, e);
    }
    started = true;
  }

  @Override
  public synchronized void tick(long epochMillis) {
    if (!started || closed) {
      return;
    }
    try {
      followLink();
      if (resultDue()) {
        writeResult(epochMillis);
      }
      applyJobs();
    } catch (IOException | RuntimeException e) {
      failures.incrementAndGet();
      LOG.log(System.Logger.Level.WARNING, machine.id() + ": file drop failed: " + e);
    }
  }

  private boolean resultDue() {
    if (hasTag(CYCLES)) {
      List<Value> events = new ArrayList<>();
      for (TagSpec t : machine.tags()) {
        if (t.type().kind() != Value.Kind.DOUBLE) {
          events.add(machine.read(t.name()));
        }
      }
      boolean due = !events.equals(lastEvents);
      lastEvents = events;
      return due;
    }
    return ++ticks % ticksPerResult == 0;
  }

  /** The folder a reader sees while the link is down: none. */
  private Path unmountedFolder() {
    return folder.resolveSibling("." + folder.getFileName() + ".unmounted");
  }

  /** Where the machine writes now: its folder, or the same folder put away while unmounted. */
  private Path current() {
    return unmounted ? unmountedFolder() : folder;
  }

  private void followLink() throws IOException {
    boolean up = machine.linkUp();
    if (!up && !unmounted) {
      Files.move(folder, unmountedFolder(), StandardCopyOption.ATOMIC_MOVE);
      unmounted = true;
      LOG.log(System.Logger.Level.INFO, "{0}: link down, drop folder unmounted", machine.id());
    } else if (up && unmounted) {
      Files.move(unmountedFolder(), folder, StandardCopyOption.ATOMIC_MOVE);
      unmounted = false;
      LOG.log(System.Logger.Level.INFO, "{0}: link up, drop folder mounted again", machine.id());
    }
  }

  private void writeResult(long epochMillis) throws IOException {
    StringBuilder header = new StringBuilder(TIMESTAMP);
    StringBuilder row = new StringBuilder(Instant.ofEpochMilli(epochMillis).toString());
    for (TagSpec t : machine.tags()) {
      header.append(',').append(csvField(t.name()));
      row.append(',').append(csvField(machine.read(t.name()).toString()));
    }
    // The time keeps the names of a restarted simulator apart from results not yet read.
    String name = String.format("result-%d-%06d.csv", epochMillis, ++sequence);
    Path temp = current().resolve("." + name + ".tmp");
    Files.writeString(temp, header + "\r\n" + row + "\r\n", StandardCharsets.UTF_8);
    Files.move(temp, current().resolve(name), StandardCopyOption.ATOMIC_MOVE);
    resultsWritten.incrementAndGet();
  }

  private void applyJobs() throws IOException {
    List<Path> jobs = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(current().resolve(OUTBOX))) {
      for (Path p : files) {
        String name = p.getFileName().toString();
        if (!name.startsWith(".") && name.endsWith(".json") && Files.isRegularFile(p)) {
          jobs.add(p);
        }
      }
    }
    jobs.sort(null);
    for (Path job : jobs) {
      try {
        apply(job);
        Files.delete(job);
        jobsApplied.incrementAndGet();
      } catch (IllegalArgumentException e) {
        refuse(job, e.getMessage());
      }
    }
  }

  /**
   * Every field is converted before the first is written, so a malformed file changes nothing; a
   * value the machine refuses (out of range) stops the job at that field.
   */
  private void apply(Path job) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(job.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException("not a JSON job file: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("a job file holds one JSON object");
    }
    Map<String, JsonNode> fields = new TreeMap<>();
    flatten("", root, fields);
    Map<String, Value> values = new TreeMap<>();
    fields.forEach((tag, node) -> values.put(tag, value(tag, node)));
    values.forEach(machine::write);
  }

  private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> into) {
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String path = prefix.isEmpty() ? e.getKey() : prefix + "/" + e.getKey();
      if (e.getValue().isObject()) {
        flatten(path, e.getValue(), into);
      } else {
        into.put(path, e.getValue());
      }
    }
  }

  private Value value(String tag, JsonNode node) {
    TagSpec spec =
        machine.tags().stream()
            .filter(t -> t.name().equals(tag))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException(machine.id() + " has no tag " + tag));
    return switch (spec.type().kind()) {
      case BOOLEAN -> {
        if (!node.isBoolean()) {
          throw new IllegalArgumentException(tag + " takes true or false, not " + node);
        }
        yield Value.of(node.booleanValue());
      }
      case LONG -> {
        if (!node.canConvertToExactIntegral() || !node.canConvertToLong()) {
          throw new IllegalArgumentException(tag + " takes a whole number, not " + node);
        }
        yield Value.of(node.longValue());
      }
      case DOUBLE -> {
        if (!node.isNumber()) {
          throw new IllegalArgumentException(tag + " takes a number, not " + node);
        }
        yield Value.of(node.doubleValue());
      }
      case STRING -> Value.of(node.isTextual() ? node.textValue() : node.toString());
    };
  }

  private void refuse(Path job, String reason) throws IOException {
    Path refused = job.resolveSibling(job.getFileName() + ".error");
    Files.move(job, refused, StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(
        refused.resolveSibling(refused.getFileName() + ".txt"),
        reason + System.lineSeparator(),
        StandardCharsets.UTF_8);
    jobsRefused.incrementAndGet();
    LOG.log(System.Logger.Level.INFO, "{0}: job {1} refused: {2}", machine.id(), job, reason);
  }

  private boolean hasTag(String name) {
    return machine.tags().stream().anyMatch(t -> t.name().equals(name));
  }

  /** RFC 4180: quote a field holding a comma, a quote or a line break, doubling its quotes. */
  private static String csvField(String text) {
    if (text.indexOf(',') < 0
        && text.indexOf('"') < 0
        && text.indexOf('\n') < 0
        && text.indexOf('\r') < 0) {
      return text;
    }
    return '"' + text.replace("\"", "\"\"") + '"';
  }

  /**
   * A file-drop machine reading the CSV results (tag address = the CSV column, which is the tag
   * name) and writing JSON jobs to {@code jobs/}. No settling time: results are renamed into place.
   */
  @Override
  public synchronized MachineDefinition definition() {
    if (!started) {
      throw new IllegalStateException("start the presenter first: the drop folder is made then");
    }
    List<Tag> tags = new ArrayList<>();
    for (TagSpec spec : machine.tags()) {
      tags.add(
          new Tag(
              spec.name(),
              spec.name(),
              spec.type(),
              spec.unit(),
              Scale.IDENTITY,
              0,
              Optional.empty(),
              spec.writable()));
    }
    return new MachineDefinition(
        machine.id(),
        machine.name(),
        machine.area(),
        machine.line(),
        Protocol.FILE,
        folder.toUri().toString(),
        Map.of(
            "format", "csv",
            "stableFor", "0s",
            "timestampField", TIMESTAMP,
            "outbox", OUTBOX,
            "jobFormat", "json"),
        READ_INTERVAL,
        tags);
  }

  /** Result files written since start. */
  public long resultsWritten() {
    return resultsWritten.get();
  }

  /** Job files applied to the machine and deleted. */
  public long jobsApplied() {
    return jobsApplied.get();
  }

  /** Job files the machine refused, left as {@code <name>.error}. */
  public long jobsRefused() {
    return jobsRefused.get();
  }

  /** Ticks on which the folder could not be written or read. */
  public long failures() {
    return failures.get();
  }

  @Override
  public synchronized void close() {
    closed = true;
  }
}
