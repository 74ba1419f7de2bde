package io.millwright.historian.ingest;

import io.millwright.historian.store.SampleStore;
import io.millwright.uns.mirror.MachinePlacement;
import io.millwright.uns.mqtt.MqttEndpoint;
import io.millwright.uns.sparkplug.host.HostApplicationSession;
import io.millwright.uns.sparkplug.host.HostConfig;
import io.millwright.uns.sparkplug.host.HostState;
import java.util.Map;

/**
 * The historian as the site's Sparkplug primary host: a host session that follows the namespace and
 * an ingest that commits what it delivers. While the store cannot write, the session pauses: it
 * stays connected but its STATE says offline, so the edge nodes buffer and what was already on its
 * way is still delivered and queued; once a commit succeeds again the session resumes (STATE
 * online) and the edge nodes backfill.
 */
public final class Historian implements AutoCloseable {

  /** Samples between the namespace and the store before delivery pushes back on MQTT. */
  static final int QUEUE = 200_000;

  private final HistorianIngest ingest;
  private final HostApplicationSession host;

  /**
   * @param hostId the Sparkplug host id the edge nodes wait for
   * @param machines where each machine sits below the site, to build tag paths
   */
  public Historian(
      MqttEndpoint endpoint,
      String hostId,
      String enterprise,
      String site,
      Map<String, MachinePlacement> machines,
      SampleStore store) {
    HostApplicationSession[] session = new HostApplicationSession[1];
    this.ingest =
        new HistorianIngest(
            store,
            enterprise,
            site,
            machines,
            QUEUE,
            () -> session[0].pause(),
            () -> session[0].resume());
    this.host = new HostApplicationSession(endpoint, HostConfig.of(hostId).withGroup(site), ingest);
    session[0] = host;
  }

  public void start() {
    ingest.start();
    host.start();
  }

  /** Whether the historian is online in the namespace and its store writes. */
  public boolean online() {
    return host.state() == HostState.ONLINE && !ingest.storeDown();
  }

  public HistorianIngest ingest() {
    return ingest;
  }

  /** Goes offline first, so nothing new arrives, then commits what is queued. */
  @Override
  public void close() {
    host.close();
    ingest.close();
  }
}
