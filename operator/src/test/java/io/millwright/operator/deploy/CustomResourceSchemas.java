package io.millwright.operator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Millwright's custom resources (Site, Machine) checked against the schemas of the CRDs, as an API
 * server with strict field validation ({@code kubectl apply}'s default) would: the CRD's OpenAPI v3
 * schema, made a JSON Schema where an object with declared properties takes no others (the API
 * server rejects unknown fields under strict validation, unless a schema preserves them).
 */
final class CustomResourceSchemas {

  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  private final Map<String, JsonSchema> byApiVersionAndKind = new HashMap<>();

  CustomResourceSchemas(List<JsonNode> crds) {
    for (JsonNode crd : crds) {
      String group = crd.path("spec").path("group").asText();
      String kind = crd.path("spec").path("names").path("kind").asText();
      for (JsonNode version : crd.path("spec").path("versions")) {
        ObjectNode schema =
            ((ObjectNode) version.path("schema").path("openAPIV3Schema")).deepCopy();
        ObjectNode properties = schema.withObjectProperty("properties");
        properties.putObject("apiVersion").put("type", "string");
        properties.putObject("kind").put("type", "string");
        properties.putObject("metadata").put("type", "object");
        strict(schema);
        byApiVersionAndKind.put(
            group + "/" + version.path("name").asText() + " " + kind, FACTORY.getSchema(schema));
      }
    }
  }

  /** Every problem of a resource; empty when its CRD's schema accepts it. */
  List<String> problems(JsonNode resource) {
    String key = resource.path("apiVersion").asText() + " " + resource.path("kind").asText();
    JsonSchema schema = byApiVersionAndKind.get(key);
    if (schema == null) {
      return List.of(Manifests.describe(resource) + ": no CRD defines " + key);
    }
    List<String> out = new ArrayList<>();
    for (ValidationMessage m : schema.validate(resource)) {
      out.add(Manifests.describe(resource) + ": " + m.getMessage());
    }
    return out;
  }

  /** OpenAPI v3 (as Kubernetes uses it) to JSON Schema, closing objects to unknown fields. */
  private static void strict(JsonNode node) {
    if (!(node instanceof ObjectNode schema)) {
      return;
    }
    if (schema.has("properties")
        && !schema.has("additionalProperties")
        && !schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      schema.put("additionalProperties", false);
    }
    if (schema.path("nullable").asBoolean(false) && schema.path("type").isTextual()) {
      ArrayNode types = schema.arrayNode().add(schema.path("type").asText()).add("null");
      schema.set("type", types);
    }
    schema.remove("nullable");
    schema.path("properties").forEach(CustomResourceSchemas::strict);
    strict(schema.path("items"));
    strict(schema.path("additionalProperties"));
    for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
      schema.path(combinator).forEach(CustomResourceSchemas::strict);
    }
  }
}
