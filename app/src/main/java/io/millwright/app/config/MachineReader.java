package io.millwright.app.config;

import io.millwright.core.alarm.AlarmDefinition;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.yaml.snakeyaml.nodes.Node;
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
          "states",
          "alarms");
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
  private final FieldReader in;

  private MachineReader(YamlFile yaml, String base) {
    this.yaml = yaml;
    this.in = new FieldReader(yaml, base);
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
      throw reader.in.error(e.field(), e.problem());
    }
    return machine;
  }

  private MachineDefinition machine(Node node) {
    in.nodes.put("", node);
    Map<String, Node> fields = in.fields(node, "", MACHINE_KEYS);
    if (fields.containsKey("pollInterval") && fields.containsKey("samplingInterval")) {
      throw in.error("samplingInterval", "give pollInterval or samplingInterval, not both");
    }
    String intervalKey =
        fields.containsKey("samplingInterval") ? "samplingInterval" : "pollInterval";
    // The machine's own fields are checked before its tags, so errors come in the order they are
    // written.
    MachineDefinition withoutTags = build(fields, intervalKey, List.of());
    List<Tag> tags = new ArrayList<>();
    Node tagsNode = fields.get("tags");
    if (tagsNode != null) {
      List<Node> items = yaml.sequence(tagsNode, in.qualified("tags")).getValue();
      for (int i = 0; i < items.size(); i++) {
        tags.add(tag(items.get(i), "tags[" + i + "]"));
      }
    }
    MachineDefinition machine = tags.isEmpty() ? withoutTags : build(fields, intervalKey, tags);
    Node statesNode = fields.get("states");
    Node alarmsNode = fields.get("alarms");
    try {
      if (statesNode != null) {
        machine = machine.withStates(states(statesNode));
      }
      if (alarmsNode != null) {
        machine = machine.withAlarms(alarms(alarmsNode));
      }
      return machine;
    } catch (DefinitionException e) {
      throw in.error(e.field(), e.problem());
    }
  }

  /** The machine's own alarm definitions. */
  private List<AlarmDefinition> alarms(Node node) {
    AlarmReader reader = new AlarmReader(yaml, in);
    List<AlarmDefinition> out = new ArrayList<>();
    List<Node> items = yaml.sequence(node, in.qualified("alarms")).getValue();
    for (int i = 0; i < items.size(); i++) {
      out.add(reader.definition(items.get(i), "alarms[" + i + "]"));
    }
    return out;
  }

  /** The {@code states} section: how the tags become state, reasons and part counts. */
  private StateModel states(Node node) {
    Map<String, Node> f = in.fields(node, "states", STATES_KEYS);
    List<StateRule> rules = new ArrayList<>();
    Node rulesNode = f.get("rules");
    if (rulesNode != null) {
      List<Node> items = yaml.sequence(rulesNode, in.qualified("states.rules")).getValue();
      for (int i = 0; i < items.size(); i++) {
        rules.add(rule(items.get(i), "states.rules[" + i + "]"));
      }
    }
    Map<String, MachineState> values = new LinkedHashMap<>();
    if (f.get("stateValues") != null) {
      for (Map.Entry<String, Node> e :
          in.anyFields(f.get("stateValues"), "states.stateValues").entrySet()) {
        String field = "states.stateValues." + e.getKey();
        String text = yaml.scalar(e.getValue(), in.qualified(field));
        try {
          values.put(e.getKey(), MachineState.parse(text));
        } catch (IllegalArgumentException ex) {
          throw in.error(field, ex.getMessage());
        }
      }
    }
    Map<String, Duration> perProduct = new LinkedHashMap<>();
    if (f.get("idealCycles") != null) {
      for (Map.Entry<String, Node> e :
          in.anyFields(f.get("idealCycles"), "states.idealCycles").entrySet()) {
        String field = "states.idealCycles." + e.getKey();
        try {
          perProduct.put(
              e.getKey(), Durations.parse(yaml.scalar(e.getValue(), in.qualified(field))));
        } catch (IllegalArgumentException ex) {
          throw in.error(field, ex.getMessage());
        }
      }
    }
    return new StateModel(
        rules,
        in.optionalText(f, "stateTag", "states"),
        values,
        in.optionalText(f, "reasonTag", "states"),
        in.optionalText(f, "reasonTable", "states").orElse(null),
        in.optionalText(f, "totalTag", "states"),
        in.optionalText(f, "goodTag", "states"),
        in.optionalText(f, "scrapTag", "states"),
        in.optionalText(f, "productTag", "states"),
        in.optional(f, "idealCycle", "states", Durations::parse).orElse(null),
        perProduct,
        in.optional(f, "microStop", "states", Durations::parse).orElse(null));
  }

  private StateRule rule(Node node, String path) {
    in.nodes.put(path, node);
    Map<String, Node> f = in.fields(node, path, RULE_KEYS);
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
      return new StateRule(in.parse(f, "state", path, MachineState::parse), when);
    } catch (DefinitionException e) {
      throw in.error(path + "." + e.field(), e.problem());
    }
  }

  private StateCondition condition(Node node, String path) {
    in.nodes.put(path, node);
    Map<String, Node> f = in.fields(node, path, CONDITION_KEYS);
    StateCondition.Test test = null;
    for (StateCondition.Test t : StateCondition.Test.values()) {
      if (f.containsKey(t.key())) {
        if (test != null) {
          throw in.error(
              path, "give one test per condition, not both " + test.key() + " and " + t.key());
        }
        test = t;
      }
    }
    try {
      return new StateCondition(
          in.text(f, "tag", path), test, test == null ? null : in.text(f, test.key(), path));
    } catch (DefinitionException e) {
      throw in.error(path + "." + e.field(), e.problem());
    }
  }

  private MachineDefinition build(Map<String, Node> fields, String intervalKey, List<Tag> tags) {
    try {
      return new MachineDefinition(
          in.text(fields, "id", ""),
          in.optionalText(fields, "name", "").orElse(null),
          in.text(fields, "area", ""),
          in.text(fields, "line", ""),
          in.parse(fields, "protocol", "", Protocol::parse),
          in.text(fields, "endpoint", ""),
          options(fields.get("options")),
          in.optional(fields, intervalKey, "", Durations::parse).orElse(null),
          tags);
    } catch (DefinitionException e) {
      throw in.error(e.field(), e.problem());
    }
  }

  private Tag tag(Node node, String path) {
    in.nodes.put(path, node);
    Map<String, Node> fields = in.fields(node, path, TAG_KEYS);
    Scale scale = Scale.IDENTITY;
    Node scaleNode = fields.get("scale");
    if (scaleNode != null) {
      Map<String, Node> scaleFields = in.fields(scaleNode, path + ".scale", SCALE_KEYS);
      try {
        scale =
            new Scale(
                in.optional(scaleFields, "factor", path + ".scale", FieldReader::number)
                    .orElse(1.0),
                in.optional(scaleFields, "offset", path + ".scale", FieldReader::number)
                    .orElse(0.0));
      } catch (DefinitionException e) {
        throw in.error(path + "." + e.field(), e.problem());
      }
    }
    try {
      return new Tag(
          in.text(fields, "name", path),
          in.text(fields, "address", path),
          in.parse(fields, "type", path, DataType::parse),
          in.optionalText(fields, "unit", path).orElse(""),
          scale,
          in.optional(fields, "deadband", path, FieldReader::number).orElse(0.0),
          in.optional(fields, "samplingInterval", path, Durations::parse),
          in.optional(fields, "writable", path, Settings::bool).orElse(false));
    } catch (DefinitionException e) {
      throw in.error(path + "." + e.field(), e.problem());
    }
  }

  private Map<String, String> options(Node node) {
    if (node == null) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Node> e : in.anyFields(node, "options").entrySet()) {
      out.put(e.getKey(), yaml.scalar(e.getValue(), in.qualified("options." + e.getKey())));
    }
    return out;
  }
}
