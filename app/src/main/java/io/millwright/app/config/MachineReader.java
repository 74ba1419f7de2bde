package io.millwright.app.config;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.MachineState;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Scale;
import io.millwright.core.machine.StateCondition;
import io.millwright.core.machine.StateModel;
import io.millwright.core.machine.StateRule;
import io.millwright.core.machine.Tag;
import io.millwright.core.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads one machine definition (the contract's schema) from YAML. Type errors are reported at the
 * value's line; rule violations found by the core model name a field, which is mapped back to the
 * line where that field was written.
 */
final class MachineReader {

  static final Set<String> MACHINE_KEYS =
      Set.of(
          "id",
          "name",
          "area",
          "line",
          "protocol",
          "endpoint",
          "options",
          "pollInterval",
          "samplingInterval",
          "tags",
          "states");
  static final Set<String> TAG_KEYS =
      Set.of(
          "name", "address", "type", "unit", "scale", "deadband", "samplingInterval", "writable");
  static final Set<String> SCALE_KEYS = Set.of("factor", "offset");
  static final Set<String> STATES_KEYS =
      Set.of(
          "rules",
          "stateTag",
          "stateValues",
          "reasonTag",
          "reasonTable",
          "totalTag",
          "goodTag",
          "scrapTag",
          "productTag",
          "idealCycle",
          "idealCycles",
          "microStop");
  static final Set<String> RULE_KEYS = Set.of("state", "when");
  static final Set<String> CONDITION_KEYS =
      Set.of("tag", "is", "not", "above", "below", "changedWithin");

  private final YamlFile yaml;
  private final String base;

  /** Field path inside the machine ({@code tags[2].type}) to the node it was read from. */
  private final Map<String, Node> nodes = new HashMap<>();

  private MachineReader(YamlFile yaml, String base) {
    this.yaml = yaml;
    this.base = base;
  }

  /**
   * @param check the protocol's own checks (addresses, options), run once the schema is satisfied;
   *     throws {@link DefinitionException} naming the field
   */
  static MachineDefinition read(
      YamlFile yaml, Node node, String key, Consumer<MachineDefinition> check) {
    MachineReader reader = new MachineReader(yaml, key);
    MachineDefinition machine = reader.machine(node);
    try {
      check.accept(machine);
    } catch (DefinitionException e) {
      throw reader.error(e.field(), e.problem());
    }
    return machine;
  }

  private MachineDefinition machine(Node node) {
    nodes.put("", node);
    Map<String, Node> fields = fields(node, "", MACHINE_KEYS);
    if (fields.containsKey("pollInterval") && fields.containsKey("samplingInterval")) {
      throw error("samplingInterval", "give pollInterval or samplingInterval, not both");
    }
    String intervalKey =
        fields.containsKey("samplingInterval") ? "samplingInterval" : "pollInterval";
    // The machine's own fields are checked before its tags, so errors come in the order they are
    // written.
    MachineDefinition withoutTags = build(fields, intervalKey, List.of());
    List<Tag> tags = new ArrayList<>();
    Node tagsNode = fields.get("tags");
    if (tagsNode != null) {
      List<Node> items = yaml.sequence(tagsNode, qualified("tags")).getValue();
      for (int i = 0; i < items.size(); i++) {
        tags.add(tag(items.get(i), "tags[" + i + "]"));
      }
    }
    MachineDefinition machine = tags.isEmpty() ? withoutTags : build(fields, intervalKey, tags);
    Node statesNode = fields.get("states");
    if (statesNode == null) {
      return machine;
    }
    try {
      return machine.withStates(states(statesNode));
    } catch (DefinitionException e) {
      throw error(e.field(), e.problem());
    }
  }

  /** The {@code states} section: how the tags become state, reasons and part counts. */
  private StateModel states(Node node) {
    Map<String, Node> f = fields(node, "states", STATES_KEYS);
    List<StateRule> rules = new ArrayList<>();
    Node rulesNode = f.get("rules");
    if (rulesNode != null) {
      List<Node> items = yaml.sequence(rulesNode, qualified("states.rules")).getValue();
      for (int i = 0; i < items.size(); i++) {
        rules.add(rule(items.get(i), "states.rules[" + i + "]"));
      }
    }
    Map<String, MachineState> values = new LinkedHashMap<>();
    if (f.get("stateValues") != null) {
      for (Map.Entry<String, Node> e :
          anyFields(f.get("stateValues"), "states.stateValues").entrySet()) {
        String field = "states.stateValues." + e.getKey();
        String text = yaml.scalar(e.getValue(), qualified(field));
        try {
          values.put(e.getKey(), MachineState.parse(text));
        } catch (IllegalArgumentException ex) {
          throw error(field, ex.getMessage());
        }
      }
    }
    Map<String, Duration> perProduct = new LinkedHashMap<>();
    if (f.get("idealCycles") != null) {
      for (Map.Entry<String, Node> e :
          anyFields(f.get("idealCycles"), "states.idealCycles").entrySet()) {
        String field = "states.idealCycles." + e.getKey();
        try {
          perProduct.put(e.getKey(), Durations.parse(yaml.scalar(e.getValue(), qualified(field))));
        } catch (IllegalArgumentException ex) {
          throw error(field, ex.getMessage());
        }
      }
    }
    return new StateModel(
        rules,
        optionalText(f, "stateTag", "states"),
        values,
        optionalText(f, "reasonTag", "states"),
        optionalText(f, "reasonTable", "states").orElse(null),
        optionalText(f, "totalTag", "states"),
        optionalText(f, "goodTag", "states"),
        optionalText(f, "scrapTag", "states"),
        optionalText(f, "productTag", "states"),
        optional(f, "idealCycle", "states", Durations::parse).orElse(null),
        perProduct,
        optional(f, "microStop", "states", Durations::parse).orElse(null));
  }

  private StateRule rule(Node node, String path) {
    nodes.put(path, node);
    Map<String, Node> f = fields(node, path, RULE_KEYS);
    List<StateCondition> when = new ArrayList<>();
    Node whenNode = f.get("when");
    if (whenNode != null) {
      // One condition may be written as a map, several as a list of maps.
      List<Node> items = whenNode instanceof SequenceNode seq ? seq.getValue() : List.of(whenNode);
      for (int i = 0; i < items.size(); i++) {
        when.add(condition(items.get(i), path + ".when[" + i + "]"));
      }
    }
    try {
      return new StateRule(parse(f, "state", path, MachineState::parse), when);
    } catch (DefinitionException e) {
      throw error(path + "." + e.field(), e.problem());
    }
  }

  private StateCondition condition(Node node, String path) {
    nodes.put(path, node);
    Map<String, Node> f = fields(node, path, CONDITION_KEYS);
    StateCondition.Test test = null;
    for (StateCondition.Test t : StateCondition.Test.values()) {
      if (f.containsKey(t.key())) {
        if (test != null) {
          throw error(
              path, "give one test per condition, not both " + test.key() + " and " + t.key());
        }
        test = t;
      }
    }
    try {
      return new StateCondition(
          text(f, "tag", path), test, test == null ? null : text(f, test.key(), path));
    } catch (DefinitionException e) {
      throw error(path + "." + e.field(), e.problem());
    }
  }

  private MachineDefinition build(Map<String, Node> fields, String intervalKey, List<Tag> tags) {
    try {
      return new MachineDefinition(
          text(fields, "id", ""),
          optionalText(fields, "name", "").orElse(null),
          text(fields, "area", ""),
          text(fields, "line", ""),
          parse(fields, "protocol", "", Protocol::parse),
          text(fields, "endpoint", ""),
          options(fields.get("options")),
          optional(fields, intervalKey, "", Durations::parse).orElse(null),
          tags);
    } catch (DefinitionException e) {
      throw error(e.field(), e.problem());
    }
  }

  private Tag tag(Node node, String path) {
    nodes.put(path, node);
    Map<String, Node> fields = fields(node, path, TAG_KEYS);
    Scale scale = Scale.IDENTITY;
    Node scaleNode = fields.get("scale");
    if (scaleNode != null) {
      Map<String, Node> scaleFields = fields(scaleNode, path + ".scale", SCALE_KEYS);
      try {
        scale =
            new Scale(
                optional(scaleFields, "factor", path + ".scale", MachineReader::number).orElse(1.0),
                optional(scaleFields, "offset", path + ".scale", MachineReader::number)
                    .orElse(0.0));
      } catch (DefinitionException e) {
        throw error(path + "." + e.field(), e.problem());
      }
    }
    try {
      return new Tag(
          text(fields, "name", path),
          text(fields, "address", path),
          parse(fields, "type", path, DataType::parse),
          optionalText(fields, "unit", path).orElse(""),
          scale,
          optional(fields, "deadband", path, MachineReader::number).orElse(0.0),
          optional(fields, "samplingInterval", path, Durations::parse),
          optional(fields, "writable", path, Settings::bool).orElse(false));
    } catch (DefinitionException e) {
      throw error(path + "." + e.field(), e.problem());
    }
  }

  /** The entries of a map node, refusing unknown and repeated keys. */
  private Map<String, Node> fields(Node node, String path, Set<String> allowed) {
    MappingNode mapping = yaml.mapping(node, qualified(path));
    Map<String, Node> out = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      String key = yaml.key(tuple, qualified(path));
      String field = path.isEmpty() ? key : path + "." + key;
      if (!allowed.contains(key)) {
        throw new ConfigException(
            yaml.where(tuple.getKeyNode()),
            qualified(field),
            "is not a known key; known keys here: "
                + String.join(", ", allowed.stream().sorted().toList()));
      }
      if (out.put(key, tuple.getValueNode()) != null) {
        throw new ConfigException(
            yaml.where(tuple.getKeyNode()), qualified(field), "is given twice");
      }
      nodes.put(field, tuple.getValueNode());
    }
    return out;
  }

  private Map<String, String> options(Node node) {
    if (node == null) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Node> e : anyFields(node, "options").entrySet()) {
      out.put(e.getKey(), yaml.scalar(e.getValue(), qualified("options." + e.getKey())));
    }
    return out;
  }

  /**
   * Options are protocol-specific, so any key is accepted here and checked by the protocol's
   * connector.
   */
  private Map<String, Node> anyFields(Node node, String path) {
    MappingNode mapping = yaml.mapping(node, qualified(path));
    Map<String, Node> out = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      String key = yaml.key(tuple, qualified(path));
      if (out.put(key, tuple.getValueNode()) != null) {
        throw new ConfigException(
            yaml.where(tuple.getKeyNode()), qualified(path + "." + key), "is given twice");
      }
      nodes.put(path + "." + key, tuple.getValueNode());
    }
    return out;
  }

  private String text(Map<String, Node> fields, String key, String path) {
    return optionalText(fields, key, path).orElse(null);
  }

  private Optional<String> optionalText(Map<String, Node> fields, String key, String path) {
    Node node = fields.get(key);
    return node == null
        ? Optional.empty()
        : Optional.of(yaml.scalar(node, qualified(join(path, key))));
  }

  private <T> T parse(
      Map<String, Node> fields, String key, String path, Function<String, T> parser) {
    return optional(fields, key, path, parser).orElse(null);
  }

  private <T> Optional<T> optional(
      Map<String, Node> fields, String key, String path, Function<String, T> parser) {
    Node node = fields.get(key);
    if (node == null) {
      return Optional.empty();
    }
    String field = join(path, key);
    String text = yaml.scalar(node, qualified(field));
    try {
      return Optional.of(parser.apply(text));
    } catch (DefinitionException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw error(field, e.getMessage());
    }
  }

  /**
   * An error at the line of the field, or of its nearest enclosing object when the field was not
   * written.
   */
  private ConfigException error(String field, String problem) {
    String probe = field;
    Node node = nodes.get(probe);
    while (node == null && !probe.isEmpty()) {
      int cut = Math.max(probe.lastIndexOf('.'), probe.lastIndexOf('['));
      probe = cut < 0 ? "" : probe.substring(0, cut);
      node = nodes.get(probe);
    }
    return new ConfigException(yaml.where(node), qualified(field), problem);
  }

  private String qualified(String field) {
    return field == null || field.isEmpty() ? base : base + "." + field;
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  static double number(String text) {
    try {
      double value = Double.parseDouble(text.strip());
      if (Double.isFinite(value)) {
        return value;
      }
    } catch (NumberFormatException e) {
      // the message below says what is expected
    }
    throw new IllegalArgumentException("must be a number, not \"" + text + "\"");
  }
}
