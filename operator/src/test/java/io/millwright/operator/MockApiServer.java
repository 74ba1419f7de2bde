package io.millwright.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;

/**
 * fabric8's Kubernetes mock API server in CRUD mode, standing in for a cluster (none can run here:
 * no container engine, no kubelet). Its CRUD dispatcher does not implement server-side apply, which
 * the operator uses for every write; this one answers an apply patch the way the API server does
 * for a single field manager: it creates the object when it is absent and merges the applied fields
 * into it otherwise (objects field by field, lists replaced). Unlike a real server it does not
 * remove fields the manager stopped setting; no test relies on that.
 */
public final class MockApiServer implements AutoCloseable {

  /** Held, so the level stays set: the mock logs every request at INFO, which drowns the tests. */
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  public MockApiServer() {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), new ApplyingDispatcher(), false);
    server.init();
    client = server.createClient();
  }

  public KubernetesClient client() {
    return client;
  }

  /**
   * Installs the Site and Machine CRDs the operator module generated ({@code
   * operator/target/classes/META-INF/fabric8}), as {@code kubectl apply -f deploy/crds} would.
   *
   * @param operatorModule the operator module's directory, relative to the caller's
   */
  public MockApiServer withCrds(Path operatorModule) throws IOException {
    for (String crd : List.of("sites", "machines")) {
      Path file =
          operatorModule.resolve(
              "target/classes/META-INF/fabric8/" + crd + ".millwright.io-v1.yml");
      client
          .resource(
              client
                  .getKubernetesSerialization()
                  .unmarshal(Files.readString(file), CustomResourceDefinition.class))
          .create();
    }
    return this;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }

  private static final class ApplyingDispatcher extends KubernetesCrudDispatcher {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public MockResponse handlePatch(RecordedRequest request) {
      String type = request.getHeader("Content-Type");
      if (type == null || !type.startsWith("application/apply-patch")) {
        return super.handlePatch(request);
      }
      String path = request.getPath();
      int query = path.indexOf('?');
      String bare = query < 0 ? path : path.substring(0, query);
      String object = bare.endsWith("/status") ? bare.substring(0, bare.length() - 7) : bare;
      var json = request.getHeaders().newBuilder().set("Content-Type", "application/json").build();
      var existing = findResource(getKey(object));
      if (existing == null) {
        String collection = object.substring(0, object.lastIndexOf('/'));
        return handleCreate(
            new RecordedRequest("HTTP/1.1", HttpMethod.POST, collection, json, request.getBody()));
      }
      try {
        JsonNode merged =
            merge(JSON.readTree(existing.getValue()), JSON.readTree(request.getUtf8Body()));
        return handleUpdate(
            new RecordedRequest(
                "HTTP/1.1",
                HttpMethod.PUT,
                bare,
                json,
                new Buffer(JSON.writeValueAsBytes(merged))));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static JsonNode merge(JsonNode stored, JsonNode applied) {
      if (!stored.isObject() || !applied.isObject()) {
        return applied;
      }
      ObjectNode out = ((ObjectNode) stored).deepCopy();
      for (var field : applied.properties()) {
        out.set(field.getKey(), merge(stored.path(field.getKey()), field.getValue()));
      }
      return out;
    }
  }
}
