package io.millwright.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.millwright.operator.Fixtures;
import io.millwright.operator.MockApiServer;
import io.millwright.operator.machine.Machine;
import io.millwright.operator.machine.MachineValidation;
import io.millwright.operator.site.Site;
import io.millwright.operator.site.SitePlan;
import io.millwright.operator.site.SiteResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Issue 6's operator figures: the time to reconcile a site of N machines (every connector
 * Deployment, ConfigMap and NetworkPolicy written), the time to roll a Site-wide change, and the
 * operator's RSS. The operator is the real binary ({@code run --roles operator}); the API server is
 * fabric8's mock in CRUD mode (no cluster runs here), so the times include the mock's own JSON
 * handling but no etcd or admission: a real API server is slower per write.
 *
 * <pre>bench/operator.sh [--machines 500] [--java-opts "-Xmx192m -XX:+UseSerialGC"]</pre>
 */
public final class OperatorBenchmark {

  static final String NS = "plant";

  public static void main(String[] args) throws Exception {
    int machines = 500;
    Path jar = null;
    Path javaHome = Path.of(System.getProperty("java.home"));
    List<String> javaOptions = List.of("-Xmx192m", "-XX:+UseSerialGC");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--machines" -> machines = Integer.parseInt(args[++i]);
        case "--jar" -> jar = Path.of(args[++i]);
        case "--java-home" -> javaHome = Path.of(args[++i]);
        case "--java-opts" -> javaOptions = Arrays.asList(args[++i].trim().split("\\s+"));
        case "--render-only" -> jar = null;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    List<Machine> plant = plant(machines);
    renderInProcess(plant);
    if (jar == null) {
      return;
    }
    try (MockApiServer api = new MockApiServer()) {
      KubernetesClient client = api.client();
      prepare(api, plant);
      Path work = Files.createTempDirectory("millwright-operator-bench");
      List<String> command = new ArrayList<>();
      command.add(javaHome.resolve("bin/java").toString());
      command.add("--enable-native-access=ALL-UNNAMED");
      command.addAll(javaOptions);
      command.addAll(List.of("-jar", jar.toString(), "run", "--roles", "operator"));
      ProcessBuilder builder = new ProcessBuilder(command);
      Map<String, String> env = builder.environment();
      env.keySet().removeIf(k -> k.startsWith("MILLWRIGHT_") || k.startsWith("KUBERNETES_"));
      env.put("KUBERNETES_MASTER", client.getMasterUrl().toString());
      env.put("KUBERNETES_TRUST_CERTIFICATES", "true");
      env.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
      env.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
      env.put("MILLWRIGHT_DATA", work.resolve("data").toString());
      env.put("MILLWRIGHT_HTTP_HOST", "127.0.0.1");
      try (var socket = new java.net.ServerSocket(0)) {
        env.put("MILLWRIGHT_HTTP_PORT", Integer.toString(socket.getLocalPort()));
      }
      env.put("MILLWRIGHT_ADMIN_PASSWORD", "operator-benchmark");
      long start = System.nanoTime();
      Process operator =
          builder
              .redirectErrorStream(true)
              .redirectOutput(work.resolve("operator.log").toFile())
              .start();
      try {
        waitFor(client, machines, "millwright:0.1.0", operator, work);
        double first = (System.nanoTime() - start) / 1e9;
        double rssAfterFirst = Proc.rssMiB(operator.pid());
        // The Machines' first status writes follow the Site's; idle starts once they are done. The
        // window spans one round of machine health checks (every 30 s).
        Thread.sleep(30_000);
        double idleCpuStart = Proc.cpuSeconds(operator.pid());
        Thread.sleep(30_000);
        double idleCpu = (Proc.cpuSeconds(operator.pid()) - idleCpuStart) / 30.0;

        // A Site-wide change (a new image) rolls every workload: one write per object.
        long changeStart = System.nanoTime();
        Site site = client.resources(Site.class).inNamespace(NS).withName("plant-1").get();
        site.getSpec().image = "millwright:0.1.1";
        client.resource(site).update();
        waitFor(client, machines, "millwright:0.1.1", operator, work);
        double change = (System.nanoTime() - changeStart) / 1e9;
        System.out.printf(
            "operator, %d machines (one connector pod each), mock API server:%n"
                + "  start to every connector Deployment written: %.1f s (JVM start included)%n"
                + "  a Site-wide change (new image) rolled to every workload: %.1f s%n"
                + "  RSS after the first reconcile: %.0f MiB; now %.0f MiB (peak %.0f MiB)%n"
                + "  CPU while idle (resyncs, machine health every 30 s): %.1f %% of a core%n",
            machines,
            first,
            change,
            rssAfterFirst,
            Proc.rssMiB(operator.pid()),
            Proc.peakRssMiB(operator.pid()),
            idleCpu * 100);
      } finally {
        operator.destroy();
        operator.waitFor();
      }
    }
  }

  /** Machines on lines of 25, as a large plant's areas are. */
  static List<Machine> plant(int count) {
    List<Machine> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(
          Fixtures.machine(
              String.format("m-%04d", i), NS, "area-" + (i / 100), "line-" + (i / 25)));
    }
    return out;
  }

  /** The pure part of a reconcile: plan and render, without the API. */
  static void renderInProcess(List<Machine> plant) {
    Site site = Fixtures.site("plant-1", NS);
    MachineValidation validation = new MachineValidation(Fixtures.NO_PROTOCOL_CHECK);
    int objects = 0;
    for (int i = 0; i < 20; i++) {
      objects = SiteResources.desired(SitePlan.of(site, plant, validation)).size();
    }
    int runs = 50;
    long start = System.nanoTime();
    for (int i = 0; i < runs; i++) {
      objects = SiteResources.desired(SitePlan.of(site, plant, validation)).size();
    }
    System.out.printf(
        "plan + render of %d machines (%d objects), in process: %.1f ms%n",
        plant.size(), objects, (System.nanoTime() - start) / 1e6 / runs);
  }

  private static void prepare(MockApiServer api, List<Machine> plant) throws IOException {
    KubernetesClient client = api.client();
    api.withCrds(Path.of("operator"));
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    client.resource(Fixtures.site("plant-1", NS)).create();
    for (Machine m : plant) {
      client.resource(m).create();
    }
  }

  private static void waitFor(
      KubernetesClient client, int machines, String image, Process operator, Path work)
      throws Exception {
    long deadline = System.nanoTime() + 600_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!operator.isAlive()) {
        throw new IOException(
            "the operator exited: " + Files.readString(work.resolve("operator.log")));
      }
      long done =
          client.apps().deployments().inNamespace(NS).list().getItems().stream()
              .filter(d -> d.getMetadata().getName().startsWith("plant-1-connector-"))
              .filter(d -> image.equals(image(d)))
              .count();
      if (done == machines) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IOException("not all " + machines + " connectors written within 10 minutes");
  }

  private static String image(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }
}
