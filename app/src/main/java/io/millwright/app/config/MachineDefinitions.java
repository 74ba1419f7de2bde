package io.millwright.app.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.MachineDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One machine definition sent as JSON (to the machines API), read with exactly the rules of the
 * configuration file's {@code machines:} entries: the JSON becomes the same node tree a YAML file
 * gives, without lines, and goes through the same reader and the same protocol checks.
 */
public final class MachineDefinitions {

  private MachineDefinitions() {}

  /** Deep enough for any machine (alarms in a list in a map); deeper is refused, not recursed. */
  static final int MAX_DEPTH = 32;

  private static final ObjectMapper JSON =
      new ObjectMapper(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                  .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);

  /** One thing wrong with a definition: the field ({@code tags[2].address}, empty for all). */
  public record FieldError(String field, String message) {}

  /** A definition that cannot be used, with what is wrong, field by field. */
  public static final class InvalidMachineException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<FieldError> errors;

    InvalidMachineException(List<FieldError> errors) {
      super(
          String.join(
              "; ",
              errors.stream()
                  .map(e -> e.field().isEmpty() ? e.message() : e.field() + ": " + e.message())
                  .toList()));
      this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
      return errors;
    }
  }

  /**
   * Keys of the file's schema the API refuses: the roles that read them (OEE, alarms) read the
   * configuration file once, at their start, and never the API's machines.
   */
  static final Map<String, String> CONFIG_FILE_ONLY =
      Map.of(
          "states",
          "states are read by the oee role from the configuration file only; define them there",
          "alarms",
          "a machine's alarms are read by the alarms role from the configuration file only; define"
              + " them there");

  /** The JSON text of one machine, as a node tree; for {@link #read(Node, Consumer)}. */
  public static Node parse(String json) {
    if (json == null || json.isBlank()) {
      throw invalid("", "give the machine as a JSON object, e.g. {\"id\": \"press-01\", ...}");
    }
    Object value;
    try {
      value = JSON.readValue(json, Object.class);
    } catch (JacksonException e) {
      throw invalid("", "not valid JSON: " + e.getOriginalMessage());
    }
    return tree(value, 0);
  }

  /**
   * Reads one machine from a node tree ({@link #parse}) with the configuration file's rules.
   *
   * @param check the protocol's own checks (addresses, options), run once the schema is satisfied
   * @throws InvalidMachineException naming the field
   */
  public static MachineDefinition read(Node tree, Consumer<MachineDefinition> check) {
    if (tree instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode key
            && CONFIG_FILE_ONLY.containsKey(key.getValue())) {
          throw invalid(key.getValue(), CONFIG_FILE_ONLY.get(key.getValue()));
        }
      }
    }
    try {
      return MachineReader.read(YamlFile.ofTree(null, tree), tree, "", check);
    } catch (ConfigException e) {
      throw invalid(e.key() == null ? "" : e.key(), e.problem());
    } catch (DefinitionException e) {
      throw invalid(e.field() == null ? "" : e.field(), e.problem());
    } catch (IllegalArgumentException e) {
      throw invalid("", String.valueOf(e.getMessage()));
    }
  }

  /** {@link #parse} then {@link #read}. */
  public static MachineDefinition fromJson(String json, Consumer<MachineDefinition> check) {
    return read(parse(json), check);
  }

  private static InvalidMachineException invalid(String field, String message) {
    return new InvalidMachineException(List.of(new FieldError(field, message)));
  }

  /**
   * What Jackson made of JSON (maps, lists, strings, numbers, booleans, null) as the node tree a
   * YAML file of the same shape gives: scalars keep their text, tagged as YAML would resolve them,
   * so that writing the tree back out as YAML quotes only what needs quoting.
   */
  static Node tree(Object value, int depth) {
    if (depth > MAX_DEPTH) {
      throw invalid("", "nested deeper than " + MAX_DEPTH + " levels");
    }
    return switch (value) {
      case null -> scalar(Tag.NULL, "null");
      case Map<?, ?> map -> {
        List<NodeTuple> tuples = new ArrayList<>(map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
          tuples.add(
              new NodeTuple(
                  scalar(Tag.STR, String.valueOf(e.getKey())), tree(e.getValue(), depth + 1)));
        }
        yield new MappingNode(Tag.MAP, tuples, DumperOptions.FlowStyle.AUTO);
      }
      case List<?> list -> {
        List<Node> items = new ArrayList<>(list.size());
        for (Object item : list) {
          items.add(tree(item, depth + 1));
        }
        yield new SequenceNode(Tag.SEQ, items, DumperOptions.FlowStyle.AUTO);
      }
      case Boolean b -> scalar(Tag.BOOL, b.toString());
      case Integer i -> scalar(Tag.INT, i.toString());
      case Long l -> scalar(Tag.INT, l.toString());
      case java.math.BigInteger i -> scalar(Tag.INT, i.toString());
      case Number n -> scalar(Tag.FLOAT, n.toString());
      default -> scalar(Tag.STR, value.toString());
    };
  }

  private static ScalarNode scalar(Tag tag, String text) {
    return new ScalarNode(tag, text, null, null, DumperOptions.ScalarStyle.PLAIN);
  }
}
