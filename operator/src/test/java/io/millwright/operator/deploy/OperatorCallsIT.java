package io.millwright.operator.deploy;

import static io.millwright.operator.Fixtures.NO_PROTOCOL_CHECK;
import static io.millwright.operator.Fixtures.machine;
import static io.millwright.operator.Fixtures.site;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.millwright.operator.MillwrightOperator;
import io.millwright.operator.MockApiServer;
import io.millwright.operator.machine.Machine;
import io.millwright.operator.site.Site;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every request the operator makes while it deploys a site, reports status, scrapes connector
 * health and prunes a removed machine is one its documented permissions allow. The requests go to
 * fabric8's mock API server (no cluster can run here), recorded on the operator's own client; the
 * mock does not authorize, so this compares each request's (group, resource, verb) with the table
 * RbacTest keeps equal to the shipped roles.
 */
class OperatorCallsIT {

  static final String NS = "plant";

  private final MockApiServer server = new MockApiServer();
  private final KubernetesClient admin = server.client();
  private final ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();
  private KubernetesClient operatorClient;
  private MillwrightOperator operator;

  @AfterEach
  void tearDown() {
    if (operator != null) {
      operator.close();
    }
    if (operatorClient != null) {
      operatorClient.close();
    }
    server.close();
  }

  /** A request as RBAC sees it: API group, resource (with subresource) and verb. */
  static RbacTest.Grant grant(String method, URI uri) {
    List<String> path = List.of(uri.getPath().replaceFirst("^/", "").split("/"));
    boolean core = path.get(0).equals("api");
    String group = core ? "" : path.get(1);
    List<String> rest = path.subList(core ? 2 : 3, path.size());
    if (rest.size() > 2 && rest.get(0).equals("namespaces")) {
      rest = rest.subList(2, rest.size());
    }
    String resource = rest.get(0) + (rest.size() == 3 ? "/" + rest.get(2) : "");
    boolean item = rest.size() >= 2;
    String query = uri.getQuery() == null ? "" : uri.getQuery();
    String verb =
        switch (method) {
          case "GET" -> item ? "get" : query.contains("watch=true") ? "watch" : "list";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> item ? "delete" : "deletecollection";
          default -> throw new IllegalArgumentException(method + " " + uri);
        };
    return new RbacTest.Grant(group, resource, verb);
  }

  @Test
  void everyRequestOfTheOperatorIsADocumentedPermission() throws IOException {
    server.withCrds(Path.of(""));
    admin
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    admin.resource(site("plant-1", NS)).create();
    admin.resource(machine("press-01", NS, "pressing", "line-1")).create();
    admin.resource(machine("press-02", NS, "pressing", "line-1")).create();

    operatorClient =
        new KubernetesClientBuilder()
            .withConfig(admin.getConfiguration())
            .withHttpClientBuilderConsumer(
                b ->
                    b.addOrReplaceInterceptor(
                        "record",
                        new Interceptor() {
                          @Override
                          public void before(
                              BasicBuilder builder, HttpRequest request, RequestTags tags) {
                            requests.add(request.method() + " " + request.uri());
                          }
                        }))
            .build();
    operator = new MillwrightOperator(operatorClient, NO_PROTOCOL_CHECK, 1);
    operator.start();

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(
                      admin
                          .apps()
                          .deployments()
                          .inNamespace(NS)
                          .withName("plant-1-connector-press-02")
                          .get())
                  .isNotNull();
              assertThat(
                      admin
                          .resources(Site.class)
                          .inNamespace(NS)
                          .withName("plant-1")
                          .get()
                          .getStatus())
                  .isNotNull();
              assertThat(
                      admin
                          .resources(Machine.class)
                          .inNamespace(NS)
                          .withName("press-01")
                          .get()
                          .getStatus())
                  .isNotNull();
            });
    // A removed machine: the operator prunes its connector's objects.
    admin.resources(Machine.class).inNamespace(NS).withName("press-02").delete();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                admin
                        .apps()
                        .deployments()
                        .inNamespace(NS)
                        .withName("plant-1-connector-press-02")
                        .get()
                    == null);

    Set<RbacTest.Grant> used = new TreeSet<>();
    for (String r : requests) {
      int space = r.indexOf(' ');
      used.add(grant(r.substring(0, space), URI.create(r.substring(space + 1))));
    }
    // The scenario really exercised the operator's kinds of call.
    assertThat(used)
        .contains(
            new RbacTest.Grant("apps", "deployments", "patch"),
            new RbacTest.Grant("apps", "deployments", "delete"),
            new RbacTest.Grant("", "secrets", "create"),
            new RbacTest.Grant("", "pods", "list"),
            new RbacTest.Grant("millwright.io", "sites", "watch"),
            new RbacTest.Grant("millwright.io", "sites/status", "patch"),
            new RbacTest.Grant("millwright.io", "machines/status", "patch"));
    assertThat(RbacTest.documented()).containsAll(used);
  }
}
