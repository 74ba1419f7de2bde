package io.millwright.app.machines;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.millwright.app.module.ModuleManager;
import io.millwright.connect.ConnectorStats;
import io.millwright.connect.LinkStatus;
import io.millwright.connect.host.ConnectorHost;
import io.millwright.connect.host.MachineStatus;
import io.millwright.core.machine.MachineDefinition;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Per-machine metrics on {@code /q/metrics}, labelled {@code machine} and {@code protocol}: what an
 * SRE graphs per machine (samples/s as the rate of the counter, read errors, link up, age of the
 * last good read, round trip). The role's own figures carry the totals.
 */
@ApplicationScoped
@Unremovable // looked up programmatically once the modules run, never injected
public class MachineMetrics {

  @Inject MeterRegistry meters;

  // Guarded by this: the meters of each machine, to remove with it.
  private final Map<String, List<Meter>> byMachine = new HashMap<>();

  /** Registers the meters of every machine the connectors role hosts, if it runs here. */
  public void register(ModuleManager manager) {
    manager.service(ConnectorsRole.HOST).ifPresent(this::register);
  }

  private void register(ConnectorHost host) {
    for (MachineStatus machine : host.machines()) {
      machine(host, machine.machine());
    }
  }

  /**
   * Registers the meters of a machine added or replaced while the host runs (a replaced machine's
   * protocol label may have changed).
   */
  public synchronized void machine(ConnectorHost host, MachineDefinition definition) {
    removeMachine(definition.id());
    String id = definition.id();
    List<Meter> registered = new ArrayList<>();
    byMachine.put(id, registered);
    Tags tags = Tags.of("machine", id, "protocol", definition.protocol().configName());
    counter(host, id, tags, "millwright.machine.samples", "samples read", ConnectorStats::samples);
    counter(
        host,
        id,
        tags,
        "millwright.machine.read.errors",
        "failed reads",
        ConnectorStats::readErrors);
    counter(
        host,
        id,
        tags,
        "millwright.machine.write.errors",
        "refused or failed writes",
        ConnectorStats::writeErrors);
    counter(
        host,
        id,
        tags,
        "millwright.machine.reconnects",
        "connection attempts after the first",
        ConnectorStats::reconnects);
    gauge(
        host,
        id,
        tags,
        "millwright.machine.connected",
        "1 while the link to the machine is up",
        s -> s.status() == LinkStatus.CONNECTED ? 1 : 0);
    gauge(
        host,
        id,
        tags,
        "millwright.machine.last.good.read.age.seconds",
        "seconds since the last Good sample",
        s ->
            s.lastGoodRead()
                .map(t -> (System.currentTimeMillis() - t.toEpochMilli()) / 1e3)
                .orElse(Double.NaN));
    gauge(
        host,
        id,
        tags,
        "millwright.machine.round.trip.seconds",
        "the last request's round trip (poll) or keep-alive (subscription)",
        s -> s.roundTrip().map(d -> d.toNanos() / 1e9).orElse(Double.NaN));
  }

  private void counter(
      ConnectorHost host,
      String id,
      Tags tags,
      String name,
      String description,
      ToDoubleFunction<ConnectorStats> value) {
    byMachine
        .get(id)
        .add(
            FunctionCounter.builder(name, host, h -> read(h, id, value))
                .description(description)
                .tags(tags)
                .register(meters));
  }

  private void gauge(
      ConnectorHost host,
      String id,
      Tags tags,
      String name,
      String description,
      ToDoubleFunction<ConnectorStats> value) {
    byMachine
        .get(id)
        .add(
            Gauge.builder(name, host, h -> read(h, id, value))
                .description(description)
                .tags(tags)
                .register(meters));
  }

  /** Removes a deleted machine's meters. */
  public synchronized void removeMachine(String id) {
    List<Meter> old = byMachine.remove(id);
    if (old != null) {
      old.forEach(meters::remove);
    }
  }

  /** NaN for a machine removed between a scrape's listing and its reading. */
  private static double read(
      ConnectorHost host, String id, ToDoubleFunction<ConnectorStats> value) {
    try {
      return value.applyAsDouble(host.stats(id));
    } catch (IllegalArgumentException removed) {
      return Double.NaN;
    }
  }
}
