package io.millwright.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Objects;
import java.util.stream.Collectors;

/** The event sources the controllers share. */
public final class Informers {

  private Informers() {}

  /**
   * Watches {@code watched} resources for the {@code primary} resources of the same namespace
   * (Machines for a Site, Sites for a Machine). Only spec changes count: a status changes often
   * (health, readiness) and concerns no one else.
   */
  public static <W extends HasMetadata, P extends HasMetadata>
      InformerEventSource<W, P> specChangesInNamespace(
          Class<W> watched, Class<P> primary, String name, EventSourceContext<P> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(watched, primary)
            .withName(name)
            .withNamespacesInheritedFromController()
            .withOnUpdateFilter(
                (updated, old) ->
                    !Objects.equals(
                        updated.getMetadata().getGeneration(), old.getMetadata().getGeneration()))
            .withSecondaryToPrimaryMapper(
                (W w) ->
                    context
                        .getPrimaryCache()
                        .list(w.getMetadata().getNamespace())
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .build(),
        context);
  }
}
