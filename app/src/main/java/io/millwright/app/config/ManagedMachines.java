package io.millwright.app.config;

import io.millwright.core.machine.MachineDefinition;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The machines added, edited and deleted through the machines API, kept in {@code
 * <data>/connectors/machines.yaml}: a {@code machines:} list of the configuration file's shape
 * (each entry as it was sent), and a {@code deleted:} list of configured machines that were deleted
 * and must stay so. On top of the configured machines, an entry of the file replaces the configured
 * machine of the same id. Every change is written at once, atomically (a temporary file moved over
 * the old one). Thread-safe.
 */
public final class ManagedMachines {

  public static final String FILE_NAME = "machines.yaml";

  static final String MACHINES = "machines";
  static final String DELETED = "deleted";

  private final Path file;
  // Guarded by this: by id, in the order they were first added.
  private final Map<String, Node> trees = new LinkedHashMap<>();
  private final Map<String, MachineDefinition> definitions = new LinkedHashMap<>();
  private final Set<String> deleted = new LinkedHashSet<>();

  private ManagedMachines(Path file) {
    this.file = file;
  }

  /**
   * Reads the file if there is one, each machine checked as the configuration file's are.
   *
   * @throws ConfigException naming the file, the line and the field
   */
  public static ManagedMachines load(Path file, Consumer<MachineDefinition> check) {
    ManagedMachines out = new ManagedMachines(file);
    if (!Files.exists(file)) {
      return out;
    }
    YamlFile yaml = YamlFile.read(file);
    if (yaml.root() == null) {
      return out;
    }
    for (NodeTuple tuple : yaml.mapping(yaml.root(), null).getValue()) {
      String key = yaml.key(tuple, null);
      switch (key) {
        case MACHINES -> {
          List<Node> items = yaml.sequence(tuple.getValueNode(), key).getValue();
          for (int i = 0; i < items.size(); i++) {
            String at = MACHINES + "[" + i + "]";
            MachineDefinition machine = MachineReader.read(yaml, items.get(i), at, check);
            if (out.definitions.put(machine.id(), machine) != null) {
              throw new ConfigException(
                  yaml.where(items.get(i)),
                  at + ".id",
                  "machine id \"" + machine.id() + "\" is listed twice");
            }
            out.trees.put(machine.id(), items.get(i));
          }
        }
        case DELETED -> {
          for (Node item : yaml.sequence(tuple.getValueNode(), key).getValue()) {
            out.deleted.add(yaml.scalar(item, key));
          }
        }
        default ->
            throw new ConfigException(
                yaml.where(tuple.getKeyNode()),
                key,
                "is not a known key; this file holds 'machines' and 'deleted'");
      }
    }
    return out;
  }

  public Path file() {
    return file;
  }

  /**
   * The machines to connect: the configured ones less those deleted, each replaced by the file's
   * definition of the same id, then the file's other machines in the order they were added.
   */
  public synchronized List<MachineDefinition> effective(List<MachineDefinition> configured) {
    List<MachineDefinition> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (MachineDefinition machine : configured) {
      seen.add(machine.id());
      if (definitions.containsKey(machine.id())) {
        out.add(definitions.get(machine.id()));
      } else if (!deleted.contains(machine.id())) {
        out.add(machine);
      }
    }
    for (MachineDefinition machine : definitions.values()) {
      if (!seen.contains(machine.id())) {
        out.add(machine);
      }
    }
    return out;
  }

  /**
   * Keeps a machine added or edited through the API, as it was sent, and writes the file.
   *
   * @param tree the definition as read ({@link MachineDefinitions#parse})
   */
  public synchronized void put(Node tree, MachineDefinition machine) {
    Map<String, Node> before = new LinkedHashMap<>(trees);
    Map<String, MachineDefinition> beforeDefinitions = new LinkedHashMap<>(definitions);
    boolean wasDeleted = deleted.remove(machine.id());
    trees.put(machine.id(), tree);
    definitions.put(machine.id(), machine);
    try {
      save();
    } catch (RuntimeException e) {
      restore(before, beforeDefinitions, wasDeleted ? machine.id() : null);
      throw e;
    }
  }

  /**
   * Forgets a machine of the file, and records a configured machine as deleted, then writes the
   * file.
   *
   * @param configured whether the configuration (or the simulated plant) defines the machine
   */
  public synchronized void delete(String id, boolean configured) {
    Map<String, Node> before = new LinkedHashMap<>(trees);
    Map<String, MachineDefinition> beforeDefinitions = new LinkedHashMap<>(definitions);
    boolean added = configured && deleted.add(id);
    trees.remove(id);
    definitions.remove(id);
    try {
      save();
    } catch (RuntimeException e) {
      restore(before, beforeDefinitions, null);
      if (added) {
        deleted.remove(id);
      }
      throw e;
    }
  }

  private void restore(
      Map<String, Node> before,
      Map<String, MachineDefinition> beforeDefinitions,
      String deletedId) {
    trees.clear();
    trees.putAll(before);
    definitions.clear();
    definitions.putAll(beforeDefinitions);
    if (deletedId != null) {
      deleted.add(deletedId);
    }
  }

  /** Under the lock: the whole file to a temporary one beside it, synced, moved over the old. */
  private void save() {
    List<NodeTuple> root = new ArrayList<>();
    root.add(
        new NodeTuple(
            text(MACHINES),
            new SequenceNode(
                Tag.SEQ, new ArrayList<>(trees.values()), DumperOptions.FlowStyle.BLOCK)));
    if (!deleted.isEmpty()) {
      root.add(
          new NodeTuple(
              text(DELETED),
              new SequenceNode(
                  Tag.SEQ,
                  deleted.stream().map(ManagedMachines::text).map(Node.class::cast).toList(),
                  DumperOptions.FlowStyle.BLOCK)));
    }
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndicatorIndent(2);
    options.setIndentWithIndicator(true);
    options.setWidth(120);
    StringWriter yaml = new StringWriter();
    yaml.write(
        "# Machines added, edited or deleted through the machines API (docs/machines.md), read by the"
            + " connectors role\n# at start on top of the configured ones. Written by Millwright.\n");
    new Yaml(options)
        .serialize(new MappingNode(Tag.MAP, root, DumperOptions.FlowStyle.BLOCK), yaml);
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (Writer out =
          Files.newBufferedWriter(
              temp,
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        out.write(yaml.toString());
      }
      try (var channel = java.nio.channels.FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static ScalarNode text(String value) {
    return new ScalarNode(Tag.STR, value, null, null, DumperOptions.ScalarStyle.PLAIN);
  }
}
