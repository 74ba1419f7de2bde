package io.millwright.app.oee;

import io.millwright.core.machine.MachineDefinition;
import io.millwright.historian.query.TimeRange;
import io.millwright.oee.engine.OeeEngine;
import io.millwright.oee.engine.Stop;
import io.quarkus.security.identity.SecurityIdentity;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Machine states now, their timelines, the downtime list, and operators' classification of stops
 * the machine gave no reason for.
 */
@Path("/api/v1/states")
@Produces(MediaType.APPLICATION_JSON)
public class StatesResource {

  static final int MAX_COMMENT = 2_000;

  @Inject SecurityIdentity identity;

  @GET
  @Operation(summary = "Every followed machine's state now, with its reason and since when")
  public List<OeeApi.Status> all() {
    return OeeResource.engine().statuses().stream().map(OeeApi::status).toList();
  }

  @GET
  @Path("/{machine}")
  @Operation(summary = "One machine's state now")
  public OeeApi.Status one(@PathParam("machine") String machine) {
    return OeeResource.engine()
        .status(machine)
        .map(OeeApi::status)
        .orElseThrow(() -> notFollowed(machine));
  }

  @GET
  @Path("/{machine}/timeline")
  @Operation(
      summary =
          "A machine's states over a range (default: the current shift so far), in time order")
  public List<OeeApi.TimelineEntry> timeline(
      @PathParam("machine") String machine,
      @QueryParam("from") String from,
      @QueryParam("to") String to) {
    OeeEngine engine = OeeResource.engine();
    MachineDefinition d = requireFollowed(engine, machine);
    long now = System.currentTimeMillis();
    TimeRange range = OeeResource.range(engine, from, to, now);
    long micro = d.states().orElseThrow().microStop().toMillis();
    return engine.segments(machine, range.from(), range.to(), now).stream()
        .map(s -> OeeApi.timeline(s, micro))
        .toList();
  }

  @GET
  @Path("/{machine}/stops")
  @Operation(
      summary = "A machine's stops that began in a range (default: the current shift so far)",
      description = "micro=false leaves micro-stops out.")
  public List<OeeApi.StopEntry> stops(
      @PathParam("machine") String machine,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("micro") Boolean micro) {
    OeeEngine engine = OeeResource.engine();
    requireFollowed(engine, machine);
    long now = System.currentTimeMillis();
    TimeRange range = OeeResource.range(engine, from, to, now);
    return engine.stops(machine, range.from(), range.to(), now).stream()
        .filter(s -> micro == null || micro || !s.micro())
        .map(OeeApi::stop)
        .toList();
  }

  @POST
  @Path("/{machine}/stops/{start}/classification")
  @RolesAllowed("operator")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Gives a reason to a stop the machine reported none for",
      description =
          "start is the stop's start as listed by /stops (ISO-8601). The reason must be in the"
              + " machine's reason table; the figures include it at once. 404: no such stop; 409:"
              + " the machine gave the stop its own reason.")
  public OeeApi.Classification classify(
      @PathParam("machine") String machine,
      @PathParam("start") String start,
      OeeApi.ClassifyRequest body) {
    OeeEngine engine = OeeResource.engine();
    requireFollowed(engine, machine);
    if (body == null || body.reason() == null) {
      throw new BadRequestException(
          "reason is missing: give the reason code, e.g. {\"reason\": 120}");
    }
    String comment = body.comment() == null ? "" : body.comment().strip();
    if (comment.length() > MAX_COMMENT) {
      throw new BadRequestException("comment is longer than " + MAX_COMMENT + " characters");
    }
    long stopStart;
    try {
      stopStart = Instant.parse(start).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new BadRequestException(
          "start \"" + start + "\" is not an ISO-8601 instant such as 2025-03-03T09:12:00Z");
    }
    String user = identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    try {
      Stop.Classification c =
          engine.classify(
              machine, stopStart, body.reason(), user, comment, System.currentTimeMillis());
      return new OeeApi.Classification(
          c.code(), c.label(), c.user(), c.comment(), Instant.ofEpochMilli(c.atMillis()));
    } catch (OeeEngine.ClassificationException e) {
      throw switch (e.kind()) {
        case NO_SUCH_STOP -> new NotFoundException(e.getMessage());
        case HAS_REASON -> new ClientErrorException(e.getMessage(), Response.Status.CONFLICT);
        case UNKNOWN_REASON -> new BadRequestException(e.getMessage());
      };
    }
  }

  static MachineDefinition requireFollowed(OeeEngine engine, String machine) {
    return engine.followed().stream()
        .filter(d -> d.id().equals(machine))
        .findFirst()
        .orElseThrow(() -> notFollowed(machine));
  }

  private static NotFoundException notFollowed(String machine) {
    List<String> ids = OeeResource.engine().machineIds();
    String some =
        ids.size() <= 20
            ? String.join(", ", ids)
            : String.join(", ", ids.subList(0, 20)) + " and " + (ids.size() - 20) + " more";
    return new NotFoundException(
        "no machine \"" + machine + "\" with a state model; the role follows " + some);
  }
}
