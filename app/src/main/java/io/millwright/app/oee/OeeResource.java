package io.millwright.app.oee;

import io.millwright.app.Launch;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.historian.query.TimeRange;
import io.millwright.oee.calendar.ShiftInstance;
import io.millwright.oee.engine.LiveFigures;
import io.millwright.oee.engine.OeeEngine;
import io.millwright.oee.live.OeeService;
import io.millwright.oee.reason.Reason;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * OEE per machine, line and site: live for the current shift, or for any range, whole or per shift.
 * Ranges are ISO-8601 or relative ({@code -7d}); mistakes are 400s naming the parameter.
 */
@Path("/api/v1/oee")
@Produces(MediaType.APPLICATION_JSON)
public class OeeResource {

  /** Per-shift breakdowns list at most this many shifts. */
  static final int MAX_SHIFTS = 400;

  @GET
  @Operation(
      summary = "The current shift: the site, every line and every machine, recomputed each second")
  public OeeApi.Live live() {
    LiveFigures live =
        service()
            .live()
            .orElseThrow(
                () -> new ServiceUnavailableException("the first computation is still due"));
    List<OeeApi.Named> lines = new ArrayList<>();
    live.lines().forEach((name, f) -> lines.add(new OeeApi.Named(name, OeeApi.figures(f))));
    List<OeeApi.Named> machines = new ArrayList<>();
    for (MachineDefinition m : engine().followed()) {
      machines.add(new OeeApi.Named(m.id(), OeeApi.figures(live.machines().get(m.id()))));
    }
    lines.sort(Comparator.comparing(OeeApi.Named::name));
    return new OeeApi.Live(
        OeeApi.shift(live.shift()),
        Instant.ofEpochMilli(live.atMillis()),
        OeeApi.figures(live.site()),
        lines,
        machines);
  }

  @GET
  @Path("/site")
  @Operation(
      summary = "OEE of the whole site over a range (default: the current shift so far)",
      description = "by=shift gives one entry per shift instead of one for the whole range.")
  public Object site(
      @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("by") String by) {
    return figures(d -> true, from, to, by);
  }

  @GET
  @Path("/lines/{area}/{line}")
  @Operation(summary = "OEE of one line (or cell) over a range (default: the current shift so far)")
  public Object line(
      @PathParam("area") String area,
      @PathParam("line") String line,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("by") String by) {
    Predicate<MachineDefinition> which = d -> d.area().equals(area) && d.line().equals(line);
    if (engine().followed().stream().noneMatch(which)) {
      throw new NotFoundException("no followed machine is on line " + area + "/" + line);
    }
    return figures(which, from, to, by);
  }

  @GET
  @Path("/machines/{machine}")
  @Operation(summary = "OEE of one machine over a range (default: the current shift so far)")
  public Object machine(
      @PathParam("machine") String machine,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("by") String by) {
    StatesResource.requireFollowed(engine(), machine);
    return figures(d -> d.id().equals(machine), from, to, by);
  }

  @GET
  @Path("/reasons")
  @Operation(summary = "The site's stop reason tables: code and label, by table name")
  public Map<String, List<Reason>> reasons() {
    Map<String, List<Reason>> out = new LinkedHashMap<>();
    for (String table : engine().reasons().names()) {
      out.put(table, engine().reasons().table(table));
    }
    return out;
  }

  private Object figures(Predicate<MachineDefinition> which, String from, String to, String by) {
    OeeEngine engine = engine();
    long now = System.currentTimeMillis();
    TimeRange range = range(engine, from, to, now);
    if (by == null || by.isBlank()) {
      return OeeApi.figures(engine.figures(which, range.from(), range.to(), now));
    }
    if (!by.equals("shift")) {
      throw new BadRequestException("by must be shift, not \"" + by + "\"");
    }
    List<ShiftInstance> shifts = engine.calendar().shifts(range.from(), range.to());
    if (shifts.size() > MAX_SHIFTS) {
      throw new BadRequestException(
          "the range holds " + shifts.size() + " shifts; ask for at most " + MAX_SHIFTS);
    }
    List<OeeApi.ShiftFigures> out = new ArrayList<>();
    for (ShiftInstance s : shifts) {
      long a = Math.max(s.startMillis(), range.from());
      long b = Math.min(s.endMillis(), range.to());
      if (a < b) {
        out.add(
            new OeeApi.ShiftFigures(
                OeeApi.shift(s), OeeApi.figures(engine.figures(which, a, b, now))));
      }
    }
    return out;
  }

  /** The asked range, or the current shift so far when neither end is given. */
  static TimeRange range(OeeEngine engine, String from, String to, long now) {
    if (from == null && to == null) {
      ShiftInstance shift =
          engine
              .currentShift(now)
              .orElseThrow(() -> new NotFoundException("the calendar has no shift near now"));
      return new TimeRange(
          shift.startMillis(), Math.max(shift.startMillis() + 1, Math.min(now, shift.endMillis())));
    }
    try {
      return TimeRange.parse(from, to, Duration.ofHours(8), Instant.ofEpochMilli(now));
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(e.getMessage());
    }
  }

  static OeeService service() {
    return Launch.current()
        .manager()
        .service(OeeRole.SERVICE)
        .orElseThrow(() -> new NotFoundException("this process does not run the oee role"));
  }

  static OeeEngine engine() {
    return service().engine();
  }
}
