package io.millwright.operator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The schema of one Kubernetes release's API, for validating manifests without a cluster.
 *
 * <p>No Maven Central or npm artifact carries the upstream OpenAPI document (swagger.json) of
 * recent releases, so this uses the next closest thing that does come from Maven Central:
 * io.kubernetes:client-java-api, whose model classes are generated from each release's OpenAPI
 * document and whose {@code validateJsonElement} checks an object against it strictly: an unknown
 * field anywhere in the tree is rejected, as are missing required fields and a value of the wrong
 * shape (object, array or scalar). It does not check numeric ranges or formats, which the API server
 * would. The build copies one jar per release into target/kubernetes-api (operator/pom.xml); each is
 * loaded by its own class loader since the releases share class names.
 */
final class KubernetesApi {

  /** The releases manifests must be valid for (K3s follows upstream's). */
  static final List<String> VERSIONS = List.of("1.30", "1.31", "1.32", "1.33", "1.34");

  /** API groups whose models client-java-api holds under {@code V<version><Kind>}. */
  private static final Set<String> GROUPS =
      Set.of(
          "",
          "apps",
          "batch",
          "policy",
          "networking.k8s.io",
          "rbac.authorization.k8s.io",
          "apiextensions.k8s.io");

  private static final Map<String, KubernetesApi> LOADED = new ConcurrentHashMap<>();

  private final String version;
  private final ClassLoader loader;

  private KubernetesApi(String version, ClassLoader loader) {
    this.version = version;
    this.loader = loader;
  }

  static KubernetesApi of(String version) {
    return LOADED.computeIfAbsent(version, KubernetesApi::load);
  }

  private static KubernetesApi load(String version) {
    Path jar =
        Path.of(System.getProperty("user.dir"), "target", "kubernetes-api")
            .resolve("kubernetes-" + version + ".jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: run ./mvnw -pl operator generate-test-resources (Maven copies it)");
    }
    try {
      // Parent: the test class path, for gson; io.kubernetes classes exist only in the jar.
      return new KubernetesApi(
          version,
          new URLClassLoader(
              "kubernetes-" + version,
              new URL[] {jar.toUri().toURL()},
              KubernetesApi.class.getClassLoader()));
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  String version() {
    return version;
  }

  /** Why the object is not valid in this release; empty when it is. */
  Optional<String> problem(JsonNode object) {
    String apiVersion = object.path("apiVersion").asText();
    String kind = object.path("kind").asText();
    if (apiVersion.isEmpty() || kind.isEmpty()) {
      return Optional.of("apiVersion and kind are required");
    }
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String groupVersion = apiVersion.substring(slash + 1);
    if (!GROUPS.contains(group)) {
      return Optional.of("API group " + group + " has no schema here");
    }
    String className =
        "io.kubernetes.client.openapi.models."
            + groupVersion.substring(0, 1).toUpperCase(Locale.ROOT)
            + groupVersion.substring(1)
            + kind;
    Method validate;
    try {
      validate =
          Class.forName(className, true, loader).getMethod("validateJsonElement", JsonElement.class);
    } catch (ClassNotFoundException e) {
      return Optional.of(apiVersion + " " + kind + " does not exist in Kubernetes " + version);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(className + " has no validateJsonElement", e);
    }
    try {
      validate.invoke(null, JsonParser.parseString(object.toString()));
      return Optional.empty();
    } catch (InvocationTargetException e) {
      String message = String.valueOf(e.getCause().getMessage());
      int json = message.indexOf(". JSON:");
      return Optional.of(json > 0 ? message.substring(0, json) : message);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every invalid object of the list, described with its problem. */
  List<String> problems(List<JsonNode> objects) {
    List<String> out = new ArrayList<>();
    for (JsonNode o : objects) {
      problem(o)
          .ifPresent(
              p -> out.add("Kubernetes " + version + ": " + Manifests.describe(o) + ": " + p));
    }
    return out;
  }
}
