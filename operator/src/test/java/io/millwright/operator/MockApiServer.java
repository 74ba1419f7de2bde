package io.millwright.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.HashMap;

/**
 * fabric8's Kubernetes mock API server in CRUD mode, standing in for a cluster (none can run here:
 * no container engine, no kubelet). Its CRUD dispatcher does not implement server-side apply, which
 * the operator uses for every write; this one answers an apply patch the way the API server does
 * for a single field manager: it creates the object when it is absent and merges the applied fields
 * into it otherwise. Unlike a real server it does not remove fields the manager stopped setting; no
 * test relies on that.
 */
public final class MockApiServer implements AutoCloseable {

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  public MockApiServer() {
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), new ApplyingDispatcher(), false);
    server.init();
    client = server.createClient();
  }

  public KubernetesClient client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }

  private static final class ApplyingDispatcher extends KubernetesCrudDispatcher {
    @Override
    public MockResponse handlePatch(RecordedRequest request) {
      String type = request.getHeader("Content-Type");
      if (type == null || !type.startsWith("application/apply-patch")) {
        return super.handlePatch(request);
      }
      String path = request.getPath();
      int query = path.indexOf('?');
      String bare = query < 0 ? path : path.substring(0, query);
      var headers =
          request
              .getHeaders()
              .newBuilder()
              .set("Content-Type", "application/merge-patch+json")
              .build();
      if (!bare.endsWith("/status") && findResource(getKey(bare)) == null) {
        String collection = bare.substring(0, bare.lastIndexOf('/'));
        return handleCreate(
            new RecordedRequest(
                "HTTP/1.1",
                HttpMethod.POST,
                collection,
                request.getHeaders().newBuilder().set("Content-Type", "application/json").build(),
                request.getBody()));
      }
      return super.handlePatch(
          new RecordedRequest("HTTP/1.1", HttpMethod.PATCH, bare, headers, request.getBody()));
    }
  }
}
