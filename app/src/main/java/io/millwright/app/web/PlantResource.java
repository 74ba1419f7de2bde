package io.millwright.app.web;

import io.millwright.app.Launch;
import io.millwright.app.http.LiveStreams;
import io.millwright.web.plant.LiveValue;
import io.millwright.web.plant.MachineTile;
import io.millwright.web.plant.PlantView;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The plant as the namespace shows it: every machine's tile (state, job, OEE, counts, alarms) and
 * live values, with server-sent event streams of what changed. Streams send at most twice a second:
 * a tile that changed three times in between is sent once, as it is now.
 */
@Path("/api/v1/plant")
@Produces(MediaType.APPLICATION_JSON)
public class PlantResource {

  static final Duration TICK = Duration.ofMillis(500);

  /**
   * What a stream sends: the tiles or values that changed, the machines removed since (tiles only),
   * and the version they are as of.
   */
  public record Changes<T>(long version, List<T> items, List<String> removed) {

    Changes(long version, List<T> items) {
      this(version, items, List.of());
    }
  }

  @GET
  @Operation(summary = "Every machine's tile: link, state, current job, shift OEE, active alarms")
  public Map<String, Object> plant() {
    PlantView view = view();
    long version = view.version();
    return Map.of("version", version, "machines", view.tiles());
  }

  @GET
  @Path("/stream")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Server-sent events: first every tile, then the tiles that changed",
      description =
          "Each event is {version, items, removed}: the tiles that changed and the ids of machines"
              + " removed; a reconnecting client gets every tile again. After 10 s without a"
              + " change an event with no items says the stream is alive.")
  public Multi<Changes<MachineTile>> stream() {
    PlantView view = view();
    AtomicLong sent = new AtomicLong(-1);
    return live(
        view::version,
        () -> {
          long now = view.version();
          boolean first = sent.get() < 0;
          List<MachineTile> items = first ? view.tiles() : view.tilesSince(sent.get());
          List<String> removed = first ? List.of() : view.removedSince(sent.get());
          sent.set(now);
          return items.isEmpty() && removed.isEmpty() && !first
              ? null
              : new Changes<>(now, items, removed);
        });
  }

  @GET
  @Path("/machines/{id}/values")
  @Operation(summary = "A machine's latest value of every tag, with quality and time")
  public List<LiveValue> values(@PathParam("id") String id) {
    return view().values(id).orElseThrow(() -> noMachine(id));
  }

  @GET
  @Path("/machines/{id}/stream")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.APPLICATION_JSON)
  @Operation(summary = "Server-sent events: first every value of the machine, then what changed")
  public Multi<Changes<LiveValue>> valueStream(@PathParam("id") String id) {
    PlantView view = view();
    if (view.values(id).isEmpty()) {
      throw noMachine(id);
    }
    AtomicLong sent = new AtomicLong(-1);
    return live(
        view::version,
        () -> {
          long now = view.version();
          List<LiveValue> items = view.valuesSince(id, Math.max(0, sent.get()));
          boolean first = sent.getAndSet(now) < 0;
          return items.isEmpty() && !first ? null : new Changes<>(now, items);
        });
  }

  /**
   * Ticks, sends what {@code next} finds (null: nothing changed), an empty change after {@link
   * LiveStreams#HEARTBEAT} of silence, and ends when the client goes or the process stops.
   */
  private static <T> Multi<Changes<T>> live(LongSupplier version, Supplier<Changes<T>> next) {
    return Multi.createFrom()
        .<Changes<T>>emitter(
            emitter -> {
              Runnable forget = LiveStreams.open(emitter::complete);
              AtomicLong lastSent = new AtomicLong(System.nanoTime());
              var ticks =
                  Multi.createFrom()
                      .ticks()
                      .startingAfter(Duration.ofMillis(1))
                      .every(TICK)
                      .subscribe()
                      .with(
                          tick -> {
                            if (emitter.isCancelled() || emitter.requested() == 0) {
                              return; // a slow client: what changed meanwhile goes next time
                            }
                            Changes<T> changes = next.get();
                            long now = System.nanoTime();
                            if (changes == null
                                && now - lastSent.get() >= LiveStreams.HEARTBEAT.toNanos()) {
                              changes = new Changes<>(version.getAsLong(), List.of());
                            }
                            if (changes != null) {
                              lastSent.set(now);
                              emitter.emit(changes);
                            }
                          },
                          emitter::fail);
              emitter.onTermination(
                  () -> {
                    ticks.cancel();
                    forget.run();
                  });
            });
  }

  private static PlantView view() {
    return Launch.current()
        .manager()
        .service(WebRole.PLANT)
        .orElseThrow(() -> new NotFoundException("this process does not run the web role"));
  }

  private static NotFoundException noMachine(String id) {
    return new NotFoundException("no machine \"" + id + "\" in this plant");
  }
}
