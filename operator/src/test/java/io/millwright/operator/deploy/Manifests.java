package io.millwright.operator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Kubernetes objects as JSON trees, from the repository's YAML files, Helm output or the model. */
final class Manifests {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final KubernetesSerialization K8S = new KubernetesSerialization();

  private Manifests() {}

  /** The repository's root: tests run in the operator module's directory. */
  static Path repo() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("deploy")) && Files.isRegularFile(p.resolve("mvnw"))) {
        return p;
      }
    }
    throw new IllegalStateException("no repository root with deploy/ above " + dir);
  }

  /** Every non-empty document of a multi-document YAML text. */
  static List<JsonNode> parse(String yaml) {
    List<JsonNode> out = new ArrayList<>();
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (docs.hasNextValue()) {
        JsonNode doc = docs.nextValue();
        if (doc != null && doc.isObject() && !doc.isEmpty()) {
          out.add(doc);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static List<JsonNode> read(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every object of the YAML files directly in a directory, in file name order. */
  static List<JsonNode> readDirectory(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
          .sorted()
          .flatMap(f -> read(f).stream())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The model objects as the API server receives them (fabric8's own serialization). */
  static List<JsonNode> fromModel(List<HasMetadata> objects) {
    return objects.stream().map(o -> K8S.convertValue(o, JsonNode.class)).toList();
  }

  static String describe(JsonNode object) {
    return object.path("kind").asText()
        + " "
        + (object.path("metadata").has("namespace")
            ? object.path("metadata").path("namespace").asText() + "/"
            : "")
        + object.path("metadata").path("name").asText();
  }

  static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
  }
}
