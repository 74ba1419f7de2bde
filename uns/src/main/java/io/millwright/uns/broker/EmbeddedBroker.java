package io.millwright.uns.broker;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The MQTT broker inside the process: HiveMQ Community Edition, embedded (MQTT 3.1.1 and 5, QoS
 * 0-2, retained messages, persistent sessions on disk, last will, TLS). Chosen over Moquette
 * because Moquette 0.17 speaks only MQTT 3.1.1 and lost a third to a half of a QoS 0 burst in our
 * probe (docs/uns.md, "Why HiveMQ CE").
 *
 * <p>Its configuration file is generated from {@link BrokerConfig} on every start, so the YAML
 * configuration stays the single source of truth.
 */
public final class EmbeddedBroker implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final BrokerConfig config;
  private final BrokerAuthExtension auth;
  private EmbeddedHiveMQ hivemq;
  private volatile boolean running;

  public EmbeddedBroker(BrokerConfig config, BrokerUsers users) {
    this.config = config;
    this.auth = new BrokerAuthExtension(users);
  }

  /** Starts the broker and returns once it accepts connections. */
  public void start() throws IOException {
    Path root = config.dataDirectory();
    Path conf = Files.createDirectories(root.resolve("conf"));
    Path data = Files.createDirectories(root.resolve("data"));
    Path extensions = Files.createDirectories(root.resolve("extensions"));
    writePrivately(conf.resolve("config.xml"), configXml(config));
    sizeForTheEdge();
    hivemq =
        EmbeddedHiveMQ.builder()
            .withConfigurationFolder(conf)
            .withDataFolder(data)
            .withExtensionsFolder(extensions)
            .withoutLoggingBootstrap()
            .withEmbeddedExtension(
                EmbeddedExtension.builder()
                    .withId("millwright-auth")
                    .withName("Millwright authentication")
                    .withVersion("1")
                    .withPriority(1000)
                    .withStartPriority(1000)
                    .withExtensionMain(auth)
                    .build())
            .build();
    try {
      hivemq.start().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IOException(
          "the MQTT broker did not start: " + rootCause(e).getMessage(), rootCause(e));
    } catch (TimeoutException e) {
      throw new IOException(
          "the MQTT broker did not start within " + START_TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting the MQTT broker", e);
    }
    running = true;
  }

  public boolean isRunning() {
    return running;
  }

  public BrokerConfig config() {
    return config;
  }

  /** HiveMQ's own metrics worth an operator's dashboard, by the name they get on /q/metrics. */
  private static final Map<String, String> FIGURES =
      Map.of(
          "connections", "com.hivemq.networking.connections.current",
          "sessions", "com.hivemq.sessions.overall.current",
          "subscriptions", "com.hivemq.subscriptions.overall.current",
          "publishes_in_total", "com.hivemq.messages.incoming.publish.count",
          "publishes_out_total", "com.hivemq.messages.outgoing.publish.count",
          "messages_dropped_total", "com.hivemq.messages.dropped.count",
          "retained_messages", "com.hivemq.messages.retained.current",
          "queued_messages_bytes", "com.hivemq.persistence.queued-messages.in-memory.total-size");

  /**
   * Broker figures for monitoring: connections, sessions, publishes in and out, dropped messages
   * (full queues, oversize), retained messages, and connections refused for bad credentials. Empty
   * while the broker is not running.
   */
  public Map<String, Double> figures() {
    EmbeddedHiveMQ running = hivemq;
    if (running == null || !this.running) {
      return Map.of();
    }
    MetricRegistry registry = running.getMetricRegistry();
    Map<String, Double> out = new TreeMap<>();
    FIGURES.forEach(
        (name, metric) -> {
          Counter counter = registry.getCounters().get(metric);
          if (counter != null) {
            out.put(name, (double) counter.getCount());
            return;
          }
          @SuppressWarnings("rawtypes")
          Gauge gauge = registry.getGauges().get(metric);
          if (gauge != null && gauge.getValue() instanceof Number n) {
            out.put(name, n.doubleValue());
          }
        });
    out.put("connections_refused_total", (double) refusedConnections());
    return out;
  }

  /** Connections refused for missing or wrong credentials since start. */
  public long refusedConnections() {
    return auth.refused.sum();
  }

  @Override
  public void close() throws IOException {
    running = false;
    if (hivemq == null) {
      return;
    }
    try {
      hivemq.stop().get(30, TimeUnit.SECONDS);
      hivemq.close();
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException(
          "the MQTT broker did not stop cleanly: " + rootCause(e).getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      hivemq = null;
    }
  }

  /**
   * HiveMQ CE is sized for servers; these internal settings (public, but not part of its documented
   * configuration file) size it for an edge box. Buckets: HiveMQ creates one on-disk store per
   * bucket and persistence kind, 64 by default; an edge broker has tens of clients, and four
   * buckets start in a fraction of the time. The bucket count must never change for an existing
   * data directory, so it is fixed here rather than configurable. The shutdown grace period of 2 s
   * would spend a fifth of the 10 s a SIGTERM allows.
   */
  private static void sizeForTheEdge() {
    InternalConfigurations.PERSISTENCE_BUCKET_COUNT.set(4);
    InternalConfigurations.PAYLOAD_PERSISTENCE_BUCKET_COUNT.set(4);
    InternalConfigurations.PERSISTENCE_SHUTDOWN_GRACE_PERIOD_MSEC.set(200);
    // Refuse clients even if the authentication extension were not loaded; never fall back to
    // "allow all".
    InternalConfigurations.AUTH_DENY_UNAUTHENTICATED_CONNECTIONS.set(true);
    // A PUBACK means the message is on disk (RELIABILITY.md T8).
    InternalConfigurations.ACKNOWLEDGE_INCOMING_PUBLISH_AFTER_PERSISTING_ENABLED.set(true);
  }

  static String configXml(BrokerConfig c) {
    StringBuilder xml = new StringBuilder();
    xml.append(
        "<?xml version=\"1.0\"?>\n<!-- Written by Millwright at every start; edit the YAML configuration instead. -->\n");
    xml.append("<hivemq>\n  <listeners>\n");
    xml.append("    <tcp-listener>\n")
        .append("      <port>")
        .append(c.port())
        .append("</port>\n")
        .append("      <bind-address>")
        .append(escape(c.bindAddress()))
        .append("</bind-address>\n")
        .append("    </tcp-listener>\n");
    c.tls()
        .ifPresent(
            tls ->
                xml.append("    <tls-tcp-listener>\n")
                    .append("      <port>")
                    .append(tls.port())
                    .append("</port>\n")
                    .append("      <bind-address>")
                    .append(escape(c.bindAddress()))
                    .append("</bind-address>\n")
                    .append(
                        "      <tls>\n        <protocols><protocol>TLSv1.3</protocol><protocol>TLSv1.2</protocol></protocols>\n")
                    .append("        <keystore>\n")
                    .append("          <path>")
                    .append(escape(tls.keyStore().toAbsolutePath().toString()))
                    .append("</path>\n")
                    .append("          <password>")
                    .append(escape(tls.keyStorePassword()))
                    .append("</password>\n")
                    .append("          <private-key-password>")
                    .append(escape(tls.privateKeyPassword()))
                    .append("</private-key-password>\n")
                    .append("        </keystore>\n")
                    .append(
                        "        <client-authentication-mode>NONE</client-authentication-mode>\n")
                    .append("      </tls>\n    </tls-tcp-listener>\n"));
    xml.append("  </listeners>\n");
    xml.append("  <mqtt>\n")
        .append("    <queued-messages>\n")
        .append("      <max-queue-size>")
        .append(c.maxQueuedMessagesPerClient())
        .append("</max-queue-size>\n")
        .append("      <strategy>discard-oldest</strategy>\n")
        .append("    </queued-messages>\n")
        .append("    <packets><max-packet-size>")
        .append(c.maxPacketBytes())
        .append("</max-packet-size></packets>\n")
        .append("  </mqtt>\n");
    xml.append("  <restrictions>\n")
        .append("    <max-connections>")
        .append(c.maxConnections())
        .append("</max-connections>\n")
        .append("    <max-client-id-length>256</max-client-id-length>\n")
        .append("    <max-topic-length>1024</max-topic-length>\n")
        .append("  </restrictions>\n");
    xml.append("  <persistence><mode>file</mode></persistence>\n");
    xml.append(
        "  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>\n");
    xml.append("</hivemq>\n");
    return xml.toString();
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  /** The generated file may hold the key store password: owner-only, written atomically. */
  private static void writePrivately(Path file, String content) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(temp);
    try {
      Files.createFile(
          temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(temp);
    }
    Files.writeString(temp, content, StandardCharsets.UTF_8);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static Throwable rootCause(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
