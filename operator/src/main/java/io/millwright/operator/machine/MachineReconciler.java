package io.millwright.operator.machine;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.operator.Informers;
import io.millwright.operator.Statuses;
import io.millwright.operator.site.Site;
import io.millwright.operator.site.SitePlan;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Keeps a {@code Machine}'s status: Invalid with the reason when its definition cannot run (its
 * connector is then not deployed, nothing else is touched), otherwise what its connector pod
 * reports. Looks again every {@link #HEALTH_INTERVAL}.
 */
@ControllerConfiguration(name = "machine")
public final class MachineReconciler implements Reconciler<Machine> {

  static final Duration HEALTH_INTERVAL = Duration.ofSeconds(30);

  private final MachineValidation validation;
  private final ConnectorHealth health;

  public MachineReconciler(MachineValidation validation, ConnectorHealth health) {
    this.validation = validation;
    this.health = health;
  }

  /** The Sites: a Machine may only name a reason table its namespace's Site has. */
  private volatile InformerEventSource<Site, Machine> sites;

  @Override
  public List<EventSource<?, Machine>> prepareEventSources(EventSourceContext<Machine> context) {
    sites = Informers.specChangesInNamespace(Site.class, Machine.class, "sites", context);
    return List.of(sites);
  }

  /** The Site of a namespace: the oldest, as the Site reconciler decides; null for none. */
  private Site site(String namespace) {
    if (sites == null) {
      return null;
    }
    return sites
        .list(namespace)
        .min(
            Comparator.comparing(
                    (Site s) ->
                        s.getMetadata().getCreationTimestamp() == null
                            ? ""
                            : s.getMetadata().getCreationTimestamp())
                .thenComparing(s -> s.getMetadata().getName()))
        .orElse(null);
  }

  @Override
  public UpdateControl<Machine> reconcile(Machine machine, Context<Machine> context) {
    MachineStatus status = new MachineStatus();
    status.observedGeneration = machine.getMetadata().getGeneration();
    String namespace = machine.getMetadata().getNamespace();
    String problem = problem(machine, context);
    if (problem != null) {
      status.phase = "Invalid";
      status.message = problem;
      status.conditions.add(condition("Valid", false, "Invalid", problem));
    } else {
      status.conditions.add(condition("Valid", true, "Valid", "the definition is valid"));
      Optional<ConnectorHealth.Figures> figures = health.of(namespace, machine.machineId());
      if (figures.isEmpty()) {
        status.phase = "Pending";
        status.message = "no running connector pod reports this machine yet";
        status.conditions.add(condition("Connected", false, "NoConnector", status.message));
      } else {
        ConnectorHealth.Figures f = figures.get();
        status.connector = f.pod();
        status.connected = f.connected();
        status.lastSample =
            f.lastGoodRead() == null
                ? null
                : f.lastGoodRead().truncatedTo(ChronoUnit.SECONDS).toString();
        status.samplesPerSecond =
            f.samplesPerSecond() == null ? null : Math.round(f.samplesPerSecond() * 10) / 10.0;
        status.phase = f.connected() ? "Running" : "Disconnected";
        status.conditions.add(
            condition(
                "Connected",
                f.connected(),
                f.connected() ? "Connected" : "LinkDown",
                f.connected()
                    ? "the connector reads the machine"
                    : "the connector cannot reach the machine"));
      }
    }
    MachineStatus previous = machine.getStatus();
    Statuses.keepTransitionTimes(previous == null ? null : previous.conditions, status.conditions);
    UpdateControl<Machine> control;
    if (Statuses.same(previous, status)) {
      control = UpdateControl.noUpdate();
    } else {
      machine.setStatus(status);
      control = UpdateControl.patchStatus(machine);
    }
    // Invalid machines are looked at again too: the Machine that held their id may be gone.
    return control.rescheduleAfter(HEALTH_INTERVAL);
  }

  /** Null when the machine can run; else why not, naming the field. */
  private String problem(Machine machine, Context<Machine> context) {
    MachineDefinition definition;
    try {
      definition = validation.definition(machine);
    } catch (DefinitionException e) {
      return e.getMessage();
    }
    String name = machine.getMetadata().getName();
    Optional<Machine> clash =
        context
            .getPrimaryCache()
            .list(machine.getMetadata().getNamespace())
            .filter(m -> !m.getMetadata().getName().equals(name))
            .filter(m -> m.machineId().equals(definition.id()))
            // The first by name keeps the id, as the Site's plan decides.
            .filter(m -> m.getMetadata().getName().compareTo(name) < 0)
            .filter(this::valid)
            .findFirst();
    return clash
        .map(
            m ->
                "spec.id: machine id \""
                    + definition.id()
                    + "\" is already used by Machine "
                    + m.getMetadata().getName())
        .orElseGet(
            () -> SitePlan.siteProblem(site(machine.getMetadata().getNamespace()), definition));
  }

  private boolean valid(Machine machine) {
    try {
      MachineDefinition d = validation.definition(machine);
      return SitePlan.siteProblem(site(machine.getMetadata().getNamespace()), d) == null;
    } catch (DefinitionException e) {
      return false;
    }
  }

  private static Condition condition(String type, boolean ok, String reason, String message) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(ok ? "True" : "False")
        .withReason(reason)
        .withMessage(message)
        .withLastTransitionTime(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
        .build();
  }
}
