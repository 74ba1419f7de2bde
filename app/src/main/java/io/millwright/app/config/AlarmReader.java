package io.millwright.app.config;

import io.millwright.core.alarm.AlarmCondition;
import io.millwright.core.alarm.AlarmDefinition;
import io.millwright.core.alarm.AlarmPattern;
import io.millwright.core.alarm.AlarmPriority;
import io.millwright.core.alarm.AnomalySpec;
import io.millwright.core.alarm.MessageTemplate;
import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.MachineState;
import io.millwright.core.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads alarm definitions: a machine's {@code alarms} list and the patterns of the site's {@code
 * alarms.definitions}. One kind per definition, written with its own keys:
 *
 * <pre>
 * - tag: spindle/bearing-temperature
 *   high: 75
 *   highHigh: 85
 *   deadband: 1
 *   onDelay: 5s
 *   priority: high
 *   message: "Bearing at {value} {unit} (limit {limit}) at {spindle/speed} rpm"
 *   suppressIn: [planned-stop]
 * - { name: overheating, tag: state/reason, is: 530, priority: critical }
 * - { state: fault, priority: high }
 * - { commsLost: true, onDelay: 10s }
 * - { tag: spindle/bearing-temperature, anomaly: { method: ewma, alpha: 0.01, z: 5, warmUp: 600 } }
 * </pre>
 */
final class AlarmReader {

  /** The keys that say what kind of alarm it is; exactly one kind per definition. */
  static final Map<String, List<String>> KINDS = new LinkedHashMap<>();

  static {
    KINDS.put("limits", List.of("highHigh", "high", "low", "lowLow"));
    KINDS.put("is", List.of("is"));
    KINDS.put("state", List.of("state"));
    KINDS.put("rateOfChange", List.of("rateOfChange"));
    KINDS.put("stale", List.of("stale"));
    KINDS.put("commsLost", List.of("commsLost"));
    KINDS.put("anomaly", List.of("anomaly"));
  }

  static final Set<String> COMMON_KEYS =
      Set.of(
          "name",
          "highHigh",
          "high",
          "low",
          "lowLow",
          "is",
          "state",
          "rateOfChange",
          "window",
          "stale",
          "commsLost",
          "anomaly",
          "deadband",
          "onDelay",
          "offDelay",
          "priority",
          "message",
          "area",
          "suppressIn");
  static final Set<String> DEFINITION_KEYS = with(COMMON_KEYS, "tag");
  static final Set<String> PATTERN_KEYS = with(COMMON_KEYS, "machines", "inArea", "tags");
  static final Set<String> ANOMALY_KEYS =
      Set.of(
          "method",
          "alpha",
          "z",
          "warmUp",
          "period",
          "slots",
          "model",
          "inputs",
          "window",
          "step",
          "threshold");

  private final YamlFile yaml;
  private final FieldReader in;

  AlarmReader(YamlFile yaml, FieldReader in) {
    this.yaml = yaml;
    this.in = in;
  }

  /**
   * One pattern of {@code alarms.definitions}.
   *
   * @param key the pattern's key in the file, {@code alarms.definitions[2]}
   */
  static AlarmPattern pattern(YamlFile yaml, Node node, String key) {
    FieldReader in = new FieldReader(yaml, key);
    in.nodes.put("", node);
    Map<String, Node> f = in.fields(node, "", PATTERN_KEYS);
    AlarmDefinition definition = new AlarmReader(yaml, in).build(f, "");
    try {
      return new AlarmPattern(
          in.text(f, "machines", ""),
          in.optionalText(f, "inArea", ""),
          in.optionalText(f, "tags", ""),
          definition);
    } catch (DefinitionException e) {
      throw in.error(e.field(), e.problem());
    }
  }

  /**
   * One item of a machine's {@code alarms}.
   *
   * @param path its field path in the machine, {@code alarms[2]}
   */
  AlarmDefinition definition(Node node, String path) {
    in.nodes.put(path, node);
    return build(in.fields(node, path, DEFINITION_KEYS), path);
  }

  private AlarmDefinition build(Map<String, Node> f, String path) {
    AlarmCondition condition = condition(f, path);
    try {
      return new AlarmDefinition(
          in.optionalText(f, "name", path),
          in.optionalText(f, "tag", path),
          condition,
          in.optional(f, "deadband", path, FieldReader::number).orElse(0.0),
          in.optional(f, "onDelay", path, Durations::parse).orElse(null),
          in.optional(f, "offDelay", path, Durations::parse).orElse(null),
          in.optional(f, "priority", path, AlarmPriority::parse).orElse(null),
          in.optional(f, "message", path, MessageTemplate::parse),
          in.optionalText(f, "area", path),
          states(f, "suppressIn", path));
    } catch (DefinitionException e) {
      throw in.error(FieldReader.join(path, e.field()), e.problem());
    }
  }

  private AlarmCondition condition(Map<String, Node> f, String path) {
    String kind = null;
    for (Map.Entry<String, List<String>> k : KINDS.entrySet()) {
      if (k.getValue().stream().anyMatch(f::containsKey)) {
        if (kind != null) {
          throw in.error(
              path,
              "give one kind of alarm per definition, not both "
                  + keys(kind, f)
                  + " and "
                  + keys(k.getKey(), f));
        }
        kind = k.getKey();
      }
    }
    if (kind == null) {
      throw in.error(
          path,
          "says nothing about when to alarm: give high/highHigh/low/lowLow, is, state,"
              + " rateOfChange, stale, commsLost or anomaly");
    }
    if (f.containsKey("window") && !kind.equals("rateOfChange")) {
      throw in.error(FieldReader.join(path, "window"), "belongs to rateOfChange");
    }
    try {
      return switch (kind) {
        case "limits" ->
            new AlarmCondition.Limits(
                number(f, "highHigh", path),
                number(f, "high", path),
                number(f, "low", path),
                number(f, "lowLow", path));
        case "is" -> new AlarmCondition.Digital(list(f.get("is"), FieldReader.join(path, "is")));
        case "state" -> new AlarmCondition.InState(states(f, "state", path));
        case "rateOfChange" ->
            new AlarmCondition.RateOfChange(
                number(f, "rateOfChange", path),
                in.optional(f, "window", path, Durations::parse).orElse(null));
        case "stale" ->
            new AlarmCondition.Stale(in.optional(f, "stale", path, Durations::parse).orElseThrow());
        case "commsLost" -> {
          if (!in.optional(f, "commsLost", path, Settings::bool).orElseThrow()) {
            throw in.error(
                FieldReader.join(path, "commsLost"), "write true, or leave the alarm out");
          }
          yield new AlarmCondition.CommsLost();
        }
        default ->
            new AlarmCondition.Anomaly(
                anomaly(f.get("anomaly"), FieldReader.join(path, "anomaly")));
      };
    } catch (DefinitionException e) {
      throw in.error(FieldReader.join(path, e.field()), e.problem());
    }
  }

  private AnomalySpec anomaly(Node node, String path) {
    Map<String, Node> a = in.fields(node, path, ANOMALY_KEYS);
    String method = in.optionalText(a, "method", path).orElse("");
    // The spec's own checks name fields as anomaly.x; relative to the definition, as here.
    String parent = path.substring(0, Math.max(0, path.length() - "anomaly".length()));
    try {
      return switch (method) {
        case "ewma" ->
            new AnomalySpec.Ewma(
                orDefault(a, "alpha", path, 0.01),
                orDefault(a, "z", path, 4),
                (int) orDefault(a, "warmUp", path, 300));
        case "seasonal" ->
            new AnomalySpec.Seasonal(
                in.optional(a, "period", path, Durations::parse).orElse(Duration.ofDays(1)),
                (int) orDefault(a, "slots", path, 96),
                orDefault(a, "z", path, 4),
                (int) orDefault(a, "warmUp", path, 3));
        case "model" ->
            new AnomalySpec.Model(
                in.text(a, "model", path),
                a.containsKey("inputs")
                    ? list(a.get("inputs"), FieldReader.join(path, "inputs"))
                    : List.of(),
                (int) orDefault(a, "window", path, 0),
                in.optional(a, "step", path, Durations::parse).orElse(null),
                orDefault(a, "threshold", path, Double.NaN));
        default ->
            throw in.error(
                FieldReader.join(path, "method"),
                (method.isEmpty() ? "is missing" : "\"" + method + "\" is not a method")
                    + "; use ewma, seasonal or model");
      };
    } catch (DefinitionException e) {
      throw in.error(parent + e.field(), e.problem());
    }
  }

  private double orDefault(Map<String, Node> f, String key, String path, double otherwise) {
    return in.optional(f, key, path, FieldReader::number).orElse(otherwise);
  }

  private Double number(Map<String, Node> f, String key, String path) {
    return in.optional(f, key, path, FieldReader::number).orElse(null);
  }

  private Set<MachineState> states(Map<String, Node> f, String key, String path) {
    Node node = f.get(key);
    if (node == null) {
      return Set.of();
    }
    String field = FieldReader.join(path, key);
    Set<MachineState> out = EnumSet.noneOf(MachineState.class);
    for (String s : list(node, field)) {
      try {
        out.add(MachineState.parse(s));
      } catch (IllegalArgumentException e) {
        throw in.error(field, e.getMessage());
      }
    }
    return out;
  }

  /** One scalar, or a list of them. */
  private List<String> list(Node node, String field) {
    List<String> out = new ArrayList<>();
    List<Node> items = node instanceof SequenceNode seq ? seq.getValue() : List.of(node);
    for (Node item : items) {
      out.add(yaml.scalar(item, in.qualified(field)));
    }
    return out;
  }

  private static String keys(String kind, Map<String, Node> f) {
    return String.join("/", KINDS.get(kind).stream().filter(f::containsKey).toList());
  }

  private static Set<String> with(Set<String> base, String... more) {
    Set<String> out = new LinkedHashSet<>(base);
    out.addAll(List.of(more));
    return Set.copyOf(out);
  }
}
