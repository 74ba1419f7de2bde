package io.millwright.app.cloud;

import io.millwright.app.config.CloudConfig;
import io.millwright.app.config.Secret;
import io.millwright.app.module.Health;
import io.millwright.app.module.Key;
import io.millwright.app.module.Module;
import io.millwright.app.module.ModuleContext;
import io.millwright.app.role.DataDirectoryModule;
import io.millwright.app.role.RoleCatalog;
import io.millwright.cloud.fleet.FleetView;
import io.millwright.cloud.fleet.RegisteredSite;
import io.millwright.cloud.fleet.SiteRegistry;
import io.millwright.cloud.receive.CloudReceiver;
import io.millwright.cloud.receive.ReceiptJournal;
import io.millwright.cloud.receive.ReceiverStats;
import io.millwright.historian.duckdb.DuckDbSettings;
import io.millwright.historian.duckdb.DuckDbStore;
import io.millwright.historian.postgres.PostgresStore;
import io.millwright.historian.store.SampleStore;
import io.millwright.publisher.transport.MqttIntake;
import io.millwright.publisher.transport.MqttTransportConfig;
import io.millwright.publisher.transport.kafka.KafkaIntake;
import io.millwright.publisher.transport.kafka.KafkaIntakeConfig;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@code cloud} role: receives many sites' batches (over HTTPS at {@code /api/v1/fleet/ingest},
 * and from a cloud MQTT broker or a Kafka topic when configured), stores each sample once in its
 * own historian, and keeps the fleet view.
 */
public final class CloudRole implements Module {

  private static final System.Logger LOG = System.getLogger(CloudRole.class.getName());

  /** What the REST resources use. */
  public record Cloud(
      SiteRegistry registry, CloudReceiver receiver, FleetView fleet, ReceiptJournal journal) {}

  public static final Key<Cloud> SERVICE = Key.of("cloud", Cloud.class);

  /** The cloud's historian: {@code /api/v1/history} answers from it for the sites' tags. */
  public static final Key<SampleStore> STORE = Key.of("cloud sample store", SampleStore.class);

  /** Ingest requests whose site token did not match: refused with 401, counted here. */
  static final LongAdder TOKENS_REFUSED = new LongAdder();

  private SampleStore store;
  private ReceiptJournal journal;
  private CloudReceiver receiver;
  private MqttIntake mqtt;
  private KafkaIntake kafka;
  private ScheduledExecutorService expiry;

  @Override
  public void start(ModuleContext context) throws Exception {
    CloudConfig config =
        context
            .config()
            .cloud()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the cloud role needs a cloud section: the sites allowed to send"));
    Path data = context.require(DataDirectoryModule.KEY).forRole(RoleCatalog.CLOUD);
    Files.createDirectories(data);
    SiteRegistry registry =
        new SiteRegistry(
            config.sites().stream()
                .map(s -> new RegisteredSite(s.id(), s.name(), s.token().map(Secret::reveal)))
                .toList());
    store = openStore(config, data);
    journal =
        ReceiptJournal.open(
            data.resolve("receipts"),
            config.receiptRetention(),
            ReceiptJournal.DEFAULT_EVENTS_PER_SITE);
    Clock clock = Clock.systemUTC();
    FleetView fleet = new FleetView(registry, journal.sites(), clock);
    receiver = new CloudReceiver(registry, store, journal, fleet, clock);
    if (config.mqtt().isPresent()) {
      CloudConfig.Mqtt m = config.mqtt().get();
      mqtt =
          MqttIntake.start(
              new MqttTransportConfig(
                  URI.create(m.url()),
                  m.topic(),
                  "millwright-cloud-" + context.config().site(),
                  m.username(),
                  m.password().map(Secret::reveal),
                  m.trustStore(),
                  m.trustStorePassword().map(Secret::reveal),
                  Optional.empty(),
                  Optional.empty(),
                  Duration.ofSeconds(30)),
              receiver);
    }
    if (config.kafka().isPresent()) {
      CloudConfig.Kafka k = config.kafka().get();
      kafka =
          KafkaIntake.start(
              new KafkaIntakeConfig(
                  k.bootstrapServers(),
                  k.topic(),
                  k.group(),
                  k.properties(),
                  Duration.ofSeconds(1)),
              receiver);
    }
    // Receipts older than the retention are forgotten once an hour (a replay older than that
    // is still stored once: the historian keeps a tag's sample per timestamp once).
    expiry =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("cloud-receipt-expiry").daemon().unstarted(r));
    expiry.scheduleWithFixedDelay(this::expire, 1, 60, TimeUnit.MINUTES);
    context.provide(SERVICE, new Cloud(registry, receiver, fleet, journal));
    context.provide(STORE, store);
  }

  private void expire() {
    try {
      int n = journal.expire(Clock.systemUTC().instant());
      if (n > 0) {
        LOG.log(Level.DEBUG, "cloud: forgot " + n + " batch receipts past their retention");
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "cloud: cannot expire old batch receipts: " + e.getMessage());
    }
  }

  private static SampleStore openStore(CloudConfig config, Path data) {
    if (config.store().equals(CloudConfig.POSTGRESQL)) {
      CloudConfig.Postgres p = config.postgresql().orElseThrow();
      return PostgresStore.open(p.url(), p.user(), p.password().reveal(), p.schema());
    }
    // As small as the edge's own historian: the demo runs both in one process.
    return DuckDbStore.open(data.resolve("history"), new DuckDbSettings("32MB", 1));
  }

  @Override
  public void stop() {
    if (expiry != null) {
      expiry.shutdownNow();
      expiry = null;
    }
    if (mqtt != null) {
      mqtt.close();
      mqtt = null;
    }
    if (kafka != null) {
      kafka.close();
      kafka = null;
    }
    if (journal != null) {
      journal.close();
      journal = null;
    }
    if (store != null) {
      store.close();
      store = null;
    }
  }

  @Override
  public Health health() {
    if (receiver == null) {
      return Health.notReady("stopped");
    }
    if (mqtt != null && !mqtt.connected()) {
      return Health.notReady("the MQTT intake is not connected to " + mqtt);
    }
    return Health.UP;
  }

  @Override
  public Map<String, Double> figures() {
    CloudReceiver r = receiver;
    if (r == null) {
      return Map.of();
    }
    ReceiverStats s = r.stats();
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("batches_stored_total", (double) s.batchesStored());
    out.put("batches_duplicate_total", (double) s.duplicates());
    out.put(
        "batches_refused_total",
        (double) (s.refusedUnregistered() + s.refusedWrongSite() + s.refusedMalformed()));
    out.put("batches_refused_unregistered_total", (double) s.refusedUnregistered());
    out.put("batches_refused_wrong_site_total", (double) s.refusedWrongSite());
    out.put("batches_refused_malformed_total", (double) s.refusedMalformed());
    out.put("tokens_refused_total", (double) TOKENS_REFUSED.sum());
    out.put("readings_stored_total", (double) s.readingsStored());
    out.put("events_stored_total", (double) s.eventsStored());
    out.put("store_failures_total", (double) s.storeFailures());
    return out;
  }
}
