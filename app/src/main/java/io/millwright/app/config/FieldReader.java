package io.millwright.app.config;

import io.millwright.core.machine.DefinitionException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * Reads the fields of one object of a YAML file (a machine, an alarm pattern) and remembers where
 * each was written, so that a problem the core model finds in a field ({@code tags[2].type}) is
 * reported at that field's line.
 */
final class FieldReader {

  private final YamlFile yaml;
  private final String base;

  /** Field path inside the object ({@code tags[2].type}) to the node it was read from. */
  final Map<String, Node> nodes = new HashMap<>();

  /**
   * @param base the object's key in the file ({@code machines[3]}), prefixed to every field
   */
  FieldReader(YamlFile yaml, String base) {
    this.yaml = yaml;
    this.base = base;
  }

  /** The entries of a map node, refusing unknown and repeated keys. */
  Map<String, Node> fields(Node node, String path, Set<String> allowed) {
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

  /**
   * Options are protocol-specific, so any key is accepted here and checked by the protocol's
   * connector.
   */
  Map<String, Node> anyFields(Node node, String path) {
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

  String text(Map<String, Node> fields, String key, String path) {
    return optionalText(fields, key, path).orElse(null);
  }

  Optional<String> optionalText(Map<String, Node> fields, String key, String path) {
    Node node = fields.get(key);
    return node == null
        ? Optional.empty()
        : Optional.of(yaml.scalar(node, qualified(join(path, key))));
  }

  <T> T parse(Map<String, Node> fields, String key, String path, Function<String, T> parser) {
    return optional(fields, key, path, parser).orElse(null);
  }

  <T> Optional<T> optional(
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
  ConfigException error(String field, String problem) {
    String probe = field;
    Node node = nodes.get(probe);
    while (node == null && !probe.isEmpty()) {
      int cut = Math.max(probe.lastIndexOf('.'), probe.lastIndexOf('['));
      probe = cut < 0 ? "" : probe.substring(0, cut);
      node = nodes.get(probe);
    }
    return new ConfigException(yaml.where(node), qualified(field), problem);
  }

  /**
   * A value in which {@code ${NAME}} stands for the environment variable NAME: how secrets (tokens,
   * passwords) reach the configuration without being written in it.
   */
  String secret(String field, String text, Map<String, String> env) {
    Matcher m = ENV.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = env.get(m.group(1));
      if (value == null) {
        throw error(
            field, "refers to the environment variable " + m.group(1) + ", which is not set");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * An optional secret field (a token, a password): only written {@code ${NAME}}, so that it comes
   * from the environment and never stands in the file.
   */
  Optional<Secret> envSecret(
      Map<String, Node> fields, String key, String path, Map<String, String> env) {
    String field = join(path, key);
    return optionalText(fields, key, path)
        .map(
            t -> {
              if (!t.contains("${")) {
                throw error(
                    field, "must come from the environment, written \"${NAME}\", not the file");
              }
              return new Secret(secret(field, t, env));
            });
  }

  private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  /** The key as errors name it; with no base (a machine sent alone to the API) just the field. */
  String qualified(String field) {
    if (base.isEmpty()) {
      return field == null || field.isEmpty() ? null : field;
    }
    return field == null || field.isEmpty() ? base : base + "." + field;
  }

  static String join(String path, String key) {
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
