package io.millwright.app.alarms;

import io.millwright.alarms.engine.AlarmEngine;
import io.millwright.alarms.engine.AlarmState;
import io.millwright.alarms.engine.AlarmView;
import io.millwright.alarms.engine.Transition;
import io.millwright.alarms.journal.HistoryQuery;
import io.millwright.alarms.kpi.AlarmKpis;
import io.millwright.alarms.kpi.AreaKpis;
import io.millwright.alarms.live.AlarmService;
import io.millwright.alarms.notify.EventJson;
import io.millwright.app.Launch;
import io.millwright.app.http.LiveStreams;
import io.millwright.core.alarm.AlarmPriority;
import io.millwright.core.machine.DefinitionException;
import io.millwright.core.time.Durations;
import io.millwright.historian.query.TimeRange;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * Alarms now, their history and definitions, the alarm-rate KPIs, the live stream, and what
 * operators do with alarms: acknowledge, shelve, take out of service. Every action is journaled
 * with the signed-in user.
 */
@Path("/api/v1/alarms")
@Produces(MediaType.APPLICATION_JSON)
public class AlarmsResource {

  /** Events a stream holds for a client that is behind before it lets the client go. */
  static final int SLOW_CLIENT_EVENTS = 256;

  static final int MAX_COMMENT = 1_000;

  /** The states an operator's alarm list shows: the ones that need attention. */
  static final Set<AlarmState> SHOWN =
      EnumSet.of(
          AlarmState.UNACKNOWLEDGED, AlarmState.ACKNOWLEDGED, AlarmState.RETURNED_UNACKNOWLEDGED);

  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

  @Inject SecurityIdentity identity;

  @GET
  @Operation(
      summary = "Alarms that need attention, most urgent first",
      description =
          "By default active and returned-unacknowledged alarms. state=all (or a comma list of"
              + " states: shelved, suppressed, out-of-service, normal...) widens it; area, machine"
              + " and priority (the least urgent to include) narrow it.")
  public List<AlarmsApi.Alarm> active(
      @QueryParam("area") String area,
      @QueryParam("machine") String machine,
      @QueryParam("priority") String priority,
      @QueryParam("state") String state) {
    Set<AlarmState> states = states(state);
    Optional<AlarmPriority> least = priority(priority);
    return service().views().stream()
        .filter(v -> states.contains(v.state()))
        .filter(v -> area == null || v.area().equals(area))
        .filter(v -> machine == null || v.machine().equals(machine))
        .filter(v -> least.isEmpty() || v.priority().compareTo(least.get()) >= 0)
        .sorted(
            Comparator.comparing(AlarmView::priority)
                .reversed()
                .thenComparing(Comparator.comparingLong(AlarmView::sinceMillis).reversed()))
        .map(AlarmsApi::alarm)
        .toList();
  }

  @GET
  @Path("/history")
  @Operation(
      summary = "Journal entries, newest first",
      description =
          "from/to as ISO-8601 or relative (-8h; default the last 24 h); machine, area, alarm,"
              + " priority (least urgent), transition narrow it; before=seq and limit (default"
              + " 500, at most 10000) page through it.")
  public List<AlarmsApi.Entry> history(
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("machine") String machine,
      @QueryParam("area") String area,
      @QueryParam("alarm") String alarm,
      @QueryParam("priority") String priority,
      @QueryParam("transition") String transition,
      @QueryParam("before") Long before,
      @QueryParam("limit") Integer limit) {
    TimeRange range = range(from, to);
    Optional<Transition> t;
    try {
      t = Optional.ofNullable(transition).map(Transition::parse);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(e.getMessage());
    }
    int n = limit == null ? 500 : limit;
    if (n < 1 || n > HistoryQuery.MAX_LIMIT) {
      throw new BadRequestException("limit must be between 1 and " + HistoryQuery.MAX_LIMIT);
    }
    HistoryQuery q =
        new HistoryQuery(
            range.from(),
            range.to(),
            Optional.ofNullable(machine),
            Optional.ofNullable(area),
            Optional.ofNullable(alarm),
            priority(priority),
            t,
            before == null ? 0 : before,
            n);
    return service().journal().history(q).stream().map(AlarmsApi::entry).toList();
  }

  @GET
  @Path("/definitions")
  @Operation(summary = "Every alarm the site has, as defined (patterns expanded)")
  public List<AlarmsApi.Definition> definitions() {
    return service().engine().specs().stream().map(AlarmsApi::definition).toList();
  }

  @GET
  @Path("/kpis")
  @Operation(
      summary = "ISA-18.2 alarm-rate KPIs per area",
      description =
          "Alarms per operator per 10 minutes, the peak 10 minutes, the share of 10-minute"
              + " periods in flood (more than 10 per operator), the most frequent, chattering and"
              + " stale alarms; from/to as for history (default the last 24 h, at most 31 days).")
  public List<AreaKpis> kpis(@QueryParam("from") String from, @QueryParam("to") String to) {
    TimeRange range = range(from, to);
    if (range.to() - range.from() > Duration.ofDays(31).toMillis()) {
      throw new BadRequestException("a KPI range may be at most 31 days");
    }
    AlarmService s = service();
    return AlarmKpis.compute(
        s.journal().activations(range.from(), range.to()),
        range.from(),
        range.to(),
        Launch.current().config().alarms().operators(),
        s.views(),
        System.currentTimeMillis());
  }

  @GET
  @Path("/stream")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Every transition as it is journaled, as server-sent events",
      description =
          "A client more than 256 events behind is disconnected (the journal loses nothing); on"
              + " reconnecting, or when the seq shows a gap, it should re-read /api/v1/alarms. An"
              + " empty object every 10 s says the stream is alive.")
  public Multi<String> stream() {
    AlarmService s = service();
    return Multi.createFrom()
        .<String>emitter(
            emitter -> {
              AutoCloseable handle = s.listen(e -> emitter.emit(EventJson.json(e)));
              Runnable forget = LiveStreams.open(emitter::complete);
              // Alarms can be quiet for hours: an empty event every LiveStreams.HEARTBEAT tells a
              // browser the stream is alive.
              var heartbeat =
                  Multi.createFrom()
                      .ticks()
                      .every(LiveStreams.HEARTBEAT)
                      .subscribe()
                      .with(tick -> emitter.emit("{}"), emitter::fail);
              emitter.onTermination(
                  () -> {
                    heartbeat.cancel();
                    forget.run();
                    close(handle);
                  });
            },
            // Room for bursts (a fault raises several alarms at once): the response takes one
            // event at a time, and dropping whatever came while one was being written lost them.
            // A client that falls this far behind is let go; it reconnects and re-reads.
            SLOW_CLIENT_EVENTS)
        .onFailure(BackPressureFailure.class)
        .recoverWithCompletion();
  }

  @GET
  @Path("/{machine}/{alarm}")
  @Operation(summary = "One alarm as it stands")
  public AlarmsApi.Alarm one(
      @PathParam("machine") String machine, @PathParam("alarm") String alarm) {
    String id = machine + "/" + alarm;
    return service().views().stream()
        .filter(v -> v.id().equals(id))
        .findFirst()
        .map(AlarmsApi::alarm)
        .orElseThrow(() -> new NotFoundException("no alarm " + id));
  }

  @POST
  @Path("/{machine}/{alarm}/ack")
  @RolesAllowed("operator")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Acknowledges an alarm (409 when it owes no acknowledgement)")
  public AlarmsApi.Alarm acknowledge(
      @PathParam("machine") String machine, @PathParam("alarm") String alarm, AlarmsApi.Note body) {
    String comment = comment(body == null ? null : body.comment(), false);
    return run(machine, alarm, (e, id, user, now) -> e.acknowledge(id, user, comment, now));
  }

  @POST
  @Path("/{machine}/{alarm}/shelve")
  @RolesAllowed("operator")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Shelves an alarm for a while, with the reason",
      description =
          "duration up to 24h, e.g. \"30m\"; comment required. 409 when suppressed or out of service.")
  public AlarmsApi.Alarm shelve(
      @PathParam("machine") String machine,
      @PathParam("alarm") String alarm,
      AlarmsApi.Shelve body) {
    if (body == null || body.duration() == null) {
      throw new BadRequestException(
          "duration is missing, e.g. {\"duration\": \"30m\", \"comment\": \"…\"}");
    }
    Duration d;
    try {
      d = Durations.parse(body.duration());
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("duration: " + e.getMessage());
    }
    String comment = comment(body.comment(), true);
    return run(machine, alarm, (e, id, user, now) -> e.shelve(id, d, user, comment, now));
  }

  @POST
  @Path("/{machine}/{alarm}/unshelve")
  @RolesAllowed("operator")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Ends an alarm's shelving early (409 when it is not shelved)")
  public AlarmsApi.Alarm unshelve(
      @PathParam("machine") String machine, @PathParam("alarm") String alarm, AlarmsApi.Note body) {
    String comment = comment(body == null ? null : body.comment(), false);
    return run(machine, alarm, (e, id, user, now) -> e.unshelve(id, user, comment, now));
  }

  @POST
  @Path("/{machine}/{alarm}/out-of-service")
  @RolesAllowed("engineer")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Takes an alarm out of service, with the reason (comment required)")
  public AlarmsApi.Alarm outOfService(
      @PathParam("machine") String machine, @PathParam("alarm") String alarm, AlarmsApi.Note body) {
    String comment = comment(body == null ? null : body.comment(), true);
    return run(machine, alarm, (e, id, user, now) -> e.outOfService(id, true, user, comment, now));
  }

  @POST
  @Path("/{machine}/{alarm}/return-to-service")
  @RolesAllowed("engineer")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Returns an alarm to service")
  public AlarmsApi.Alarm returnToService(
      @PathParam("machine") String machine, @PathParam("alarm") String alarm, AlarmsApi.Note body) {
    String comment = comment(body == null ? null : body.comment(), false);
    return run(machine, alarm, (e, id, user, now) -> e.outOfService(id, false, user, comment, now));
  }

  /** One operator action on the engine. */
  private interface Action {
    void apply(AlarmEngine engine, String id, String user, long now);
  }

  private AlarmsApi.Alarm run(String machine, String alarm, Action action) {
    String id = machine + "/" + alarm;
    String user = identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    Consumer<AlarmEngine> command = e -> action.apply(e, id, user, System.currentTimeMillis());
    try {
      return AlarmsApi.alarm(
          service().command(id, command).get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    } catch (ExecutionException e) {
      throw switch (e.getCause()) {
        case AlarmService.Unavailable u -> new ServiceUnavailableException(u.getMessage());
        case NoSuchElementException n -> new NotFoundException(n.getMessage());
        case IllegalArgumentException a -> new BadRequestException(a.getMessage());
        case IllegalStateException s ->
            new ClientErrorException(s.getMessage(), Response.Status.CONFLICT);
        default -> new IllegalStateException(e.getCause());
      };
    } catch (TimeoutException e) {
      throw new ServiceUnavailableException("the alarm engine did not answer in time");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServiceUnavailableException("interrupted");
    }
  }

  private static String comment(String text, boolean required) {
    String c = text == null ? "" : text.strip();
    if (required && c.isEmpty()) {
      throw new BadRequestException("comment is missing: say why, it goes into the journal");
    }
    if (c.length() > MAX_COMMENT) {
      throw new BadRequestException("comment is longer than " + MAX_COMMENT + " characters");
    }
    return c;
  }

  private static Set<AlarmState> states(String text) {
    if (text == null || text.isBlank()) {
      return SHOWN;
    }
    if (text.equals("all")) {
      return EnumSet.allOf(AlarmState.class);
    }
    Set<AlarmState> out = EnumSet.noneOf(AlarmState.class);
    try {
      Arrays.stream(text.split(",")).map(String::strip).map(AlarmState::parse).forEach(out::add);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("state: " + e.getMessage());
    }
    return out;
  }

  private static Optional<AlarmPriority> priority(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(AlarmPriority.parse(text));
    } catch (DefinitionException e) {
      throw new BadRequestException(e.getMessage());
    }
  }

  private static TimeRange range(String from, String to) {
    try {
      return TimeRange.parse(from, to, Duration.ofHours(24), java.time.Instant.now());
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(e.getMessage());
    }
  }

  private static void close(AutoCloseable handle) {
    try {
      handle.close();
    } catch (Exception e) {
      // removing a listener cannot fail in a way worth reporting
    }
  }

  static AlarmService service() {
    return Launch.current()
        .manager()
        .service(AlarmsRole.SERVICE)
        .orElseThrow(() -> new NotFoundException("this process does not run the alarms role"));
  }
}
