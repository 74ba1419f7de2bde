package io.millwright.app.machines;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.millwright.app.module.ModuleManager;
import io.millwright.connect.ConnectorStats;
import io.millwright.connect.LinkStatus;
import io.millwright.connect.host.ConnectorHost;
import io.millwright.connect.host.MachineStatus;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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

  /** Registers the meters of every machine the connectors role hosts, if it runs here. */
  public void register(ModuleManager manager) {
    manager.service(ConnectorsRole.HOST).ifPresent(this::register);
  }

  private void register(ConnectorHost host) {
    for (MachineStatus machine : host.machines()) {
      String id = machine.machine().id();
      Tags tags = Tags.of("machine", id, "protocol", machine.machine().protocol().configName());
      counter(
          host, id, tags, "millwright.machine.samples", "samples read", ConnectorStats::samples);
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
  }

  private void counter(
      ConnectorHost host,
      String id,
      Tags tags,
      String name,
      String description,
      ToDoubleFunction<ConnectorStats> value) {
    FunctionCounter.builder(name, host, h -> value.applyAsDouble(h.stats(id)))
        .description(description)
        .tags(tags)
        .register(meters);
  }

  private void gauge(
      ConnectorHost host,
      String id,
      Tags tags,
      String name,
      String description,
      ToDoubleFunction<ConnectorStats> value) {
    Gauge.builder(name, host, h -> value.applyAsDouble(h.stats(id)))
        .description(description)
        .tags(tags)
        .register(meters);
  }
}
