package io.millwright.operator.machine;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.millwright.operator.Crds;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a machine's connector pod says about the machine, read from the pod's Prometheus endpoint
 * ({@code /q/metrics}, unauthenticated like health): connected, age of the last good read, samples
 * read. One pod list per namespace and one scrape per pod serve every machine for {@link #MAX_AGE},
 * so 500 machines cost a handful of requests, not 500.
 */
public final class ConnectorHealth implements AutoCloseable {

  static final Duration MAX_AGE = Duration.ofSeconds(10);
  private static final Pattern SAMPLE =
      Pattern.compile(
          "^(millwright_machine_(?:connected|samples_total|last_good_read_age_seconds))\\{([^}]*)\\}\\s+(\\S+)");
  private static final Pattern MACHINE_LABEL = Pattern.compile("machine=\"([^\"]*)\"");

  /** One machine as its connector last reported it. */
  public record Figures(
      String pod, boolean connected, Instant lastGoodRead, Double samplesPerSecond) {}

  private record Scrape(Instant at, Map<String, double[]> byMachine) {}

  private record PodList(Instant at, List<Pod> pods) {}

  private final KubernetesClient client;
  private final HttpClient http;
  private final int port;
  private final Clock clock;
  private final Map<String, PodList> pods = new ConcurrentHashMap<>();
  private final Map<String, Scrape> scrapes = new ConcurrentHashMap<>();
  private final Map<String, Scrape> previous = new ConcurrentHashMap<>();

  /**
   * @param port the pods' HTTP port (8080; tests serve metrics elsewhere)
   */
  public ConnectorHealth(KubernetesClient client, int port, Clock clock) {
    this.client = client;
    this.port = port;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  }

  @Override
  public void close() {
    http.close();
  }

  /** Empty when no running pod carries the machine, or its pod does not answer. */
  public Optional<Figures> of(String namespace, String machineId) {
    Instant now = clock.instant();
    PodList list = pods.compute(namespace, (ns, cached) -> fresh(ns, cached, now));
    String label = io.millwright.operator.site.SiteResources.MACHINE_LABEL_PREFIX + machineId;
    for (Pod pod : list.pods()) {
      if (pod.getMetadata().getLabels() == null
          || !pod.getMetadata().getLabels().containsKey(label)
          || pod.getStatus() == null
          || pod.getStatus().getPodIP() == null
          || !"Running".equals(pod.getStatus().getPhase())) {
        continue;
      }
      Optional<Scrape> scrape = scrape(pod, now);
      if (scrape.isEmpty()) {
        return Optional.empty();
      }
      double[] v = scrape.get().byMachine().get(machineId);
      if (v == null) {
        return Optional.empty();
      }
      Double rate = null;
      Scrape before = previous.get(key(pod));
      if (before != null && before.byMachine().containsKey(machineId)) {
        double seconds = Duration.between(before.at(), scrape.get().at()).toMillis() / 1000.0;
        if (seconds > 0) {
          rate = Math.max(0, (v[1] - before.byMachine().get(machineId)[1]) / seconds);
        }
      }
      Instant lastRead =
          Double.isNaN(v[2]) ? null : scrape.get().at().minusMillis((long) (v[2] * 1000));
      return Optional.of(new Figures(pod.getMetadata().getName(), v[0] >= 1, lastRead, rate));
    }
    return Optional.empty();
  }

  private PodList fresh(String namespace, PodList cached, Instant now) {
    if (cached != null && cached.at().plus(MAX_AGE).isAfter(now)) {
      return cached;
    }
    List<Pod> listed =
        client
            .pods()
            .inNamespace(namespace)
            .withLabel(Crds.COMPONENT, "connector")
            .list()
            .getItems();
    // Scrapes of pods that are gone are forgotten, so pod churn does not grow the maps.
    var alive = listed.stream().map(p -> key(p)).collect(java.util.stream.Collectors.toSet());
    scrapes.keySet().removeIf(k -> k.startsWith(namespace + "/") && !alive.contains(k));
    previous.keySet().removeIf(k -> k.startsWith(namespace + "/") && !alive.contains(k));
    return new PodList(now, listed);
  }

  private static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  private Optional<Scrape> scrape(Pod pod, Instant now) {
    String name = key(pod);
    Scrape cached = scrapes.get(name);
    if (cached != null && cached.at().plus(MAX_AGE).isAfter(now)) {
      return Optional.of(cached);
    }
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://" + pod.getStatus().getPodIP() + ":" + port + "/q/metrics"))
                  .timeout(Duration.ofSeconds(2))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return Optional.empty();
      }
      Scrape fresh = new Scrape(now, parse(response.body()));
      if (cached != null) {
        previous.put(name, cached);
      }
      scrapes.put(name, fresh);
      return Optional.of(fresh);
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Per machine: connected (1/0), samples read, seconds since the last good read (NaN if none). */
  static Map<String, double[]> parse(String metrics) {
    Map<String, double[]> out = new HashMap<>();
    for (String line : metrics.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (!m.find()) {
        continue;
      }
      Matcher machine = MACHINE_LABEL.matcher(m.group(2));
      if (!machine.find()) {
        continue;
      }
      double value;
      try {
        value = Double.parseDouble(m.group(3));
      } catch (NumberFormatException e) {
        continue;
      }
      double[] v = out.computeIfAbsent(machine.group(1), k -> new double[] {0, 0, Double.NaN});
      switch (m.group(1)) {
        case "millwright_machine_connected" -> v[0] = value;
        case "millwright_machine_samples_total" -> v[1] = value;
        default -> v[2] = value;
      }
    }
    return out;
  }
}
