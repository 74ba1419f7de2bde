package io.millwright.app.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML file read as a node tree, which keeps the line of every value for error messages. Only the
 * tree is built, never objects, so a hostile file cannot instantiate classes; alias expansion and
 * size are bounded.
 */
final class YamlFile {

  /** Configuration files are small; a larger one is a mistake or an attack. */
  static final int MAX_CODE_POINTS = 8 * 1024 * 1024;

  private final String name;
  private final Node root;

  private YamlFile(String name, Node root) {
    this.name = name;
    this.root = root;
  }

  static YamlFile read(Path file) {
    String name = file.toString();
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(20);
    options.setCodePointLimit(MAX_CODE_POINTS);
    options.setNestingDepthLimit(32);
    options.setAllowRecursiveKeys(false);
    try (Reader reader = Files.newBufferedReader(file)) {
      return new YamlFile(name, new Yaml(options).compose(reader));
    } catch (NoSuchFileException e) {
      throw new ConfigException(name, null, "file not found");
    } catch (MalformedInputException e) {
      throw new ConfigException(name, null, "not UTF-8 text");
    } catch (IOException e) {
      throw new ConfigException(name, null, "cannot be read: " + e.getMessage());
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String where = mark == null ? name : name + ":" + (mark.getLine() + 1);
      throw new ConfigException(where, null, "not valid YAML: " + oneLine(e.getProblem()));
    } catch (YAMLException e) {
      throw new ConfigException(name, null, "not valid YAML: " + oneLine(e.getMessage()));
    }
  }

  /**
   * A tree built in memory rather than read from a file (a machine sent as JSON to the API): its
   * nodes have no lines, so errors name only the key.
   *
   * @param name where the tree came from, or null to leave it out of messages
   */
  static YamlFile ofTree(String name, Node root) {
    return new YamlFile(name, root);
  }

  /** The document's root node, or null for an empty file. */
  Node root() {
    return root;
  }

  String where(Node node) {
    return node == null || node.getStartMark() == null
        ? name
        : name + ":" + (node.getStartMark().getLine() + 1);
  }

  /** The text of a scalar, or an error naming the key when the node is a list or a map. */
  String scalar(Node node, String key) {
    if (node instanceof ScalarNode scalar) {
      if (scalar.getTag().getValue().endsWith(":null")) {
        throw new ConfigException(where(node), key, "has no value");
      }
      return scalar.getValue();
    }
    throw new ConfigException(where(node), key, "must be a single value, not a " + shape(node));
  }

  MappingNode mapping(Node node, String key) {
    if (node instanceof MappingNode mapping) {
      return mapping;
    }
    throw new ConfigException(where(node), key, "must be a map of keys, not a " + shape(node));
  }

  SequenceNode sequence(Node node, String key) {
    if (node instanceof SequenceNode sequence) {
      return sequence;
    }
    throw new ConfigException(where(node), key, "must be a list, not a " + shape(node));
  }

  /** The key of a map entry; YAML allows any node as a key, configuration only plain text. */
  String key(NodeTuple tuple, String parent) {
    if (tuple.getKeyNode() instanceof ScalarNode scalar) {
      return scalar.getValue();
    }
    throw new ConfigException(
        where(tuple.getKeyNode()), parent, "has a key that is not plain text");
  }

  static String shape(Node node) {
    return switch (node) {
      case MappingNode m -> "map";
      case SequenceNode s -> "list";
      default -> "value";
    };
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\s+", " ").strip();
  }
}
